import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { todayIso } from "../app/format.js";
import { Field, FormActions, PastDayInput, useSubmit } from "../app/ui.js";
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
  // A sending corrected after a lost answer whose first sending registered the household opens
  // that one's card and says so: it was registered once, with what was first sent.
  const open = (id: string, said?: string) =>
    navigate(`/register/households/${id}`, said ? { state: { said } } : undefined);
  const { send, fields, message, busy } = useSubmit((said, first) => {
    const registered = (first as { id?: string } | undefined)?.id;
    if (said && registered) open(registered, said);
    // Registered, but the service could not keep its answer: the form is left for the register,
    // searched for the head, where the household is; saved again, it would be registered twice.
    else if (said) {
      const head = members.find((m) => m.relation === "head");
      const q = [head?.surname, head?.givenName].filter(Boolean).join(" ");
      navigate(`/register?what=households${q ? `&q=${encodeURIComponent(q)}` : ""}`, {
        state: { said: t("reg.registeredAnswerLost") },
      });
    }
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const created = await send<{ id: string }>("POST", "/api/registry/households", {
      villageCode: address.villageCode,
      ...(address.street ? { street: address.street } : {}),
      ...(address.house ? { house: address.house } : {}),
      ...(address.phone ? { phone: address.phone } : {}),
      formedOn: address.formedOn,
      members: members.map((m) => ({ relation: m.relation, person: personBody(m) })),
    });
    if (created) open(created.id);
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
          <Field label={t("registry.book.columns.street")} error={fields.street}>
            <input name="street" value={address.street} onChange={setA("street")} />
          </Field>
          <Field label={t("registry.book.columns.house")} error={fields.house}>
            <input name="house" value={address.house} onChange={setA("house")} />
          </Field>
          <Field label={t("registry.book.columns.phone")} error={fields.phone}>
            <input name="phone" type="tel" value={address.phone} onChange={setA("phone")} />
          </Field>
          <Field label={t("registry.book.columns.formedOn")} error={fields.formedOn}>
            <PastDayInput
              name="formedOn"
              value={address.formedOn}
              onDayChange={(day) => setAddress({ ...address, formedOn: day })}
              required
            />
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
        {message}
        <FormActions saving={busy} />
      </form>
    </section>
  );
}
