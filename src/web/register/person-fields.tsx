import { useTranslation } from "react-i18next";
import { Field } from "../app/ui.js";
import { RELATIONS } from "./api.js";

export interface PersonDraft {
  /** Stable key of the draft in a list of members. */
  key: number;
  relation: string;
  surname: string;
  givenName: string;
  patronymic: string;
  sex: "female" | "male";
  birthDate: string;
  pin: string;
  disabilityGroup: string;
}

/** The relations to the head, in the user's language; `withoutHead` where a head cannot be chosen. */
export function RelationOptions({ withoutHead = false }: { withoutHead?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {RELATIONS.filter((r) => !withoutHead || r !== "head").map((r) => (
        <option key={r} value={r}>
          {t(`registry.relations.${r}`)}
        </option>
      ))}
    </>
  );
}

let drafts = 0;
export const emptyPerson = (relation = "head"): PersonDraft => ({
  key: ++drafts,
  relation,
  surname: "",
  givenName: "",
  patronymic: "",
  sex: "male",
  birthDate: "",
  pin: "",
  disabilityGroup: "",
});

/** The person as the API takes it: empty fields left out, an empty PIN sent as "unknown". */
export function personBody(p: PersonDraft) {
  return {
    surname: p.surname,
    givenName: p.givenName,
    ...(p.patronymic ? { patronymic: p.patronymic } : {}),
    sex: p.sex,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    pin: p.pin || null,
    ...(p.disabilityGroup ? { disabilityGroup: p.disabilityGroup } : {}),
  };
}

/** A person's fields in a form; `errors` are the server's messages keyed by field name. */
export function PersonFields({
  value,
  onChange,
  errors,
  withRelation = true,
  namePrefix,
}: {
  value: PersonDraft;
  onChange: (p: PersonDraft) => void;
  errors: Record<string, string>;
  withRelation?: boolean;
  namePrefix: string;
}) {
  const { t } = useTranslation();
  const set = (k: keyof PersonDraft) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  return (
    <div className="form-grid">
      {withRelation && (
        <Field label={t("reg.relation")} error={errors.relation}>
          <select name={`${namePrefix}.relation`} value={value.relation} onChange={set("relation")}>
            <RelationOptions />
          </select>
        </Field>
      )}
      <Field label={t("registry.book.columns.surname")} error={errors.surname}>
        <input name={`${namePrefix}.surname`} value={value.surname} onChange={set("surname")} required />
      </Field>
      <Field label={t("registry.book.columns.givenName")} error={errors.givenName}>
        <input
          name={`${namePrefix}.givenName`}
          value={value.givenName}
          onChange={set("givenName")}
          required
        />
      </Field>
      <Field label={t("registry.book.columns.patronymic")} error={errors.patronymic}>
        <input name={`${namePrefix}.patronymic`} value={value.patronymic} onChange={set("patronymic")} />
      </Field>
      <Field label={t("registry.book.columns.sex")} error={errors.sex}>
        <select name={`${namePrefix}.sex`} value={value.sex} onChange={set("sex")}>
          <option value="female">{t("registry.sex.female")}</option>
          <option value="male">{t("registry.sex.male")}</option>
        </select>
      </Field>
      <Field label={t("registry.book.columns.birthDate")} error={errors.birthDate}>
        <input
          type="date"
          name={`${namePrefix}.birthDate`}
          value={value.birthDate}
          onChange={set("birthDate")}
        />
      </Field>
      <Field label={t("registry.book.columns.pin")} error={errors.pin}>
        <input
          name={`${namePrefix}.pin`}
          inputMode="numeric"
          maxLength={14}
          value={value.pin}
          onChange={set("pin")}
          placeholder={t("reg.pinHint")}
        />
      </Field>
      <Field label={t("registry.book.columns.disabilityGroup")} error={errors.disabilityGroup}>
        <select
          name={`${namePrefix}.disabilityGroup`}
          value={value.disabilityGroup}
          onChange={set("disabilityGroup")}
        >
          <option value="">—</option>
          {["1", "2", "3", "child"].map((g) => (
            <option key={g} value={g}>
              {t(`reg.disability.${g}`)}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** Field messages of one person from the server's paths ("members.1.person.pin" → "pin"). */
export function personErrors(fields: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}
