import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { cropByCode } from "../../domain/planning/crops.js";
import type { SeasonPlan, StageClimate } from "../../domain/planning/season-plan.js";
import { decadeLabel } from "../../domain/shared/paper-date.js";
import { api } from "../app/api.js";
import { Chart } from "../app/chart.js";
import { formatDate, formatDateTime, formatNumber, formatPercent, formatVolume } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  Field,
  FormActions,
  Loaded,
  NamedOptions,
  NumberInput,
  nameOf,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import type { Plan, PlanSummary, Season, Station } from "./api.js";
import { SeasonPicker } from "./season-select.js";
import { PlanningTabs } from "./tabs.js";

const RAIN_METHODS = ["usda-scs", "fixed-fraction", "dependable", "none"] as const;
const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/** The season's water-use plan: versions, the order at the head by decade, users and canals, exports. */
export default function PlanPage() {
  const [seasonId, setSeasonId] = useState<string | null>(null);
  return (
    <section>
      <PlanningTabs />
      <SeasonPicker seasonId={seasonId} onChange={setSeasonId}>
        {(season) => <SeasonPlans key={season.id} season={season} />}
      </SeasonPicker>
    </section>
  );
}

function SeasonPlans({ season }: { season: Season }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const plans = useLoad(
    () => api<PlanSummary[]>("GET", `/api/planning/seasons/${season.id}/plans`),
    season.id,
  );
  const [planId, setPlanId] = useState<string | null>(null);
  const { notice, saved } = useSavedNotice();
  return (
    <>
      {can("planning.write") && (
        <MakePlan
          season={season}
          onMade={(plan, said) => {
            // A lost first sending's plan is the one shown, where its answer could be had again.
            if (plan) setPlanId(plan.id);
            saved(said);
            plans.reload();
          }}
        />
      )}
      {notice}
      <Loaded state={plans}>
        {(list) => {
          if (list.length === 0) return <p className="state">{t("planning.plan.noPlans")}</p>;
          const shown = list.find((p) => p.id === planId) ?? list[0]!;
          return (
            <>
              <h2>{t("planning.plan.versions")}</h2>
              <ul>
                {list.map((p) => (
                  <li key={p.id}>
                    <button
                      type="button"
                      className="link"
                      aria-current={p.id === shown.id}
                      onClick={() => setPlanId(p.id)}
                    >
                      {t("planning.plan.version", { number: p.planNumber })}
                    </button>{" "}
                    <small className="muted">
                      {`${formatDateTime(p.madeAt, locale)} · ${t(`planning.rainMethod.${p.rainMethod.kind}`)} · ${formatVolume(p.headTotalM3, locale)}${p.note ? ` · ${p.note}` : ""}`}
                    </small>
                  </li>
                ))}
              </ul>
              <PlanView key={shown.id} planId={shown.id} />
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function MakePlan({
  season,
  onMade,
}: {
  season: Season;
  /** The plan made, or (a lost first sending's) null where its answer could not be had again. */
  onMade: (plan: Plan | null, said?: string) => void;
}) {
  const { t } = useTranslation();
  const stations = useLoad(() => api<Station[]>("GET", "/api/planning/stations"), "stations");
  const [kind, setKind] = useState<(typeof RAIN_METHODS)[number]>("usda-scs");
  const { send, fields, message, busy } = useSubmit((said, first) => {
    if (said) onMade((first as Plan | undefined) ?? null, said);
  });
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const plan = await send<Plan>("POST", `/api/planning/seasons/${season.id}/plans`, {
      stationId: String(f.get("stationId")),
      rainMethod: kind === "fixed-fraction" ? { kind, fraction: Number(f.get("fraction")) } : { kind },
      note: String(f.get("note") ?? "") || null,
    });
    if (plan) onMade(plan);
  }
  return (
    <Loaded state={stations}>
      {(list) =>
        list.length === 0 ? (
          <p className="state">{t("planning.plan.noStations")}</p>
        ) : (
          <form className="card form" onSubmit={submit}>
            <div className="form-grid">
              <Field label={t("planning.plan.station")} error={fields.stationId}>
                <select name="stationId">
                  <NamedOptions items={list} />
                </select>
              </Field>
              <Field label={t("planning.plan.rainMethod")}>
                <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
                  {RAIN_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {t(`planning.rainMethod.${m}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {kind === "fixed-fraction" && (
                <Field label={t("planning.plan.fraction")} error={fields["rainMethod.fraction"]}>
                  <NumberInput name="fraction" min={0} max={1} step={0.05} defaultValue={0.8} required />
                </Field>
              )}
              <Field label={t("planning.plan.note")} error={fields.note}>
                <input name="note" maxLength={1000} />
              </Field>
            </div>
            {message}
            <FormActions saving={busy} saveLabel={t("planning.plan.make")} />
          </form>
        )
      }
    </Loaded>
  );
}

function PlanView({ planId }: { planId: string }) {
  const plan = useLoad(() => api<Plan>("GET", `/api/planning/plans/${planId}`), planId);
  return <Loaded state={plan}>{(p) => <PlanTables plan={p} />}</Loaded>;
}

function PlanTables({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const r: SeasonPlan = plan.result;
  const m3 = (v: number) => formatNumber(v, locale);
  const exportUrl = (format: string, language: string) =>
    `/api/planning/plans/${plan.id}/export?format=${format}&locale=${language}`;
  // Any level of the plan decade by decade: the head, a canal or outlet with its losses, a user.
  const choices = [
    { key: "head", label: t("planning.plan.atHead"), values: r.headM3 },
    ...r.reaches.map((reach) => ({
      key: `reach:${reach.reachId}`,
      label: t("planning.plan.inflowOf", { name: `${reach.code} ${reach.name}` }),
      values: reach.inflowM3,
    })),
    ...r.users.map((u) => ({
      key: `user:${u.waterUserId}`,
      label: t("planning.plan.grossOf", { name: u.name }),
      values: u.grossM3,
    })),
  ];
  const [seriesKey, setSeriesKey] = useState("head");
  const series = choices.find((c) => c.key === seriesKey) ?? choices[0]!;
  return (
    <div className="card">
      <h2>{t("planning.plan.version", { number: plan.planNumber })}</h2>
      <p>{`${t("planning.plan.headTotal")}: ${formatVolume(r.headTotalM3, locale)}`}</p>
      <p className="actions no-print">
        {t("planning.plan.exports")}:{" "}
        {(["xlsx", "pdf"] as const).flatMap((format) =>
          (["ky", "ru"] as const).map((language) => (
            <a key={`${format}-${language}`} className="button" href={exportUrl(format, language)} download>
              {t("planning.plan.exportAs", {
                format: format.toUpperCase(),
                language: t(`language.${language}`),
              })}
            </a>
          )),
        )}
      </p>
      <Field label={t("planning.plan.series")}>
        <select value={series.key} onChange={(e) => setSeriesKey(e.target.value)}>
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <Chart
        title={t("planning.plan.chartOf", { name: series.label })}
        labels={r.decades.map((d) => decadeLabel(d, locale))}
        series={[{ label: series.label, values: series.values }]}
        kind="bar"
        digits={0}
      />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("planning.plan.decade")}</th>
              <th>{t("planning.plan.et0")}</th>
              <th>{t("planning.plan.rain")}</th>
              <th>{t("planning.plan.climateSource")}</th>
              <th>{t("planning.plan.field")}</th>
              <th>{t("planning.plan.head")}</th>
              {series.key !== "head" && <th>{series.label}</th>}
            </tr>
          </thead>
          <tbody>
            {r.decades.map((d, i) => (
              <tr key={d}>
                <td>{decadeLabel(d, locale)}</td>
                <td>{formatNumber(r.climate[i]!.et0MmPerDay, locale, 2)}</td>
                <td>
                  {r.climate[i]!.rainRecorded === false ? "—" : formatNumber(r.climate[i]!.rainMm, locale, 1)}
                </td>
                <td>{t(`planning.source.${r.climate[i]!.source}`)}</td>
                <td>{m3(sum(r.users.map((u) => u.grossM3[i]!)))}</td>
                <td>{m3(r.headM3[i]!)}</td>
                {series.key !== "head" && <td>{m3(series.values[i]!)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.climate.some((c) => c.rainRecorded === false) && (
        <p className="hint" role="note">
          {t("planning.plan.rainUnrecorded")}
        </p>
      )}
      <h3>{t("planning.plan.users")}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("planning.requests.user")}</th>
              <th>{t("planning.requests.area")}</th>
              <th>{t("planning.plan.net")}</th>
              <th>{t("planning.plan.gross")}</th>
            </tr>
          </thead>
          <tbody>
            {r.users.map((u) => (
              <tr key={u.waterUserId}>
                <td>{u.name}</td>
                <td>{formatNumber(u.areaHa, locale, 2)}</td>
                <td>{m3(sum(u.netM3))}</td>
                <td>{m3(sum(u.grossM3))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("planning.plan.canals")}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("planning.export.canal")}</th>
              <th>{t("planning.plan.efficiency")}</th>
              <th>{t("planning.plan.inflow")}</th>
            </tr>
          </thead>
          <tbody>
            {r.reaches.map((reach) => (
              <tr key={reach.reachId}>
                <td>{`${reach.code} ${reach.name}`}</td>
                <td>{formatNumber(reach.efficiency, locale, 2)}</td>
                <td>{m3(sum(reach.inflowM3))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <KcAdjustments adjustments={r.kcAdjustments} />
    </div>
  );
}

/** Kc mid and end of each crop and planting date, and the stage climate Eq. 62 adjusted them to. */
function KcAdjustments({ adjustments }: { adjustments: SeasonPlan["kcAdjustments"] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (adjustments.every((a) => a.mid === null && a.end === null))
    return <p className="muted">{t("planning.plan.kcTable")}</p>;
  const stage = (kc: number, climate: StageClimate | null) =>
    climate
      ? t("planning.plan.kcStage", {
          kc: formatNumber(kc, locale, 2),
          wind: formatNumber(climate.windMps, locale, 1),
          rhMin: formatPercent(climate.rhMinPct, locale),
          daily: climate.dailyDays,
          normal: climate.normalDays,
        })
      : formatNumber(kc, locale, 2);
  return (
    <details>
      <summary>{t("planning.plan.kcTitle")}</summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("planning.crops.crop")}</th>
              <th>{t("planning.requests.plantingDate")}</th>
              <th>{t("planning.crops.kcMid")}</th>
              <th>{t("planning.crops.kcEnd")}</th>
            </tr>
          </thead>
          <tbody>
            {adjustments.map((a) => {
              const crop = cropByCode(a.cropCode);
              return (
                <tr key={`${a.cropCode}:${a.plantingDate}`}>
                  <td>{crop ? nameOf(crop.name) : a.cropCode}</td>
                  <td>{formatDate(a.plantingDate, locale)}</td>
                  <td>{stage(a.kcMid, a.mid)}</td>
                  <td>{stage(a.kcEnd, a.end)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
