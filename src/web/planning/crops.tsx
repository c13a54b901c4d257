import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Crop } from "../../domain/planning/crops.js";
import { kcOnDay } from "../../domain/planning/kc.js";
import { decimalsOf } from "../../domain/shared/number-format.js";
import { api } from "../app/api.js";
import { Chart } from "../app/chart.js";
import { formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  Field,
  FormActions,
  Loaded,
  NumberInput,
  nameOf,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import type { OrganisationCrop } from "./api.js";
import { PlanningTabs } from "./tabs.js";

const STAGES = ["initial", "development", "mid", "late"] as const;
const KC = [
  ["initial", "kcInitial"],
  ["mid", "kcMid"],
  ["end", "kcEnd"],
] as const;

/**
 * A Kc as FAO-56 gives it, to the hundredth or the half-hundredth (maize's end 0.475), with the
 * reader's decimal mark: "0,50", "0,475"; never rounded to "0.47".
 */
const kcText = (kc: number) => formatNumber(kc, currentLocale(), Math.max(2, decimalsOf(kc, 3)));

/** Crops of FAO-56 Tables 11 and 12, with the WUA's own planting dates, stage lengths and Kc. */
export default function CropsPage() {
  const { t } = useTranslation();
  const crops = useLoad(() => api<OrganisationCrop[]>("GET", "/api/planning/crops"), "crops");
  const [code, setCode] = useState<string | null>(null);
  const { notice, saved, clear } = useSavedNotice();
  return (
    <section>
      <PlanningTabs />
      <Loaded state={crops}>
        {(list) => {
          const chosen = list.find((c) => c.crop.code === code);
          return (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t("planning.crops.crop")}</th>
                      <th>{t("planning.crops.planting")}</th>
                      <th>{t("planning.crops.stages")}</th>
                      <th>{t("planning.crops.kc")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map(({ crop, adjustment }) => (
                      <tr key={crop.code}>
                        <td>
                          <button type="button" className="link" onClick={() => setCode(crop.code)}>
                            {nameOf(crop.name)}
                          </button>
                          {adjustment && <span className="badge">{t("planning.crops.adjusted")}</span>}
                        </td>
                        <td>{crop.typicalPlanting}</td>
                        <td>{STAGES.map((s) => crop.stagesDays[s]).join(" / ")}</td>
                        <td>{[crop.kc.initial, crop.kc.mid, crop.kc.end].map(kcText).join(" / ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {chosen && (
                // Saved, the editor starts afresh from what the server holds (a lost first sending's
                // values where it was saved and the correction not sent).
                <CropEditor
                  key={`${chosen.crop.code}:${chosen.adjustment?.version ?? ""}`}
                  entry={chosen}
                  onSending={clear}
                  onSaved={(said) => {
                    saved(said);
                    crops.reload();
                  }}
                />
              )}
              {notice}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function CropEditor({
  entry,
  onSending,
  onSaved,
}: {
  entry: OrganisationCrop;
  onSending: () => void;
  onSaved: (said?: string) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [crop, setCrop] = useState<Crop>(entry.crop);
  const { send, message, busy } = useSubmit(onSaved);
  const { reference } = entry;
  const length = STAGES.reduce((s, k) => s + crop.stagesDays[k], 0);
  const days = Array.from({ length }, (_, d) => d);

  function submit(e: FormEvent) {
    e.preventDefault();
    onSending();
    // Only what differs from the table is the WUA's own.
    const stagesDays = Object.fromEntries(
      STAGES.filter((k) => crop.stagesDays[k] !== reference.stagesDays[k]).map((k) => [
        k,
        crop.stagesDays[k],
      ]),
    );
    const kc = Object.fromEntries(
      KC.filter(([k]) => crop.kc[k] !== reference.kc[k]).map(([k]) => [k, crop.kc[k]]),
    );
    void send("PUT", `/api/planning/crops/${crop.code}`, {
      typicalPlanting: crop.typicalPlanting === reference.typicalPlanting ? null : crop.typicalPlanting,
      stagesDays,
      kc,
      version: entry.adjustment?.version ?? null,
    });
  }
  return (
    <form className="card form" onSubmit={submit}>
      <h2>{nameOf(crop.name)}</h2>
      <p className="muted">{`${t("planning.crops.source")}: ${reference.stagesFrom}`}</p>
      <fieldset className="plain" disabled={!can("planning.write")}>
        <div className="form-grid">
          <Field
            label={`${t("planning.crops.planting")} · ${t("planning.crops.reference", { value: reference.typicalPlanting })}`}
          >
            <input
              value={crop.typicalPlanting}
              pattern="(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
              onChange={(e) => setCrop({ ...crop, typicalPlanting: e.target.value })}
            />
          </Field>
          {STAGES.map((k) => (
            <Field
              key={k}
              label={`${t(`planning.crops.${k}`)} · ${t("planning.crops.reference", { value: reference.stagesDays[k] })}`}
            >
              <NumberInput
                min={1}
                max={365}
                step={1}
                required
                value={crop.stagesDays[k]}
                onNumberChange={(days) =>
                  days !== null && setCrop({ ...crop, stagesDays: { ...crop.stagesDays, [k]: days } })
                }
              />
            </Field>
          ))}
          {KC.map(([k, label]) => (
            <Field
              key={k}
              label={`${t(`planning.crops.${label}`)} · ${t("planning.crops.reference", { value: reference.kc[k] })}`}
            >
              <NumberInput
                min={0}
                max={2}
                // FAO-56's own values go to the half-hundredth (maize's Kc end 0.475).
                step={0.005}
                required
                value={crop.kc[k]}
                onNumberChange={(kc) => kc !== null && setCrop({ ...crop, kc: { ...crop.kc, [k]: kc } })}
              />
            </Field>
          ))}
        </div>
        <FormActions saving={busy} />
      </fieldset>
      {message}
      <Chart
        title={t("planning.crops.kcCurve")}
        labels={days.map(String)}
        series={[{ label: t("planning.crops.kcCurve"), values: days.map((d) => kcOnDay(crop, d)) }]}
        kind="line"
        digits={2}
      />
    </form>
  );
}
