import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../app/api.js";
import { formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  EmptyState,
  Field,
  FormActions,
  Loaded,
  NumberInput,
  useLoad,
  useSavedNotice,
  useSubmit,
} from "../app/ui.js";
import type { Station } from "./api.js";
import { PlanningTabs } from "./tabs.js";

/** The WUA's weather stations: where its climate comes from. */
export default function StationsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const stations = useLoad(() => api<Station[]>("GET", "/api/planning/stations"), "stations");
  const locale = currentLocale();
  return (
    <section>
      <PlanningTabs />
      <Loaded state={stations}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("planning.station.name")}</th>
                    <th>{t("planning.station.latitude")}</th>
                    <th>{t("planning.station.longitude")}</th>
                    <th>{t("planning.station.altitude")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>{formatNumber(s.latitudeDeg, locale, 4)}</td>
                      <td>{formatNumber(s.longitudeDeg, locale, 4)}</td>
                      <td>{formatNumber(s.altitudeM, locale, 0)}</td>
                      <td>
                        <Link to={`/planning/stations/${s.id}`}>{t("planning.station.open")}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {can("planning.write") && <StationForm onSaved={stations.reload} />}
    </section>
  );
}

function StationForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { notice, saved, clear } = useSavedNotice();
  const { send, fields, message, busy } = useSubmit((said) => {
    saved(said);
    onSaved();
  });
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    clear();
    const added = await send("POST", "/api/planning/stations", {
      name: String(f.get("name")),
      latitudeDeg: Number(f.get("latitudeDeg")),
      longitudeDeg: Number(f.get("longitudeDeg")),
      altitudeM: Number(f.get("altitudeM")),
    });
    if (added) form.reset();
  }
  return (
    <form className="card form" onSubmit={submit}>
      <div className="form-grid">
        <Field label={t("planning.station.name")} error={fields.name}>
          <input name="name" required maxLength={200} />
        </Field>
        <Field label={t("planning.station.latitude")} error={fields.latitudeDeg}>
          <NumberInput name="latitudeDeg" min={-90} max={90} required />
        </Field>
        <Field label={t("planning.station.longitude")} error={fields.longitudeDeg}>
          <NumberInput name="longitudeDeg" min={-180} max={180} required />
        </Field>
        <Field label={t("planning.station.altitude")} error={fields.altitudeM}>
          <NumberInput name="altitudeM" required />
        </Field>
      </div>
      {message}
      {notice}
      <FormActions saving={busy} saveLabel={t("planning.station.add")} />
    </form>
  );
}
