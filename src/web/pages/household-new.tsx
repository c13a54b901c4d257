import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { ApiProblem, api } from "../app/api.js";
import { todayIso } from "../app/format.js";
import { Field, FormActions, PastDayInput, problemText } from "../app/ui.js";
import {
  emptyPerson,
  type PersonDraft,
  PersonFields,
  personBody,
  personErrors,
} from "../register/person-fields.js";
import { useVillages, VillageOptions } from "./register.js";

export default function NewHouseholdPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const villages = useVillages();
  const [address, setAddress] = useState({
    villageCode: "",
    street: "",
    house: "",
    phone: "",
    formedOn: todayIso(),
  });
  const [members, setMembers] = useState<PersonDraft[]>([emptyPerson("head")]);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFields({});
    setSaving(true);
    try {
      const created = await api<{ id: string }>("POST", "/api/registry/households", {
        villageCode: address.villageCode,
        ...(address.street ? { street: address.street } : {}),
        ...(address.house ? { house: address.house } : {}),
        ...(address.phone ? { phone: address.phone } : {}),
        formedOn: address.formedOn,
        members: members.map((m) => ({ relation: m.relation, person: personBody(m) })),
      });
      navigate(`/register/households/${created.id}`);
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      // Full paths ("members.0.person.pin") so each member's field gets its own message.
      setFields(err.fieldErrors());
      setError(problemText(err, t));
    } finally {
      setSaving(false);
    }
  }

  // The head's birth date as typed: each member's relation is checked against it.
  const headOf = (drafts: PersonDraft[]) => {
    const head = drafts.find((m) => m.relation === "head");
    return head ? { birthDate: head.birthDate || null } : null;
  };
  const setA = (k: keyof typeof address) => (e: { target: { value: string } }) =>
    setAddress({ ...address, [k]: e.target.value });
  return (
    <section>
      <h1>{t("reg.newHousehold")}</h1>
      <form className="card form" onSubmit={submit}>
        <h2>{t("reg.address")}</h2>
        <div className="form-grid">
          <Field label={t("reg.village")} error={fields.villageCode}>
            <select name="villageCode" value={address.villageCode} onChange={setA("villageCode")} required>
              <option value="">—</option>
              <VillageOptions villages={villages.data} />
            </select>
          </Field>
          <Field label={t("registry.book.columns.street")}>
            <input name="street" value={address.street} onChange={setA("street")} />
          </Field>
          <Field label={t("registry.book.columns.house")}>
            <input name="house" value={address.house} onChange={setA("house")} />
          </Field>
          <Field label={t("registry.book.columns.phone")}>
            <input name="phone" type="tel" value={address.phone} onChange={setA("phone")} />
          </Field>
          <Field label={t("registry.book.columns.formedOn")}>
            <PastDayInput name="formedOn" value={address.formedOn} onChange={setA("formedOn")} required />
          </Field>
        </div>
        {members.map((m, i) => (
          <fieldset key={m.key} className="member">
            <legend>
              {t("reg.member")} {i + 1}
            </legend>
            <PersonFields
              namePrefix={`members.${i}`}
              value={m}
              errors={personErrors(fields, `members.${i}.person.`)}
              onChange={(p) => setMembers(members.map((x, j) => (j === i ? p : x)))}
              kin={{ head: headOf(members), on: address.formedOn }}
            />
            {i > 0 && (
              <button
                type="button"
                className="link"
                onClick={() => setMembers(members.filter((_, j) => j !== i))}
              >
                {t("reg.removeMember")}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" onClick={() => setMembers([...members, emptyPerson("son")])}>
          {t("reg.addMember")}
        </button>
        {error && (
          <p className="state-error" role="alert">
            {error}
          </p>
        )}
        <FormActions saving={saving} />
      </form>
    </section>
  );
}
