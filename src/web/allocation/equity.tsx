import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { api } from "../app/api.js";
import { Chart } from "../app/chart.js";
import { formatDate, formatDayMonth, formatNumber, formatVolume } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { Loaded, NamedOptions, useLoad } from "../app/ui.js";
import type { GroupSummary, Indicators, SeasonEquity, SeasonOption } from "./api.js";

/**
 * Equity you can see: for a season, need against what the allocation gave and what was measured,
 * the Molden & Gates indicators, and the head, middle and tail of the canals, vulnerable and
 * women-headed households against the others. The same page prints for the general meeting.
 */
export default function EquityPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const seasons = useLoad(() => api<SeasonOption[]>("GET", "/api/water/seasons"), "seasons");
  const seasonId = params.get("season") ?? seasons.data?.[0]?.id ?? "";
  const runId = params.get("period") ?? "";
  const query = `seasonId=${seasonId}${runId ? `&runId=${runId}` : ""}`;
  const season = useLoad(
    () =>
      seasonId
        ? api<SeasonEquity>("GET", `/api/allocation/equity?seasonId=${seasonId}`)
        : Promise.resolve(null),
    seasonId,
  );
  const period = useLoad(
    () => (runId ? api<SeasonEquity>("GET", `/api/allocation/equity?${query}`) : Promise.resolve(null)),
    query,
  );
  // The season's periods always list; the figures are the season's or one period's.
  const report = runId ? period : season;
  const two = (x: number) => formatNumber(x, locale, 2);
  const indicatorRow = (name: string, m: Indicators) => (
    <tr>
      <th scope="row">{name}</th>
      <td>{two(m.adequacy)}</td>
      {/* One period says nothing of how steady the water was. */}
      <td>{m.dependability === null ? "—" : two(m.dependability)}</td>
      <td>{two(m.equity)}</td>
      <td>{two(m.efficiency)}</td>
    </tr>
  );
  const groups = (title: string, list: GroupSummary[]) => (
    <div className="table-wrap">
      <h3>{title}</h3>
      <table className="equity-groups">
        <thead>
          <tr>
            <th>{t("equity.group")}</th>
            <th>{t("equity.users")}</th>
            <th>{t("equity.required")}</th>
            <th>{t("equity.delivered")}</th>
            <th>{t("equity.relative")}</th>
            <th>{t("equity.depth")}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((g) => (
            <tr key={g.group}>
              <td>{t(`equity.groups.${g.group}`)}</td>
              <td>{g.users}</td>
              <td>{formatVolume(g.requiredM3, locale)}</td>
              <td>{formatVolume(g.deliveredM3, locale)}</td>
              <td>
                <Bar share={g.relativeSupply} /> {two(g.relativeSupply)}
              </td>
              <td>{formatNumber(g.depthMm, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <section>
      <h1>{t("equity.page")}</h1>
      <Loaded state={seasons}>
        {(list) =>
          list.length === 0 ? (
            <p className="notice">{t("alloc.noSeason")}</p>
          ) : (
            <label className="field no-print">
              <span className="field-label">{t("alloc.season")}</span>
              <select value={seasonId} onChange={(e) => setParams({ season: e.target.value })}>
                <NamedOptions items={list} />
              </select>
            </label>
          )
        }
      </Loaded>
      <Loaded state={report}>
        {(r) =>
          r === null ? null : r.periods.length === 0 ? (
            <p className="notice">{t("equity.none")}</p>
          ) : (
            <>
              <label className="field no-print">
                <span className="field-label">{t("alloc.period")}</span>
                <select
                  name="period"
                  value={runId}
                  onChange={(e) =>
                    setParams(
                      e.target.value ? { season: seasonId, period: e.target.value } : { season: seasonId },
                    )
                  }
                >
                  <option value="">{t("equity.wholeSeason")}</option>
                  {(season.data?.periods ?? []).map((p) => (
                    <option key={p.runId} value={p.runId}>
                      {formatDate(p.fromDay, locale)} – {formatDate(p.toDay, locale)}
                    </option>
                  ))}
                </select>
              </label>
              <p>
                {t("equity.summary", { users: r.users, linked: r.linkedUsers, periods: r.periods.length })}
              </p>
              <p className="no-print">
                <a href={`/api/allocation/equity.pdf?${query}`} target="_blank" rel="noreferrer">
                  {t("equity.report")}
                </a>
              </p>
              <h2>{t("equity.indicators")}</h2>
              <div className="table-wrap">
                <table className="equity-indicators">
                  <thead>
                    <tr>
                      <th />
                      <th>{t("equity.adequacy")}</th>
                      <th>{t("equity.dependability")}</th>
                      <th>{t("equity.equityIndicator")}</th>
                      <th>{t("equity.efficiency")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {indicatorRow(t("equity.planned"), r.planned)}
                    {indicatorRow(t("equity.measured"), r.delivered)}
                  </tbody>
                </table>
              </div>
              <p className="muted">{t("equity.indicatorsHint")}</p>
              <h2>{t("equity.periods")}</h2>
              <Chart
                title={t("equity.periods")}
                titleShown={false}
                kind="bar"
                labels={r.periods.map(
                  (p) => `${formatDayMonth(p.fromDay, locale)}–${formatDayMonth(p.toDay, locale)}`,
                )}
                series={[
                  {
                    label: t("equity.required"),
                    color: "#94a3b8",
                    values: r.periods.map((p) => p.requiredM3),
                  },
                  {
                    label: t("equity.allocated"),
                    color: "#2563eb",
                    values: r.periods.map((p) => p.allocatedM3),
                  },
                  {
                    label: t("equity.delivered"),
                    color: "#15803d",
                    values: r.periods.map((p) => p.deliveredM3),
                  },
                ]}
              />
              {groups(t("equity.byThird"), r.groups.thirds)}
              {groups(t("equity.byVulnerability"), r.groups.vulnerability)}
              {groups(t("equity.byWomenHeaded"), r.groups.womenHeaded)}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/** A share of need met, as a bar a meeting can read at a glance (full at 1). */
function Bar({ share }: { share: number }) {
  return (
    <svg width="80" height="10" role="img" aria-hidden="true" className="bar">
      <rect width="80" height="10" fill="#e5e7eb" />
      <rect
        width={Math.max(0, Math.min(1, share)) * 80}
        height="10"
        fill={share < 0.5 ? "#b91c1c" : "#15803d"}
      />
    </svg>
  );
}
