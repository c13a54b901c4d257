import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { api } from "../app/api.js";
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatVolume,
  typedNumber,
} from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { FormActions, Loaded, NumberInput, useLoad, useSubmit } from "../app/ui.js";
import type { BoundBy, Run } from "./api.js";

/**
 * One allocation: every user's share and what bounds it, the flow to plan on every canal, and once
 * published the rotation schedule per outlet, which a water master may adjust turn by turn.
 */
export default function AllocationRunPage() {
  const { runId = "" } = useParams();
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const run = useLoad(() => api<Run>("GET", `/api/allocation/runs/${runId}`), runId);
  const [notice, setNotice] = useState<string | null>(null);
  // Publishing and a turn's change carry the run's version: sent twice, the second is refused as
  // stale, never done again. One at a time, and said as every form says it.
  const { send, message, busy } = useSubmit((said) => {
    run.reload();
    if (said) setNotice(said);
  });

  return (
    <Loaded state={run}>
      {(r) => {
        const reachCode = new Map(r.reaches.map((x) => [x.id, x.code]));
        const names = new Map(r.shares.map((s) => [s.waterUserId, `№${s.number} ${s.displayName}`]));
        const bound = (b: BoundBy) =>
          b.kind === "reach"
            ? t("alloc.bound.reach", { code: reachCode.get(b.reach) ?? "" })
            : t(`alloc.bound.${b.kind}`);
        const demand = r.shares.reduce((s, x) => s + x.demandM3, 0);
        const allocated = r.shares.reduce((s, x) => s + x.allocatedM3, 0);
        async function publish(e: FormEvent<HTMLFormElement>) {
          e.preventDefault();
          if (!window.confirm(t("alloc.confirmPublish"))) return;
          const f = new FormData(e.currentTarget);
          setNotice(null);
          const answer = await send<{ smsQueued: number }>("POST", `/api/allocation/runs/${r.id}/publish`, {
            version: r.version,
            cycleHours: Number(f.get("cycleHours")),
            shiftHours: Number(f.get("shiftHours")),
          });
          if (answer) setNotice(t("alloc.published", { count: answer.smsQueued }));
        }
        async function change(turnId: string, hours: number) {
          const answer = window.prompt(t("alloc.newDuration"), formatNumber(hours, "en", 2));
          if (!answer) return;
          await send("PATCH", `/api/allocation/runs/${r.id}/turns/${encodeURIComponent(turnId)}`, {
            version: r.version,
            durationHours: typedNumber(answer),
          });
        }
        const outlets = r.reaches.filter((x) => r.schedule?.turns.some((turn) => turn.outlet === x.id));
        return (
          <section>
            <p>
              <Link to={`/water/allocation?season=${r.seasonId}`}>← {t("alloc.title")}</Link>
            </p>
            <h1>
              {t("alloc.runTitle", { from: formatDate(r.fromDay, locale), to: formatDate(r.toDay, locale) })}
            </h1>
            <dl className="facts">
              <dt>{t("alloc.policy")}</dt>
              <dd>{t(`alloc.policies.${r.policy}`)}</dd>
              <dt>{t("alloc.supply")}</dt>
              <dd>{formatVolume(r.supplyM3, locale)}</dd>
              <dt>{t("alloc.demandSource")}</dt>
              <dd>
                {r.demand.kind === "plan"
                  ? t("alloc.fromPlan", { number: r.demand.planNumber })
                  : `${t("alloc.norm")}: ${formatVolume(r.demand.m3PerHa, locale)}`}
              </dd>
              <dt>{t("alloc.demand")}</dt>
              <dd>{formatVolume(demand, locale)}</dd>
              <dt>{t("alloc.allocated")}</dt>
              <dd>
                {formatVolume(allocated, locale)} (
                {formatPercent(demand > 0 ? (100 * allocated) / demand : 0, locale)})
              </dd>
              <dt>{t("alloc.status")}</dt>
              <dd>{t(`alloc.statuses.${r.status}`)}</dd>
            </dl>
            {r.spans && r.spans.length > 1 && (
              <div className="run-spans">
                <strong>{t("alloc.spans")}</strong>
                <ol>
                  {r.spans.map((span) => (
                    <li key={span.fromDay}>
                      {formatDate(span.fromDay, locale)} – {formatDate(span.toDay, locale)}
                    </li>
                  ))}
                </ol>
                <p className="muted">{t("alloc.spansHint")}</p>
              </div>
            )}
            {message}
            {notice && (
              <p className="notice" role="status">
                {notice}
              </p>
            )}

            <h2>{t("alloc.shares")}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("alloc.user")}</th>
                    <th>{t("alloc.outlet")}</th>
                    <th>{t("alloc.area")}</th>
                    <th>{t("alloc.demand")}</th>
                    <th>{t("alloc.allocated")}</th>
                    <th>%</th>
                    <th>{t("alloc.depth")}</th>
                    <th>{t("alloc.boundBy")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.shares.map((s) => (
                    <tr key={`${s.waterUserId}@${s.outletId}`}>
                      <td>
                        №{s.number} {s.displayName}
                        {s.guaranteeM3 !== null && <small> · {t("alloc.guaranteed")}</small>}
                        {s.leftOn && (
                          <small className="left-on">
                            {" "}
                            · {t("alloc.leftOn", { date: formatDate(s.leftOn, locale) })}
                          </small>
                        )}
                      </td>
                      <td>{reachCode.get(s.outletId)}</td>
                      <td>{formatNumber(s.areaHa, locale, 2)}</td>
                      <td>{formatVolume(s.demandM3, locale)}</td>
                      <td>{formatVolume(s.allocatedM3, locale)}</td>
                      <td>{formatNumber(s.demandM3 > 0 ? (100 * s.allocatedM3) / s.demandM3 : 0, locale)}</td>
                      <td>{formatNumber(s.areaHa > 0 ? s.allocatedM3 / (10 * s.areaHa) : 0, locale)}</td>
                      <td>{bound(s.boundBy)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            <h2>{t("alloc.canals")}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("alloc.canal")}</th>
                    <th>{t("alloc.capacity")}</th>
                    <th>{t("alloc.inflow")}</th>
                    <th>%</th>
                    <th>{t("alloc.efficiency")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.reaches.map((x) => (
                    <tr key={x.id}>
                      <td>
                        {x.code} {x.name}
                      </td>
                      <td>{formatVolume(x.capacityM3, locale)}</td>
                      <td>{formatVolume(x.inflowM3, locale)}</td>
                      <td>
                        {formatNumber(x.capacityM3 > 0 ? (100 * x.inflowM3) / x.capacityM3 : 0, locale)}
                      </td>
                      <td>{formatNumber(x.efficiency, locale, 2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            {r.status === "draft" && can("allocation.write") && (
              <form className="card form-grid" onSubmit={publish} aria-label={t("alloc.publish")}>
                <h2>{t("alloc.publish")}</h2>
                <p className="muted">{t("alloc.publishHint")}</p>
                <label className="field">
                  <span className="field-label">{t("alloc.cycleHours")}</span>
                  <NumberInput name="cycleHours" min={1} defaultValue={168} required />
                </label>
                <label className="field">
                  <span className="field-label">{t("alloc.shiftHours")}</span>
                  <NumberInput name="shiftHours" min={0} max={24} defaultValue={3} required />
                </label>
                <FormActions saving={busy} saveLabel={t("alloc.publish")} />
              </form>
            )}

            {r.schedule && (
              <>
                <h2>{t("alloc.schedule")}</h2>
                <p>
                  <a href={`/api/allocation/runs/${r.id}/schedule.pdf`} target="_blank" rel="noreferrer">
                    {t("alloc.print")}
                  </a>
                </p>
                {r.schedule.overruns.length > 0 && (
                  <p className="notice">
                    {t("alloc.overruns", {
                      outlets: [...new Set(r.schedule.overruns.map((o) => reachCode.get(o.outlet)))].join(
                        ", ",
                      ),
                    })}
                  </p>
                )}
                {outlets.map((outlet) => (
                  <div key={outlet.id} className="table-wrap">
                    <h3>
                      {outlet.code} {outlet.name} · {formatNumber(outlet.capacityLps, locale)}{" "}
                      {t("alloc.lps")}
                    </h3>
                    <table>
                      <thead>
                        <tr>
                          <th>{t("alloc.user")}</th>
                          <th>{t("alloc.start")}</th>
                          <th>{t("alloc.end")}</th>
                          <th>{t("alloc.volume")}</th>
                          <th />
                        </tr>
                      </thead>
                      <tbody>
                        {r
                          .schedule!.turns.filter((turn) => turn.outlet === outlet.id)
                          .map((turn) => (
                            <tr key={turn.id}>
                              <td>
                                {names.get(turn.user)}
                                {turn.manual && <small> · {t("alloc.manual")}</small>}
                              </td>
                              <td>{formatDateTime(turn.start, locale)}</td>
                              <td>{formatDateTime(turn.end, locale)}</td>
                              <td>{formatVolume(turn.volumeM3, locale)}</td>
                              <td>
                                {can("allocation.write") && (
                                  <button
                                    type="button"
                                    className="link"
                                    disabled={busy}
                                    onClick={() =>
                                      change(
                                        turn.id,
                                        (Date.parse(turn.end) - Date.parse(turn.start)) / 3_600_000,
                                      )
                                    }
                                  >
                                    {t("alloc.change")}
                                  </button>
                                )}
                              </td>
                            </tr>
                          ))}
                      </tbody>
                    </table>
                  </div>
                ))}
              </>
            )}
          </section>
        );
      }}
    </Loaded>
  );
}
