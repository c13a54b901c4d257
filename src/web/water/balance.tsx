import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { decadeLabel } from "../../domain/shared/paper-date.js";
import { api } from "../app/api.js";
import { Chart } from "../app/chart.js";
import { formatDate, formatDayMonth, formatNumber, formatPercent } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { EmptyState, Loaded, NamedOptions, useLoad } from "../app/ui.js";
import { HeadReceipts } from "./head-receipts.js";
import type { Balance, PeriodBalance } from "./measurement-api.js";

/** Received at the head vs delivered, by decade and for the season; losses and efficiency per canal. */
export default function BalancePage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const seasonId = params.get("season") ?? "";
  const state = useLoad(
    () => api<Balance>("GET", `/api/water/balance${seasonId ? `?seasonId=${seasonId}` : ""}`),
    seasonId,
  );
  const [periodKey, setPeriodKey] = useState("season");
  const m3 = (v: number | null) => (v === null ? "—" : formatNumber(v, locale));
  const pct = (v: number | null) => (v === null ? "—" : formatPercent(v * 100, locale, 1));
  const chartLabel = (b: PeriodBalance) => (b.from ? formatDayMonth(b.from, locale) : b.periodKey);
  return (
    <section className="measure">
      <h1>{t("measure.balance")}</h1>
      <Loaded state={state}>
        {(data) => {
          if (!data.season) return <EmptyState />;
          const shown =
            periodKey === "season" ? data.total : data.decades.find((d) => d.periodKey === periodKey);
          const reach = new Map(data.reaches.map((r) => [r.id, r]));
          return (
            <>
              <div className="filters">
                <label className="field">
                  <span className="field-label">{t("measure.season")}</span>
                  <select value={data.season.id} onChange={(e) => setParams({ season: e.target.value })}>
                    <NamedOptions items={data.seasons} />
                  </select>
                </label>
              </div>
              {data.decades.length === 0 ? (
                <EmptyState />
              ) : (
                <>
                  <Chart
                    title={t("measure.chartTitle")}
                    titleShown={false}
                    kind="bar"
                    labels={data.decades.map(chartLabel)}
                    series={[
                      {
                        label: t("measure.received"),
                        color: "#2b6cb0",
                        values: data.decades.map((d) => d.system.receivedM3),
                      },
                      {
                        label: t("measure.delivered"),
                        color: "#38a169",
                        values: data.decades.map((d) => d.system.deliveredM3),
                      },
                    ]}
                  />
                  <div className="table-wrap">
                    <table className="balance-table">
                      <thead>
                        <tr>
                          <th>{t("measure.decade")}</th>
                          <th>{t("measure.receivedM3")}</th>
                          <th>{t("measure.deliveredM3")}</th>
                          <th>{t("measure.lossesM3")}</th>
                          <th>{t("measure.efficiency")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {[...data.decades, ...(data.total ? [data.total] : [])].map((b) => (
                          <tr key={b.periodKey} className={b.periodKey === "season" ? "total" : undefined}>
                            <td>
                              <button
                                type="button"
                                className="link"
                                onClick={() => setPeriodKey(b.periodKey)}
                              >
                                {b.periodKey === "season"
                                  ? t("measure.seasonTotal")
                                  : `${formatDate(b.from!, locale)} – ${formatDate(b.to!, locale)}`}
                              </button>
                            </td>
                            <td>{m3(b.system.receivedM3)}</td>
                            <td>{m3(b.system.deliveredM3)}</td>
                            <td>{m3(b.system.lossesM3)}</td>
                            <td>{pct(b.system.efficiency)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
              {shown && (
                <>
                  <h2>
                    {t("measure.perCanal")}:{" "}
                    {shown.periodKey === "season"
                      ? t("measure.seasonTotal")
                      : `${formatDate(shown.from!, locale)} – ${formatDate(shown.to!, locale)}`}
                  </h2>
                  <div className="table-wrap">
                    <table className="canal-balance">
                      <thead>
                        <tr>
                          <th>{t("measure.canal")}</th>
                          <th>{t("measure.inflowM3")}</th>
                          <th>{t("measure.outflowM3")}</th>
                          <th>{t("measure.lossesM3")}</th>
                          <th>{t("measure.efficiency")}</th>
                          <th>{t("measure.missing")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {shown.canals.map((c) => (
                          <tr key={c.reachId}>
                            <td>
                              {reach.get(c.reachId)?.code} {reach.get(c.reachId)?.name}
                            </td>
                            <td>{m3(c.inflowM3)}</td>
                            <td>{m3(c.outflowM3)}</td>
                            <td>{m3(c.lossesM3)}</td>
                            <td>{pct(c.efficiency)}</td>
                            <td>
                              {c.missing
                                .map(
                                  (m) => reach.get(m.reachId ?? m.outletId ?? "")?.code ?? t("measure.head"),
                                )
                                .join(", ")}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
              <HeadReceipts season={data.season} heads={data.reaches.filter((r) => r.kind === "head")} />
              {data.incomplete.length > 0 && (
                <p className="muted">
                  {t("measure.incomplete", {
                    list: data.incomplete
                      .map(
                        (i) =>
                          `${i.structureCode} ${decadeLabel(i.periodKey, locale)} (${formatPercent((i.coveredSeconds / i.windowSeconds) * 100, locale)})`,
                      )
                      .join("; "),
                  })}
                </p>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
