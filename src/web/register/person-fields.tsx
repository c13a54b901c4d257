import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { kinshipWarnings } from "../../domain/registry/kinship.js";
import { EARLIEST_BIRTH_DATE } from "../../domain/registry/person.js";
import {
  COMMON_CITIZENSHIPS,
  COUNTRY_CODES,
  DISABILITY_GROUPS,
  HOME_COUNTRY,
  isCountryCode,
  MIGRATION_DESTINATIONS,
} from "../../domain/registry/vocabulary.js";
import { api } from "../app/api.js";
import { Check, Field, PastDayInput } from "../app/ui.js";
import { type Page, type Person, type PersonHit, RELATIONS } from "./api.js";

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
  /** ISO 3166-1 alpha-2 code. */
  citizenship: string;
  disabilityGroup: string;
  education: string;
  occupation: string;
  /** Away on labour migration: where (country's code, place) and since when. */
  abroad: boolean;
  migrationCountry: string;
  migrationPlace: string;
  migrationSince: string;
}

/**
 * A country chosen by its name: the usual ones first, then every other in alphabetical order of the
 * user's language, stored as its code. A labour migrant's (`abroad`) is never this country. A text
 * kept before countries were codes is shown as it was typed, until another is chosen.
 */
export function CountrySelect({
  name,
  value,
  onChange,
  abroad = false,
  none,
}: {
  name: string;
  value: string;
  onChange: (code: string) => void;
  abroad?: boolean;
  /** What choosing no country says (a labour migrant come back); without it a country is required. */
  none?: string;
}) {
  const { t, i18n } = useTranslation();
  const usual: readonly string[] = abroad ? MIGRATION_DESTINATIONS : COMMON_CITIZENSHIPS;
  const others = useMemo(() => {
    const alphabetical = new Intl.Collator(i18n.language);
    return COUNTRY_CODES.filter((code) => !usual.includes(code) && !(abroad && code === HOME_COUNTRY))
      .map((code) => ({ code, name: t(`reg.countries.${code}`) }))
      .sort((a, b) => alphabetical.compare(a.name, b.name));
  }, [abroad, usual, t, i18n.language]);
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.target.value)} required={!none}>
      {(none || value === "") && <option value="">{none ?? "—"}</option>}
      {value !== "" && !isCountryCode(value) && <option value={value}>{value}</option>}
      <optgroup label={t("reg.countriesUsual")}>
        {usual.map((code) => (
          <option key={code} value={code}>
            {t(`reg.countries.${code}`)}
          </option>
        ))}
      </optgroup>
      <optgroup label={t("reg.countriesOther")}>
        {others.map(({ code, name }) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </optgroup>
    </select>
  );
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
  citizenship: "KG",
  disabilityGroup: "",
  education: "",
  occupation: "",
  abroad: false,
  migrationCountry: "",
  migrationPlace: "",
  migrationSince: "",
});

/** A stored person as the form shows it, every field filled in from the record. */
export const personDraft = (p: Person, relation: string): PersonDraft => ({
  key: ++drafts,
  relation,
  surname: p.surname,
  givenName: p.givenName,
  patronymic: p.patronymic ?? "",
  sex: p.sex,
  birthDate: p.birthDate ?? "",
  pin: p.pin ?? "",
  citizenship: p.citizenship,
  disabilityGroup: p.disabilityGroup ?? "",
  education: p.education ?? "",
  occupation: p.occupation ?? "",
  abroad: p.migration !== null,
  migrationCountry: p.migration?.country ?? "",
  migrationPlace: p.migration?.place ?? "",
  migrationSince: p.migration?.since ?? "",
});

const orNull = (text: string) => text.trim() || null;

/**
 * The person as the API takes it, every field sent: an empty one as null (cleared, or "unknown"
 * for a PIN), so a correction says what the clerk sees and a new person is the same shape.
 */
export function personBody(p: PersonDraft) {
  return {
    surname: p.surname,
    givenName: p.givenName,
    patronymic: orNull(p.patronymic),
    sex: p.sex,
    birthDate: p.birthDate || null,
    pin: p.pin || null,
    citizenship: p.citizenship,
    disabilityGroup: p.disabilityGroup || null,
    education: orNull(p.education),
    occupation: orNull(p.occupation),
    migration: p.abroad
      ? {
          country: p.migrationCountry,
          ...(p.migrationPlace.trim() ? { place: p.migrationPlace } : {}),
          since: p.migrationSince,
        }
      : null,
  };
}

/**
 * The living people of the register who already hold a PIN typed in full. Entering them again
 * would count one person twice, so the clerk is told who and where before saving; the same PIN
 * may still be saved (a typo in the older record), knowingly. `self` is the person being corrected.
 */
