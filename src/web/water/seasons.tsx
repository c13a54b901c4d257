import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../app/api.js";
import { formatDate } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  DayInput,
  EmptyState,
  Field,
  FormActions,
  Loaded,
  NumberInput,
  useLoad,
  useSubmit,
} from "../app/ui.js";
import type { Season } from "./api.js";

/** The provider's irrigation seasons; contracts, plans and invoices belong to one. */
export default function SeasonsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const seasons = useLoad(() => api<Season[]>("GET", "/api/water/seasons"), "seasons");
  const { send, fields, message, busy } = useSubmit(() => seasons.reload());
  const year = new Date().getFullYear();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void send("POST", "/api/water/seasons", {
      year: Number(f.get("year")),
      name: f.get("name"),
      startsOn: f.get("startsOn"),
      endsOn: f.get("endsOn"),
    });
  }
  const day = (d: string) => formatDate(d, currentLocale());
  return (
    <section>
      <h1>{t("wu.seasons")}</h1>
      <Loaded state={seasons}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("wu.seasonName")}</th>
                    <th>{t("wu.year")}</th>
                    <th>{t("wu.period")}</th>
                    <th>{t("wu.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>{s.year}</td>
                      <td>
                        {day(s.startsOn)} – {day(s.endsOn)}
                      </td>
                      <td>{t(s.closedAt ? "wu.seasonClosed" : "wu.seasonOpen")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {can("water.users") && (
        <form className="card form" onSubmit={submit}>
          <h2>{t("wu.newSeason")}</h2>
          <div className="form-grid">
            <Field label={t("wu.seasonName")} error={fields.name}>
              <input name="name" required defaultValue={t("wu.seasonDefault", { year })} />
            </Field>
            <Field label={t("wu.year")} error={fields.year}>
              <NumberInput name="year" min={2000} max={2100} step={1} defaultValue={year} required />
            </Field>
            <Field label={t("wu.startsOn")} error={fields.startsOn}>
              <DayInput name="startsOn" defaultValue={`${year}-04-01`} required />
            </Field>
            <Field label={t("wu.endsOn")} error={fields.endsOn}>
              <DayInput name="endsOn" defaultValue={`${year}-09-30`} required />
            </Field>
          </div>
          {message}
          <FormActions saving={busy} />
        </form>
      )}
    </section>
  );
}
