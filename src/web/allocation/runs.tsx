import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { api } from "../app/api.js";
import { formatDate, formatVolume } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { DayInput, EmptyState, FormActions, Loaded, NumberInput, useLoad, useSubmit } from "../app/ui.js";
import { POLICIES, type Run, type RunSummary, type SeasonOption } from "./api.js";

/** Allocation runs of a season, and a new one: the period, the water at the head, the policy, the norm. */
export default function AllocationRunsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const seasons = useLoad(() => api<SeasonOption[]>("GET", "/api/water/seasons"), "seasons");
  const seasonId = params.get("season") ?? seasons.data?.[0]?.id ?? "";
  const runs = useLoad(
    () =>
      seasonId ? api<RunSummary[]>("GET", `/api/allocation/runs?seasonId=${seasonId}`) : Promise.resolve([]),
    seasonId,
  );
  const plans = useLoad(
    () =>
      seasonId
        ? api<{ id: string; planNumber: number }[]>("GET", `/api/planning/seasons/${seasonId}/plans`)
        : Promise.resolve([]),
    `plans-${seasonId}`,
  );
  const [source, setSource] = useState("");
  const open = (run: Run) => navigate(`/water/allocation/${run.id}`);
  // A run sent again after a lost answer, whose first sending made it, opens that run: never two.
  const { send, message, busy, forget } = useSubmit((_said, first) => {
    if (first) open(first as Run);
  });
  // The newest plan by default; the norm where the season has none.
  const chosen = source || plans.data?.[0]?.id || "norm";

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const run = await send<Run>("POST", "/api/allocation/runs", {
      seasonId,
      fromDay: f.get("fromDay"),
      toDay: f.get("toDay"),
      policy: f.get("policy"),
      supplyM3: Number(f.get("supplyM3")),
      demand:
        chosen === "norm"
          ? { kind: "norm", m3PerHa: Number(f.get("m3PerHa")) }
          : { kind: "plan", planId: chosen },
      note: (f.get("note") as string) || null,
    });
    if (run) open(run);
  }

  return (
    <section>
      <h1>{t("alloc.title")}</h1>
      <p className="muted">{t("alloc.intro")}</p>
      <Loaded state={seasons}>
        {(list) =>
          list.length === 0 ? (
            <p className="notice">{t("alloc.noSeason")}</p>
          ) : (
            <>
              <label className="field">
                <span className="field-label">{t("alloc.season")}</span>
                <select value={seasonId} onChange={(e) => setParams({ season: e.target.value })}>
                  {list.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({formatDate(s.startsOn, locale)} – {formatDate(s.endsOn, locale)})
                    </option>
                  ))}
                </select>
              </label>
              {/* The service's refusal speaks of the values it was sent: a change makes it stale. */}
              {can("allocation.write") && (
                <form
                  className="card form-grid"
                  onSubmit={create}
                  onChange={forget}
                  aria-label={t("alloc.new")}
                >
                  <h2>{t("alloc.new")}</h2>
                  <label className="field">
                    <span className="field-label">{t("alloc.from")}</span>
                    <DayInput name="fromDay" required />
                  </label>
                  <label className="field">
                    <span className="field-label">{t("alloc.to")}</span>
                    <DayInput name="toDay" required />
                  </label>
                  <label className="field">
                    <span className="field-label">{t("alloc.supply")}</span>
                    <NumberInput name="supplyM3" min={0} required />
                  </label>
                  <label className="field">
                    <span className="field-label">{t("alloc.demandSource")}</span>
                    <select name="demandSource" value={chosen} onChange={(e) => setSource(e.target.value)}>
                      {(plans.data ?? []).map((p) => (
                        <option key={p.id} value={p.id}>
                          {t("alloc.fromPlan", { number: p.planNumber })}
                        </option>
                      ))}
                      <option value="norm">{t("alloc.byNorm")}</option>
                    </select>
                  </label>
                  {chosen === "norm" && (
                    <label className="field">
                      <span className="field-label">{t("alloc.norm")}</span>
                      <NumberInput name="m3PerHa" min={0} required />
                    </label>
                  )}
                  <label className="field">
                    <span className="field-label">{t("alloc.policy")}</span>
                    <select name="policy" defaultValue={POLICIES[0]}>
                      {POLICIES.map((p) => (
                        <option key={p} value={p}>
                          {t(`alloc.policies.${p}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="field">
                    <span className="field-label">{t("alloc.note")}</span>
                    <input name="note" maxLength={500} />
                  </label>
                  {message}
                  <FormActions saving={busy} saveLabel={t("alloc.allocate")} />
                </form>
              )}
              <Loaded state={runs}>
                {(items) =>
                  items.length === 0 ? (
                    <EmptyState />
                  ) : (
                    <div className="table-wrap">
                      <table>
                        <thead>
                          <tr>
                            <th>{t("alloc.period")}</th>
                            <th>{t("alloc.policy")}</th>
                            <th>{t("alloc.supply")}</th>
                            <th>{t("alloc.demand")}</th>
                            <th>{t("alloc.allocated")}</th>
                            <th>{t("alloc.users")}</th>
                            <th>{t("alloc.status")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {items.map((r) => (
                            <tr key={r.id}>
                              <td>
                                <Link to={`/water/allocation/${r.id}`}>
                                  {formatDate(r.fromDay, locale)} – {formatDate(r.toDay, locale)}
                                </Link>
                              </td>
                              <td>{t(`alloc.policies.${r.policy}`)}</td>
                              <td>{formatVolume(r.supplyM3, locale)}</td>
                              <td>{formatVolume(r.demandM3, locale)}</td>
                              <td>{formatVolume(r.allocatedM3, locale)}</td>
                              <td>{r.users}</td>
                              <td>{t(`alloc.statuses.${r.status}`)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )
                }
              </Loaded>
            </>
          )
        }
      </Loaded>
    </section>
  );
}