function PinHolders({ pin, self }: { pin: string; self: string | undefined }) {
  const { t } = useTranslation();
  const [holders, setHolders] = useState<PersonHit[]>([]);
  useEffect(() => {
    setHolders([]);
    if (!/^\d{14}$/.test(pin)) return;
    let current = true;
    api<Page<PersonHit>>("GET", `/api/registry/people?q=${pin}`).then(
      (found) => current && setHolders(found.items.filter((p) => p.id !== self && !p.deathDate)),
      // A look-up that failed only loses the warning; saving still checks what it must.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [pin, self]);
  return holders.map((h) => (
    <span key={h.id} className="notice notice-warning pin-held" role="note">
      {t("reg.pinHeld", { name: [h.surname, h.givenName, h.patronymic].filter(Boolean).join(" ") })}
      {h.householdId && (
        <>
          {", "}
          <Link to={`/register/households/${h.householdId}`} target="_blank" rel="noopener">
            {t("reg.pinHeldHousehold", { number: h.householdNumber })}
          </Link>
        </>
      )}
    </span>
  ));
}

/** A member the head's birth date is checked against: the name the warning gives, the day the relation began. */
export interface KinOfHead {
  name: string;
  relation: string;
  birthDate: string | null;
  on: string;
}

/** Who a person's relation is checked against (kinshipWarnings). */
export interface KinCheck {
  /** The household's head (none: nothing to compare with). */
  head: { birthDate: string | null } | null | undefined;
  /** The day the person takes the relation. */
  on: string;
  /** For the head themself: the other members, whose relations the head's birth date may upset. */
  others?: readonly KinOfHead[];
}

/** Warnings of kinship as every form shows them: notes the clerk may save past, knowing the facts. */
function KinWarnings({ texts }: { texts: string[] }) {
  return texts.map((text) => (
    <span key={text} className="notice notice-warning kin-warning" role="note">
      {text}
    </span>
  ));
}

/**
 * What makes a member's relation to a head hard to believe, for a form where the relation is chosen
 * and the birth dates are already known (a split's new head, a household married into).
 */
export function RelationWarnings({
  member,
  head,
  on,
}: {
  member: { relation: string; birthDate: string | null };
  head: { birthDate: string | null } | null | undefined;
  on: string;
}) {
  const { t } = useTranslation();
  return (
    <KinWarnings
      texts={kinshipWarnings(member, head, on).map((w) => t(`errors.field.${w.code}`, w.params))}
    />
  );
}

/**
 * What makes the relation typed hard to believe, said under the birth date as it is typed (as a
 * PIN already held is): a warning the clerk may save past, knowing the facts.
 */
function KinshipNotes({ person, kin }: { person: PersonDraft; kin: KinCheck }) {
  const { t } = useTranslation();
  const birthDate = person.birthDate || null;
  if (person.relation !== "head")
    return <RelationWarnings member={{ relation: person.relation, birthDate }} head={kin.head} on={kin.on} />;
  return (
    <KinWarnings
      texts={(kin.others ?? []).flatMap((other) =>
        kinshipWarnings(other, { birthDate }, other.on).map((w) =>
          t("reg.kinWarningOf", { name: other.name, warning: t(`errors.field.${w.code}`, w.params) }),
        ),
      )}
    />
  );
}

/** A person's fields in a form; `errors` are the server's messages keyed by field name. */
export function PersonFields({
  value,
  onChange,
  errors,
  withRelation = true,
  namePrefix,
  personId,
  kin,
}: {
  value: PersonDraft;
  onChange: (p: PersonDraft) => void;
  errors: Record<string, string>;
  withRelation?: boolean;
  namePrefix: string;
  /** The stored person a correction is of, who holds their own PIN. */
  personId?: string;
  /** Who the relation is checked against, where the form knows the household. */
  kin?: KinCheck;
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
        <PastDayInput
          name={`${namePrefix}.birthDate`}
          value={value.birthDate}
          min={EARLIEST_BIRTH_DATE}
          onDayChange={(day) => onChange({ ...value, birthDate: day })}
        />
        {kin && <KinshipNotes person={value} kin={kin} />}
      </Field>
      {/* Said under the field, not inside it: a placeholder this long is cut off on a phone. */}
      <Field label={t("registry.book.columns.pin")} error={errors.pin} hint={t("reg.pinHint")}>
        <input
          name={`${namePrefix}.pin`}
          inputMode="numeric"
          maxLength={14}
          value={value.pin}
          onChange={set("pin")}
        />
        <PinHolders pin={value.pin} self={personId} />
      </Field>
      <Field label={t("registry.book.columns.disabilityGroup")} error={errors.disabilityGroup}>
        <select
          name={`${namePrefix}.disabilityGroup`}
          value={value.disabilityGroup}
          onChange={set("disabilityGroup")}
        >
          <option value="">—</option>
          {DISABILITY_GROUPS.map((g) => (
            <option key={g} value={g}>
              {t(`reg.disability.${g}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("reg.citizenship")} error={errors.citizenship}>
        <CountrySelect
          name={`${namePrefix}.citizenship`}
          value={value.citizenship}
          onChange={(citizenship) => onChange({ ...value, citizenship })}
        />
      </Field>
      <Field label={t("registry.book.columns.education")} error={errors.education}>
        <input name={`${namePrefix}.education`} value={value.education} onChange={set("education")} />
      </Field>
      <Field label={t("registry.book.columns.occupation")} error={errors.occupation}>
        <input name={`${namePrefix}.occupation`} value={value.occupation} onChange={set("occupation")} />
      </Field>
      <Check
        name={`${namePrefix}.abroad`}
        checked={value.abroad}
        onChange={(abroad) => onChange({ ...value, abroad })}
      >
        {t("reg.labourMigration")}
      </Check>
      {value.abroad && (
        <>
          <Field label={t("reg.migrationCountry")} error={errors["migration.country"]}>
            <CountrySelect
              name={`${namePrefix}.migrationCountry`}
              value={value.migrationCountry}
              onChange={(migrationCountry) => onChange({ ...value, migrationCountry })}
              abroad
            />
          </Field>
          <Field label={t("reg.migrationPlace")} error={errors["migration.place"]}>
            <input
              name={`${namePrefix}.migrationPlace`}
              value={value.migrationPlace}
              onChange={set("migrationPlace")}
            />
          </Field>
          <Field label={t("reg.migrationSince")} error={errors["migration.since"]}>
            <PastDayInput
              name={`${namePrefix}.migrationSince`}
              value={value.migrationSince}
              onDayChange={(day) => onChange({ ...value, migrationSince: day })}
              required
            />
          </Field>
        </>
      )}
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
