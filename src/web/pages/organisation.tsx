import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ORGANISATION_DETAIL_FIELDS } from "../../domain/shared/organisation-details.js";
import { api, type Organisation } from "../app/api.js";
import { useSession } from "../app/session.js";
import { Field, FormActions, Loaded, useLoad, useSavedNotice, useSubmit } from "../app/ui.js";

/** The zones of the countries Aimak serves first; any other IANA name may be typed. */
const TIME_ZONES = ["Asia/Bishkek", "Asia/Dushanbe", "Asia/Tashkent", "Asia/Samarkand", "Asia/Almaty"];

export default function OrganisationPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const state = useLoad(() => api<Organisation>("GET", "/api/organisation"), "organisation");
  const { notice, saved, clear } = useSavedNotice();
  return (
    <section>
      <h1>{t("profile.title")}</h1>
      {notice}
      <Loaded state={state}>
        {(org) => (
          // A new version gives a fresh form, filled from what the server now holds.
          <ProfileForm
            key={org.version}
            org={org}
            editable={can("org.update")}
            configurable={can("org.configure")}
            onEdit={clear}
            onSaved={(said) => {
              saved(said);
              state.reload();
            }}
          />
        )}
      </Loaded>
    </section>
  );
}

function ProfileForm({
  org,
  editable,
  configurable,
  onEdit,
  onSaved,
}: {
  org: Organisation;
  editable: boolean;
  configurable: boolean;
  onEdit: () => void;
  onSaved: (said?: string) => void;
}) {
  const { t } = useTranslation();
  const [nameKy, setNameKy] = useState(org.name.ky ?? "");
  const [nameRu, setNameRu] = useState(org.name.ru ?? "");
  const [details, setDetails] = useState<Record<string, string>>(
    Object.fromEntries(ORGANISATION_DETAIL_FIELDS.map((f) => [f, org.details[f] ?? ""])),
  );
  const [timeZone, setTimeZone] = useState(org.timeZone);
  const { send, fields: fieldErrors, message, busy } = useSubmit(onSaved);

  function submit(e: FormEvent) {
    e.preventDefault();
    onEdit();
    const filled = Object.fromEntries(Object.entries(details).filter(([, v]) => v.trim() !== ""));
    void send("PATCH", "/api/organisation", {
      version: org.version,
      name: { ...org.name, ...(nameKy ? { ky: nameKy } : {}), ...(nameRu ? { ru: nameRu } : {}) },
      details: filled,
      ...(timeZone !== org.timeZone ? { timeZone } : {}),
    });
  }

  return (
    <form className="card form" onSubmit={submit}>
      <fieldset disabled={!editable} className="plain">
        <div className="form-grid">
          <Field label={t("profile.kind")}>
            <input value={t(`org.kind.${org.kind}`)} readOnly />
          </Field>
          <Field label={t("profile.place")}>
            <input value={org.adminUnitCode} readOnly />
          </Field>
          <Field label={t("profile.nameKy")} error={fieldErrors["name.ky"]}>
            <input name="nameKy" value={nameKy} onChange={(e) => setNameKy(e.target.value)} />
          </Field>
          <Field label={t("profile.nameRu")} error={fieldErrors["name.ru"]}>
            <input name="nameRu" value={nameRu} onChange={(e) => setNameRu(e.target.value)} />
          </Field>
          <Field label={t("profile.timeZone")} error={fieldErrors.timeZone}>
            <input
              name="timeZone"
              list="time-zones"
              value={timeZone}
              readOnly={!configurable}
              onChange={(e) => setTimeZone(e.target.value)}
            />
            <datalist id="time-zones">
              {TIME_ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </Field>
          {ORGANISATION_DETAIL_FIELDS.map((f) => (
            <Field
              key={f}
              label={t(`profile.${f}`)}
              error={fieldErrors[`details.${f}`]}
              // Russian papers print the Kyrgyz address while this one is empty (paperGaps); an
              // office issues no papers.
              hint={
                f === "addressRu" && !details[f]?.trim() && org.kind !== "district-office"
                  ? t("profile.paperGap.addressRuNeeded")
                  : undefined
              }
            >
              <input
                name={f}
                value={details[f] ?? ""}
                onChange={(e) => setDetails({ ...details, [f]: e.target.value })}
              />
            </Field>
          ))}
        </div>
      </fieldset>
      {message}
      {editable && <FormActions saving={busy} />}
    </form>
  );
}
