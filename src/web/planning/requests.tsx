import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { APPLICATION_EFFICIENCY } from "../../domain/planning/requirement.js";
import { typicalPlantingDate } from "../../domain/planning/season-plan.js";
import { api } from "../app/api.js";
import { formatNumber, todayIso } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  DayInput,
  EmptyState,
  Field,
  FormActions,
  Loaded,
  NumberInput,
  nameOf,
  PastDayInput,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import type { OrganisationCrop, RequestLine, Season, SeasonUser } from "./api.js";
import { SeasonPicker } from "./season-select.js";
import { PlanningTabs } from "./tabs.js";

const METHODS = Object.keys(APPLICATION_EFFICIENCY);
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

/** The season's requests: each contracted user's crops on their plots, checked against the contract. */
export default function RequestsPage() {
  const [seasonId, setSeasonId] = useState<string | null>(null);
  return (
    <section>
      <PlanningTabs />
      <SeasonPicker seasonId={seasonId} onChange={setSeasonId}>
        {(season) => <SeasonRequests key={season.id} season={season} />}
      </SeasonPicker>
    </section>
  );
}

function SeasonRequests({ season }: { season: Season }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const data = useLoad(
    () => api<{ users: SeasonUser[] }>("GET", `/api/planning/seasons/${season.id}/requests`),
    season.id,
  );
  const crops = useLoad(() => api<OrganisationCrop[]>("GET", "/api/planning/crops"), "crops");
  const [editing, setEditing] = useState<string | null>(null);
  const { notice, saved, clear } = useSavedNotice();
  return (
    <Loaded state={data}>
      {({ users }) =>
        users.length === 0 ? (
          <EmptyState />
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("planning.requests.user")}</th>
                    <th>{t("planning.requests.contract")}</th>
                    <th>{t("planning.requests.contracted")}</th>
                    <th>{t("planning.requests.requested")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {users.map((u) => (
                    <tr key={u.waterUserId}>
                      <td>{`${u.waterUserNumber}. ${u.waterUserName}`}</td>
                      <td>{u.number}</td>
                      <td>{formatNumber(sum(u.plots.map((p) => p.contractedAreaHa)), locale, 2)}</td>
                      <td>
                        {u.request
                          ? formatNumber(sum(u.request.lines.map((l) => l.areaHa)), locale, 2)
                          : t("planning.requests.none")}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="link"
                          onClick={() => {
                            clear();
                            setEditing(u.waterUserId);
                          }}
                        >
                          {t("planning.requests.edit")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {editing &&
              crops.data &&
              (() => {
                const user = users.find((u) => u.waterUserId === editing)!;
                // Saved, the editor starts afresh from what the server holds (a lost first sending's
                // lines where it was saved and the correction not sent).
                return (
                  <RequestEditor
                    key={`${editing}:${user.request?.version ?? ""}`}
                    season={season}
                    user={user}
                    crops={crops.data}
                    notice={notice}
                    onSending={clear}
                    onSaved={(said) => {
                      saved(said);
                      data.reload();
                    }}
                  />
                );
              })()}
          </>
        )
      }
    </Loaded>
  );
}

function RequestEditor({
  season,
  user,
  crops,
  notice,
  onSending,
  onSaved,
}: {
  season: Season;
  user: SeasonUser;
  crops: OrganisationCrop[];
  /** What was said of the last saving, kept by the page as this editor starts afresh after it. */
  notice: ReactNode;
  onSending: () => void;
  onSaved: (said?: string) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const cropOf = (code: string) => crops.find((c) => c.crop.code === code)?.crop;
  const fresh = (): RequestLine => {
    const plot = user.plots[0]!;
    const crop = cropOf(plot.cropCode);
    return {
      plotId: plot.plotId,
      cropCode: plot.cropCode,
      areaHa: plot.contractedAreaHa,
      plantingDate: crop ? typicalPlantingDate(crop, season) : season.startsOn,
      irrigationMethod: "furrow",
    };
  };
  // Each line keeps a key of its own, so removing one leaves the others' inputs where they are.
  const keyed = (line: RequestLine) => ({ ...line, key: Math.random().toString(36).slice(2) });
  const [lines, setLines] = useState(() =>
    (user.request?.lines ?? (user.plots.length > 0 ? [fresh()] : [])).map(keyed),
  );
  const [submittedOn, setSubmittedOn] = useState(user.request?.submittedOn ?? todayIso());
  const { send, fields: errors, message, busy } = useSubmit(onSaved);
  const set = (i: number, change: Partial<RequestLine>) =>
    setLines(lines.map((l, k) => (k === i ? { ...l, ...change } : l)));

  function submit(e: FormEvent) {
    e.preventDefault();
    onSending();
    void send("PUT", `/api/planning/seasons/${season.id}/requests/${user.waterUserId}`, {
      submittedOn,
      lines: lines.map(({ key: _, ...line }) => line),
      version: user.request?.version ?? null,
    });
  }
  return (
    <form className="card form" onSubmit={submit}>
      <h2>{`${user.waterUserNumber}. ${user.waterUserName}`}</h2>
      <fieldset className="plain" disabled={!can("planning.write")}>
        <Field label={t("planning.requests.submittedOn")}>
          <PastDayInput required value={submittedOn} onDayChange={setSubmittedOn} />
        </Field>
        {lines.map((line, i) => (
          <div className="form-grid" key={line.key}>
            <Field label={t("planning.requests.plot")} error={errors[`lines.${i}.plotId`]}>
              <select value={line.plotId} onChange={(e) => set(i, { plotId: e.target.value })}>
                {user.plots.map((p) => (
                  <option key={p.plotId} value={p.plotId}>
                    {`${p.cadastralNumber ?? p.plotId.slice(-6)} · ${t("planning.requests.contracted")}: ${p.contractedAreaHa}`}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("planning.requests.crop")} error={errors[`lines.${i}.cropCode`]}>
              <select value={line.cropCode} onChange={(e) => set(i, { cropCode: e.target.value })}>
                {crops.map(({ crop }) => (
                  <option key={crop.code} value={crop.code}>
                    {nameOf(crop.name)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("planning.requests.area")} error={errors[`lines.${i}.areaHa`]}>
              <NumberInput
                min={0.0001}
                step={0.0001}
                required
                value={line.areaHa}
                onNumberChange={(areaHa) => areaHa !== null && set(i, { areaHa })}
              />
            </Field>
            <Field label={t("planning.requests.plantingDate")} error={errors[`lines.${i}.plantingDate`]}>
              <DayInput
                required
                value={line.plantingDate}
                onDayChange={(day) => set(i, { plantingDate: day })}
              />
            </Field>
            <Field label={t("planning.requests.method")}>
              <select
                value={line.irrigationMethod}
                onChange={(e) => set(i, { irrigationMethod: e.target.value })}
              >
                {METHODS.map((m) => (
                  <option key={m} value={m}>
                    {t(`planning.requests.methods.${m}`)}
                  </option>
                ))}
              </select>
            </Field>
            <div className="actions">
              <button type="button" onClick={() => setLines(lines.filter((_, k) => k !== i))}>
                {t("planning.requests.removeLine")}
              </button>
            </div>
          </div>
        ))}
        <FormActions saving={busy}>
          {user.plots.length > 0 && (
            <button type="button" onClick={() => setLines([...lines, keyed(fresh())])}>
              {t("planning.requests.addLine")}
            </button>
          )}
        </FormActions>
      </fieldset>
      {message}
      {notice}
    </form>
  );
}
