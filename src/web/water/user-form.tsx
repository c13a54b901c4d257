import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Field, FormActions, LanguageOptions, useSubmit } from "../app/ui.js";
import { VillageSelect } from "../pages/register.js";
import { LEGAL_ENTITY_KINDS, useWaterVillages, WATER_USER_KINDS, type WaterUser } from "./api.js";

/** A water user's details: a person (Cyrillic names, PIN) or a legal entity (name, kind, tax number). */
export function WaterUserForm({ user, onDone }: { user?: WaterUser; onDone: (saved: WaterUser) => void }) {
  const { t } = useTranslation();
  const villages = useWaterVillages();
  const [kind, setKind] = useState<WaterUser["kind"]>(user?.kind ?? "person");
  const { send, fields, message, busy } = useSubmit(() => {});
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim() || null;
    const body = {
      kind,
      ...(kind === "person"
        ? {
            pin: text("pin"),
            surname: text("surname"),
            givenName: text("givenName"),
            patronymic: text("patronymic"),
          }
        : { legalName: text("legalName"), legalEntityKind: text("legalEntityKind"), taxId: text("taxId") }),
      villageCode: text("villageCode"),
      member: f.get("member") === "on",
      phone: text("phone"),
      locale: f.get("locale"),
      notes: text("notes"),
      ...(user ? { version: user.version } : {}),
    };
    const saved = user
      ? await send<WaterUser>("PATCH", `/api/water/users/${user.id}`, body)
      : await send<WaterUser>("POST", "/api/water/users", body);
    if (saved) onDone(saved);
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <div className="form-grid">
        <Field label={t("wu.kind")}>
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as WaterUser["kind"])}>
            {WATER_USER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`wu.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === "person" ? (
          <>
            <Field label={t("registry.book.columns.surname")} error={fields.surname}>
              <input name="surname" defaultValue={user?.surname ?? ""} required />
            </Field>
            <Field label={t("registry.book.columns.givenName")} error={fields.givenName}>
              <input name="givenName" defaultValue={user?.givenName ?? ""} required />
            </Field>
            <Field label={t("registry.book.columns.patronymic")} error={fields.patronymic}>
              <input name="patronymic" defaultValue={user?.patronymic ?? ""} />
            </Field>
            {/* Said under the field, not inside it: a placeholder this long is cut off on a phone. */}
            <Field label={t("reg.pin")} error={fields.pin} hint={t("reg.pinHint")}>
              <input name="pin" inputMode="numeric" maxLength={14} defaultValue={user?.pin ?? ""} />
            </Field>
          </>
        ) : (
          <>
            <Field label={t("wu.legalName")} error={fields.legalName}>
              <input name="legalName" defaultValue={user?.legalName ?? ""} required />
            </Field>
            <Field label={t("wu.entityKind")} error={fields.legalEntityKind}>
              <select name="legalEntityKind" defaultValue={user?.legalEntityKind ?? "farm"}>
                {LEGAL_ENTITY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`wu.entityKinds.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("wu.taxId")} error={fields.taxId}>
              <input name="taxId" inputMode="numeric" defaultValue={user?.taxId ?? ""} />
            </Field>
          </>
        )}
        <Field label={t("reg.village")} error={fields.villageCode}>
          <VillageSelect villages={villages.data} defaultValue={user?.villageCode ?? ""} empty="—" />
        </Field>
        <Field label={t("wu.phone")} error={fields.phone}>
          <input name="phone" type="tel" defaultValue={user?.phone ?? ""} placeholder="0555 12 34 56" />
        </Field>
        <Field label={t("wu.language")}>
          <select name="locale" defaultValue={user?.locale ?? "ky"}>
            <LanguageOptions />
          </select>
        </Field>
        <label className="check">
          <input type="checkbox" name="member" defaultChecked={user?.member ?? true} />
          <span>{t("wu.member")}</span>
        </label>
        <Field label={t("wu.notes")} error={fields.notes}>
          <textarea name="notes" defaultValue={user?.notes ?? ""} rows={2} />
        </Field>
      </div>
      {message}
      <FormActions saving={busy} />
    </form>
  );
}

/** Registers a new water user and opens their card. */
export default function NewWaterUserPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section>
      <h1>{t("wu.newUser")}</h1>
      <WaterUserForm onDone={(u) => navigate(`/water/users/${u.id}`)} />
    </section>
  );
}
