import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import {
  csvHeader,
  RADIATION_UNITS,
  TEMPERATURE_UNITS,
  WEATHER_FIELDS,
  type WeatherField,
} from "../../domain/planning/weather-import.js";
import { ApiProblem, api } from "../app/api.js";
import { Chart } from "../app/chart.js";
import { formatDayMonth, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  DayInput,
  Field,
  FilePicker,
  FormActions,
  Loaded,
  NumberInput,
  problemText,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import { postJsonWithProgress, UnansweredUpload, UploadStatus, useUpload } from "../app/upload.js";
import type { ImportResult, Normal, Station, WeatherDay } from "./api.js";
import { PlanningTabs } from "./tabs.js";

const RADIATION_LABEL: Record<(typeof RADIATION_UNITS)[number], string> = {
  "MJ/m2/d": "mj",
  "W/m2": "w",
  "sunshine-hours": "sunshine",
};

/** A station's climate: daily weather imported from CSV, its ET0 over a period, and monthly normals. */
export default function ClimatePage() {
  const { t } = useTranslation();
  const { stationId = "" } = useParams();
  const { can } = useSession();
  const stations = useLoad(() => api<Station[]>("GET", "/api/planning/stations"), "stations");
  const year = new Date().getFullYear();
  const [period, setPeriod] = useState({ from: `${year}-04-01`, to: `${year}-09-30` });
  const days = useLoad(
    () =>
      api<WeatherDay[]>(
        "GET",
        `/api/planning/stations/${stationId}/weather?from=${period.from}&to=${period.to}`,
      ),
    `${stationId}:${period.from}:${period.to}`,
  );
  const station = stations.data?.find((s) => s.id === stationId);
  return (
    <section>
      <PlanningTabs />
      {station && <h2>{station.name}</h2>}
      <div className="filters">
        <Field label={t("planning.chart.from")}>
          <DayInput value={period.from} onDayChange={(from) => setPeriod({ ...period, from })} />
        </Field>
        <Field label={t("planning.chart.to")}>
          <DayInput value={period.to} onDayChange={(to) => setPeriod({ ...period, to })} />
        </Field>
      </div>
      <Loaded state={days}>{(list) => <Et0Chart days={list} />}</Loaded>
      {can("planning.write") && <WeatherImport stationId={stationId} onImported={days.reload} />}
      <Normals stationId={stationId} editable={can("planning.write")} />
    </section>
  );
}

function Et0Chart({ days }: { days: WeatherDay[] }) {
  const { t } = useTranslation();
  if (days.length === 0) return <p className="state">{t("planning.chart.noData")}</p>;
  const count = (test: (d: WeatherDay) => boolean) => days.filter(test).length;
  return (
    <>
      <Chart
        title={t("planning.chart.et0")}
        labels={days.map((d) => formatDayMonth(d.day, currentLocale()))}
        series={[{ label: t("planning.chart.et0"), values: days.map((d) => d.et0Mm) }]}
        kind="line"
        digits={1}
      />
      <p className="muted">
        {t("planning.chart.methods", {
          pm: count((d) => d.et0Method === "penman-monteith"),
          hs: count((d) => d.et0Method === "hargreaves-samani"),
          estimated: count((d) => d.et0Sources.rs !== null && d.et0Sources.rs !== "measured"),
        })}
      </p>
    </>
  );
}

function guess(field: WeatherField, headers: string[]): string {
  const simple = (h: string) => h.toLowerCase().replace(/[^a-z]/g, "");
  return headers.find((h) => simple(h) === field.toLowerCase()) ?? "";
}

function WeatherImport({ stationId, onImported }: { stationId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState("");
  const [headers, setHeaders] = useState<string[]>([]);
  const [columns, setColumns] = useState<Partial<Record<WeatherField, string>>>({});
  const [units, setUnits] = useState({ temperature: "C", radiation: "MJ/m2/d", windHeightM: 2 });
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { session } = useSession();
  const sending = useUpload();
  const [lastDryRun, setLastDryRun] = useState(false);

  async function choose(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    const found = csvHeader(text).headers;
    setCsv(text);
    setHeaders(found);
    setColumns(Object.fromEntries(WEATHER_FIELDS.map((f) => [f, guess(f, found)]).filter(([, h]) => h)));
    setResult(null);
    sending.forget();
  }
  async function send(dryRun: boolean) {
    setError(null);
    setLastDryRun(dryRun);
    try {
      // A whole weather record goes up in the body: the page shows its progress and can stop it.
      const res = await sending.send(!dryRun, (watch) =>
        postJsonWithProgress<ImportResult>(
          `/api/planning/stations/${stationId}/weather`,
          { csv, columns, units, dryRun },
          session?.csrfToken ?? null,
          watch,
        ),
      );
      if (!res) return;
      setResult(res);
      if (res.imported > 0) onImported();
    } catch (err) {
      if (err instanceof ApiProblem) setError(problemText(err, t));
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    void send(false);
  }
  return (
    <form className="card form" onSubmit={submit}>
      <h2>{t("planning.import.title")}</h2>
      <Field label={t("planning.import.file")}>
        <FilePicker
          accept=".csv,text/csv,text/plain"
          disabled={sending.busy}
          onChoose={(file) => void choose(file ?? undefined)}
        />
      </Field>
      {headers.length > 0 && (
        <>
          <h3>{t("planning.import.columns")}</h3>
          <div className="form-grid">
            {WEATHER_FIELDS.map((field) => (
              <Field key={field} label={t(`planning.import.field.${field}`)}>
                <select
                  value={columns[field] ?? ""}
                  onChange={(e) => {
                    const { [field]: _, ...rest } = columns;
                    setColumns(e.target.value ? { ...rest, [field]: e.target.value } : rest);
                  }}
                >
                  <option value="">{t("planning.import.notMapped")}</option>
                  {headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </Field>
            ))}
          </div>
          <h3>{t("planning.import.units")}</h3>
          <div className="form-grid">
            <Field label={t("planning.import.temperatureUnit")}>
              <select
                value={units.temperature}
                onChange={(e) => setUnits({ ...units, temperature: e.target.value })}
              >
                {TEMPERATURE_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {t(`planning.import.unit.${u}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("planning.import.radiationUnit")}>
              <select
                value={units.radiation}
                onChange={(e) => setUnits({ ...units, radiation: e.target.value })}
              >
                {RADIATION_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {t(`planning.import.unit.${RADIATION_LABEL[u]}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("planning.import.windHeight")}>
              <NumberInput
                min={0.5}
                max={100}
                required
                value={units.windHeightM}
                onNumberChange={(height) => height !== null && setUnits({ ...units, windHeightM: height })}
              />
            </Field>
          </div>
          <div className="actions">
            <button type="button" disabled={sending.busy} onClick={() => void send(true)}>
              {t("planning.import.check")}
            </button>
            <button type="submit" className="primary" disabled={sending.busy}>
              {t("planning.import.run")}
            </button>
          </div>
          <UploadStatus upload={sending.upload} onCancel={sending.cancel} />
          <UnansweredUpload
            notice={sending.notice}
            busy={sending.busy}
            onSendAgain={() => void send(lastDryRun)}
          />
        </>
      )}
      {error && (
        <p className="state-error" role="alert">
          {error}
        </p>
      )}
      {result && <ImportOutcome result={result} />}
    </form>
  );
}

function ImportOutcome({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  if (result.issueCount === 0)
    return (
      <p className="notice" role="status">
        {result.imported > 0
          ? t("planning.import.imported", { count: result.imported })
          : t("planning.import.checked", { count: result.rowCount })}
      </p>
    );
  return (
    <>
      <p className="state-error" role="alert">
        {t("planning.import.problems", { count: result.issueCount })}
      </p>
      <div className="table-wrap">
        <table>
          <tbody>
            {result.issues.map((i) => (
              <tr key={`${i.line}:${i.field}:${i.code}`}>
                <td>{`${t("planning.import.line")} ${i.line}`}</td>
                <td>{i.field ? t(`planning.import.field.${i.field}`) : ""}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function Normals({ stationId, editable }: { stationId: string; editable: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const normals = useLoad(
    () => api<Normal[]>("GET", `/api/planning/stations/${stationId}/normals`),
    stationId,
  );
  const [draft, setDraft] = useState<Record<number, { et0: number | null; rain: number | null }>>({});
  const { notice, saved, clear } = useSavedNotice();
  const { send, message, busy } = useSubmit((said) => {
    saved(said);
    setDraft({});
    normals.reload();
  });
  // From the catalogs: browsers' ICU often lacks Kyrgyz month names.
  const monthName = (m: number) => t(`planning.normals.months.${m}`);
  const run = (method: "PUT" | "POST", path: string, body?: unknown) => {
    clear();
    void send(method, path, body);
  };
  const entered = Object.entries(draft).flatMap(([m, d]) =>
    d.et0 === null || d.rain === null ? [] : [{ month: Number(m), et0MmPerDay: d.et0, rainMm: d.rain }],
  );
  return (
    <div className="card">
      <h2>{t("planning.normals.title")}</h2>
      <Loaded state={normals}>
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("planning.normals.month")}</th>
                  <th>{t("planning.normals.et0")}</th>
                  <th>{t("planning.normals.rain")}</th>
                  <th>{t("planning.normals.origin")}</th>
                  <th>{t("planning.normals.basis")}</th>
                </tr>
              </thead>
              <tbody>
                {MONTHS.map((m) => {
                  const n = list.find((x) => x.month === m);
                  const d = draft[m] ?? {
                    et0: n ? Number(n.et0MmPerDay.toFixed(2)) : null,
                    rain: n?.rainMm == null ? null : Number(n.rainMm.toFixed(1)),
                  };
                  const set = (key: "et0" | "rain", value: number | null) =>
                    setDraft({ ...draft, [m]: { ...d, [key]: value } });
                  return (
                    <tr key={m}>
                      <td>{monthName(m)}</td>
                      <td>
                        {editable ? (
                          <NumberInput
                            aria-label={`${t("planning.normals.et0")} ${monthName(m)}`}
                            step={0.01}
                            min={0}
                            value={d.et0}
                            onNumberChange={(et0) => set("et0", et0)}
                          />
                        ) : n ? (
                          formatNumber(n.et0MmPerDay, locale, 2)
                        ) : null}
                      </td>
                      <td>
                        {editable ? (
                          <NumberInput
                            aria-label={`${t("planning.normals.rain")} ${monthName(m)}`}
                            step={0.1}
                            min={0}
                            value={d.rain}
                            onNumberChange={(rain) => set("rain", rain)}
                          />
                        ) : n ? (
                          n.rainMm === null ? (
                            t("planning.normals.rainUnknown")
                          ) : (
                            formatNumber(n.rainMm, locale, 1)
                          )
                        ) : null}
                      </td>
                      <td>{n ? t(`planning.normals.origins.${n.origin}`) : ""}</td>
                      <td>
                        {n?.yearCount != null
                          ? t("planning.normals.counted", {
                              years: n.yearCount,
                              rain: n.rainYearCount ?? 0,
                            })
                          : ""}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <p className="muted">{t("planning.normals.rule")}</p>
      {editable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run("PUT", `/api/planning/stations/${stationId}/normals`, { normals: entered });
          }}
        >
          <FormActions saving={busy} nothingToSave={entered.length === 0}>
            <button
              type="button"
              disabled={busy}
              onClick={() => run("POST", `/api/planning/stations/${stationId}/normals/compute`)}
            >
              {t("planning.normals.compute")}
            </button>
          </FormActions>
        </form>
      )}
      {message}
      {notice}
    </div>
  );
}
