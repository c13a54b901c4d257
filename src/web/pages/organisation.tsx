import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { utcOffsetText } from "../../domain/shared/local-time.js";
import { ORGANISATION_DETAIL_FIELDS } from "../../domain/shared/organisation-details.js";
import { api, type Organisation } from "../app/api.js";
import { useSession } from "../app/session.js";
import { Field, FormActions, Loaded, useLoad, useSavedNotice, useSubmit } from "../app/ui.js";

/**
 * The zones of the countries Aimak serves first, each offered by its city's name in the page's
 * language (`profile.zone.*`) and its offset today; the IANA name is what is stored. A zone set
 * otherwise (the API takes any IANA name) is offered by its IANA name, as nothing names it.
 */
const TIME_ZONES = new Map([
  ["Asia/Bishkek", "bishkek"],
  ["Asia/Dushanbe", "dushanbe"],
  ["Asia/Tashkent", "tashkent"],
  ["Asia/Samarkand", "samarkand"],
  ["Asia/Almaty", "almaty"],
]);

const BANK_FIELDS: readonly string[] = ["bankName", "bankAccount", "bankCode"];

/**
 * Whether an organisation of this kind issues papers and bills anyone: a district office only reads
 * municipalities' books, so it is asked neither for a Russian address for papers nor for bank details.
 */
const issuesPapers = (kind: string) => kind !== "district-office";

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
  const zones = [...TIME_ZONES.keys(), ...(TIME_ZONES.has(org.timeZone) ? [] : [org.timeZone])];
  const zoneLabel = (zone: string) => {
    const city = TIME_ZONES.get(zone);
    return t("profile.zoneLabel", {
      zone: city ? t(`profile.zone.${city}`) : zone,
      offset: utcOffsetText(Date.now(), zone),
    });
  };
  const fields = issuesPapers(org.kind)
    ? ORGANISATION_DETAIL_FIELDS
    : ORGANISATION_DETAIL_FIELDS.filter((f) => !BANK_FIELDS.includes(f));
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
            <select
              name="timeZone"
              value={timeZone}
              disabled={!configurable}
              onChange={(e) => setTimeZone(e.target.value)}
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {zoneLabel(z)}
                </option>
              ))}
            </select>
          </Field>
          {fields.map((f) => (
            <Field
              key={f}
              label={t(`profile.${f}`)}
              error={fieldErrors[`details.${f}`]}
              // Russian papers print the Kyrgyz address while this one is empty (paperGaps).
              hint={
                f === "addressRu" && !details[f]?.trim() && issuesPapers(org.kind)
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
