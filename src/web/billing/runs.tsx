import { useTranslation } from "react-i18next";
import { api } from "../app/api.js";
import { formatDate, formatMoney } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { EmptyState, Loaded, useLoad, useSavedNotice, useSubmit } from "../app/ui.js";
import type { Run, Season } from "./api.js";
import { BillingTabs } from "./tabs.js";

/** Billing runs per season, and closing a season. */
export default function RunsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const seasons = useLoad(() => api<Season[]>("GET", "/api/billing/seasons"), "");
  const runs = useLoad(() => api<Run[]>("GET", "/api/billing/runs"), "");
  const seasonName = (id: string) => seasons.data?.find((s) => s.id === id)?.name ?? "";
  const { notice, saved, clear } = useSavedNotice();
  const { send, message, busy } = useSubmit((said) => {
    saved(said);
    seasons.reload();
    runs.reload();
  });
  const act = (path: string, body?: unknown) => {
    clear();
    void send("POST", path, body);
  };
  const run = (s: Season) => act("/api/billing/runs", { seasonId: s.id });
  const close = (s: Season) =>
    window.confirm(t("billing.run.confirmClose")) && act(`/api/billing/seasons/${s.id}/close`);

  return (
    <section>
      <h1>{t("billing.nav.runs")}</h1>
      <BillingTabs />
      {message}
      {notice}
      <Loaded state={seasons}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <tbody>
                  {data.map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>
                        {formatDate(s.startsOn, locale)} – {formatDate(s.endsOn, locale)}
                      </td>
                      <td>{s.closed ? t("billing.run.closed") : t("billing.run.open")}</td>
                      <td>
                        {can("billing.write") && (
                          <button type="button" disabled={busy} aria-busy={busy} onClick={() => run(s)}>
                            {t("billing.run.start")}
                          </button>
                        )}{" "}
                        {can("billing.close") && !s.closed && (
                          <button type="button" className="link" disabled={busy} onClick={() => close(s)}>
                            {t("billing.run.close")}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <Loaded state={runs}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table aria-label={t("billing.nav.runs")}>
                <thead>
                  <tr>
                    <th>{t("billing.run.runOn")}</th>
                    <th>{t("billing.run.season")}</th>
                    <th>{t("billing.run.users")}</th>
                    <th>{t("billing.run.invoices")}</th>
                    <th>{t("billing.run.supplementary")}</th>
                    <th>{t("billing.run.creditNotes")}</th>
                    <th>{t("billing.run.unchanged")}</th>
                    <th>{t("billing.run.net")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDate(r.runOn, locale)}</td>
                      <td>{seasonName(r.seasonId)}</td>
                      <td>{r.users}</td>
                      <td>{r.invoices}</td>
                      <td>{r.supplementary}</td>
                      <td>{r.creditNotes}</td>
                      <td>{r.unchanged}</td>
                      <td>{formatMoney(r.netTyiyn, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
