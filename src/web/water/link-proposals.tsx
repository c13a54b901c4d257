import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { api } from "../app/api.js";
import { formatDate, formatDateTime } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { EmptyState, Loaded, nameOf, useLoad, useSubmit } from "../app/ui.js";
import type { LinkProposal } from "./api.js";

const STATUSES = ["proposed", "confirmed", "refused", "ended", "all"] as const;

/**
 * The municipality's side of the joint management model: water providers' proposals to link their
 * water users to people of this register. The clerk confirms or refuses (with a reason), or ends a
 * confirmed link; while it is confirmed the provider sees the household's vulnerability flags only.
 */
export default function LinkProposalsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "proposed";
  const list = useLoad(
    () => api<LinkProposal[]>("GET", `/api/registry/link-proposals?status=${status}`),
    status,
  );
  const act = useSubmit(() => list.reload());
  const locale = currentLocale();
  const reasonFor = (key: string) => window.prompt(t(key))?.trim();
  return (
    <section>
      <h1>{t("wu.proposals.title")}</h1>
      <p className="muted">{t("wu.proposals.explain")}</p>
      <div className="filters">
        <label className="field">
          <span className="field-label">{t("wu.status")}</span>
          <select value={status} onChange={(e) => setParams({ status: e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "all" ? t("reg.all") : t(`wu.link.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {act.message}
      <Loaded state={list}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState />
          ) : (
            <ul className="proposals">
              {items.map((p) => (
                <li key={p.id} className="card">
                  <p>
                    <strong>{nameOf(p.provider.name)}</strong> · {t("wu.proposals.user")} №{" "}
                    {p.waterUser.number} {p.waterUser.displayName}{" "}
                    {p.waterUser.pin && <span className="muted">({p.waterUser.pin})</span>}
                  </p>
                  <p>
                    {t("wu.proposals.person")}:{" "}
                    {p.person.householdId ? (
                      <Link to={`/register/households/${p.person.householdId}`}>
                        {p.person.name}, {t("reg.householdNumber", { number: p.person.householdNumber })}
                      </Link>
                    ) : (
                      p.person.name
                    )}{" "}
                    {p.person.birthDate && (
                      <span className="muted">{formatDate(p.person.birthDate, locale)}</span>
                    )}
                  </p>
                  <p className="muted">
                    <span className="badge">{t(`wu.link.status.${p.status}`)}</span>{" "}
                    {t("wu.proposals.proposedAt", { at: formatDateTime(p.proposedAt, locale) })}
                    {p.reason && ` · ${p.reason}`}
                  </p>
                  <div className="actions">
                    {p.status === "proposed" && (
                      <>
                        <button
                          type="button"
                          className="primary"
                          onClick={() =>
                            void act.send("POST", `/api/registry/link-proposals/${p.id}/decision`, {
                              decision: "confirm",
                              version: p.version,
                            })
                          }
                        >
                          {t("wu.proposals.confirm")}
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            const reason = reasonFor("wu.proposals.refuseReason");
                            if (reason)
                              void act.send("POST", `/api/registry/link-proposals/${p.id}/decision`, {
                                decision: "refuse",
                                reason,
                                version: p.version,
                              });
                          }}
                        >
                          {t("wu.proposals.refuse")}
                        </button>
                      </>
                    )}
                    {p.status === "confirmed" && (
                      <button
                        type="button"
                        onClick={() => {
                          const reason = reasonFor("wu.link.endReason");
                          if (reason)
                            void act.send("POST", `/api/registry/link-proposals/${p.id}/end`, {
                              reason,
                              version: p.version,
                            });
                        }}
                      >
                        {t("wu.link.end")}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
