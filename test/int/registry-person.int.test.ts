import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../src/server/platform/i18n.js";
import {
  type Client,
  householdOfOne,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220990000";
// Two days ahead of UTC is after today in every organisation's time zone.
const AFTER_TODAY = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

describe("correcting a person in the register", () => {
  let t: TestApp;
  let clerk: Client;
  let admin: Client;
  let village: string;

  const fullPerson = {
    pin: "21505198012345",
    surname: "Асанов",
    givenName: "Айбек",
    patronymic: "Нурланович",
    sex: "male",
    birthDate: "1980-05-15",
    citizenship: "KZ",
    education: "жогорку",
    occupation: "фермер",
    migration: { country: "RU", place: "Москва", since: "2024-03-01" },
  };

  let registeredCount = 0;
  /**
   * A household of one, its head registered with every field; returns the head as stored. Each
   * head is another man born on the same day: the register takes a PIN once (pinHeld).
   */
  async function registered(over: Record<string, unknown> = {}) {
    const pin = `${fullPerson.pin.slice(0, 9)}${String(++registeredCount).padStart(5, "0")}`;
    const created = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: { ...fullPerson, pin, ...over } }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${created.json().id}`)).json();
    return stored(card.members[0].id);
  }
  const householdCount = async () => (await clerk.get("/api/registry/households")).json().items.length;
  const stored = async (id: string) => (await clerk.get(`/api/registry/people/${id}`)).json();

  beforeAll(async () => {
    t = await startTestApp();
    village = (await seedAimak(t.database, AIMAK, 1)).villageCodes[0]!;
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], admin: ["administrator"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    admin = await login(t.app, m.users.admin!.username);
  });
  afterAll(() => t.close());

  it("keeps every field a correction leaves out: PIN, patronymic, birth date, education, occupation, citizenship, migration", async () => {
    const before = await registered();
    expect(before).toMatchObject({ ...fullPerson, pin: expect.stringMatching(/^215051980\d{5}$/) });
    // The audit's case: the names and sex sent again with a disability group, nothing else.
    const res = await clerk.patch(`/api/registry/people/${before.id}`, {
      surname: before.surname,
      givenName: before.givenName,
      sex: before.sex,
      disabilityGroup: "2",
      version: before.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await stored(before.id);
    expect(after).toEqual({ ...before, disabilityGroup: "2", version: before.version + 1 });

    const one = await clerk.patch(`/api/registry/people/${before.id}`, { occupation: "мугалим", version: 2 });
    expect(one.statusCode, one.body).toBe(200);
    expect(await stored(before.id)).toEqual({ ...after, occupation: "мугалим", version: 3 });

    const trail = (await admin.get(`/api/audit?entity=person&entityId=${before.id}`)).json();
    expect(trail.items[0]).toMatchObject({
      action: "update",
      before: { occupation: "фермер", pin: before.pin, citizenship: "KZ" },
      after: { occupation: "мугалим", pin: before.pin, citizenship: "KZ" },
    });
  });

  it("writes nothing for a correction to the values the person has: one audit record for two same saves, one version", async () => {
    const before = await registered();
    const form = { ...fullPerson, pin: before.pin, disabilityGroup: "3", version: before.version };
    const first = await clerk.patch(`/api/registry/people/${before.id}`, form);
    expect(first.statusCode, first.body).toBe(200);
    // The form saved again unchanged, as the clerk's second press of "Save" sends it.
    const again = await clerk.patch(`/api/registry/people/${before.id}`, {
      ...form,
      version: first.json().version,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await stored(before.id)).toMatchObject({ version: before.version + 1 });
    const trail = (await admin.get(`/api/audit?entity=person&entityId=${before.id}&action=update`)).json();
    expect(trail.items).toHaveLength(1);
  });

  it("derives the Latin form again from the corrected names, keeping the stored patronymic", async () => {
    const before = await registered({ pin: null });
    const res = await clerk.patch(`/api/registry/people/${before.id}`, { givenName: "Нурбек", version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      givenName: "Нурбек",
      patronymic: "Нурланович",
      birthDate: "1980-05-15",
    });
    expect(res.json().nameLatin).toMatch(/Nurbek/);
    expect(res.json().nameLatin).toMatch(/Nurlanovich/);
    expect(res.json().nameLatin).not.toMatch(/Aibek|Aybek/);
  });

  it("clears a field sent as null and keeps the rest", async () => {
    const before = await registered();
    const res = await clerk.patch(`/api/registry/people/${before.id}`, {
      patronymic: null,
      migration: null,
      education: null,
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await stored(before.id)).toEqual({
      ...before,
      patronymic: null,
      nameLatin: expect.not.stringMatching(/Nurlanovich/),
      migration: null,
      education: null,
      version: 2,
    });
  });

  it("brings the household's derived flags in line when a correction changes a disability group or a migration", async () => {
    const created = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: { ...fullPerson, migration: null } }],
    });
    const householdId = created.json().id;
    const flags = async () =>
      (await clerk.get(`/api/registry/households/${householdId}`))
        .json()
        .flags.map((f: { criterionCode: string }) => f.criterionCode)
        .sort();
    const head = (await clerk.get(`/api/registry/households/${householdId}`)).json().members[0];
    expect(await flags()).toEqual([]);
    const away = await clerk.patch(`/api/registry/people/${head.id}`, {
      disabilityGroup: "2",
      migration: { country: "RU", since: "2025-01-01" },
      version: 1,
    });
    expect(away.statusCode, away.body).toBe(200);
    expect(await flags()).toEqual(["disability", "migrant-family"]);
    const back = await clerk.patch(`/api/registry/people/${head.id}`, { migration: null, version: 2 });
    expect(back.statusCode, back.body).toBe(200);
    expect(await flags()).toEqual(["disability"]);
  });

  it("checks the corrected person whole: a sex that disagrees with the stored PIN is refused", async () => {
    const before = await registered();
    const res = await clerk.patch(`/api/registry/people/${before.id}`, { sex: "female", version: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: "pin", code: "pinSexMismatch" })]);
    expect(await stored(before.id)).toEqual(before);
  });

  it("refuses a stale correction with 409 and changes nothing", async () => {
    const before = await registered();
    expect(
      (await clerk.patch(`/api/registry/people/${before.id}`, { education: "орто", version: 1 })).statusCode,
    ).toBe(200);
    const stale = await clerk.patch(`/api/registry/people/${before.id}`, {
      occupation: "айдоочу",
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(await stored(before.id)).toMatchObject({ education: "орто", occupation: "фермер", version: 2 });
  });

  it("refuses a citizenship that is not a country's ISO code, in Kyrgyz, and changes nothing", async () => {
    const before = await registered();
    for (const citizenship of ["kg", "KGZ", "КГ", "K1", "XX"]) {
      const res = await clerk.patch(`/api/registry/people/${before.id}`, { citizenship, version: 1 });
      expect(res.statusCode, citizenship).toBe(400);
      expect(res.json().title).toBe("Маалымат туура эмес толтурулган");
      expect(res.json().errors).toEqual([
        {
          path: "citizenship",
          code: "countryCode",
          message: "Мындай өлкө жок: тизмеден тандаңыз",
        },
      ]);
    }
    expect(await stored(before.id)).toEqual(before);
    const ok = await clerk.patch(`/api/registry/people/${before.id}`, { citizenship: "TJ", version: 1 });
    expect(ok.json().citizenship).toBe("TJ");

    const households = await householdCount();
    const refused = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: { ...fullPerson, citizenship: "Kyrgyzstan" } }],
    });
    expect(refused.statusCode).toBe(400);
    expect(await householdCount()).toBe(households);
  });

  it("takes a PIN once: a new household's member, a newcomer or a correction with the PIN of someone in a household is refused, naming them; once they have left, it is taken", async () => {
    const householdOf = (head: Record<string, unknown>) =>
      householdOfOne(clerk, { villageCode: village, formedOn: "2020-01-01", head });
    const pin = `${fullPerson.pin.slice(0, 9)}99999`;
    const home = await householdOf({ ...fullPerson, pin });
    const message = `Бул ПИН реестрде бар: Асанов Айбек Нурланович, № ${home.number} үй чарба. Ал бул үй чарбага көчсө, аны келүү катары жазыңыз; ПИН ката болсо, ошол жазууну оңдоңуз`;
    const households = await householdCount();
    const twice = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: { surname: "Бакиров", givenName: "Нурбек", sex: "male" } },
        { relation: "brother", person: { ...fullPerson, pin } },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([{ path: "members.1.person.pin", code: "pinHeld", message }]);
    expect(await householdCount()).toBe(households);

    const other = await householdOf({ surname: "Бакиров", givenName: "Талант", sex: "male" });
    const newcomer = { kind: "arrival", relation: "brother", person: { ...fullPerson, pin } };
    const arrival = await clerk.post(`/api/registry/households/${other.id}/events`, {
      ...newcomer,
      occurredOn: "2025-01-01",
    });
    expect(arrival.statusCode).toBe(400);
    expect(arrival.json().errors).toEqual([{ path: "person.pin", code: "pinHeld", message }]);
    const before = await stored(other.members[0].id);
    const corrected = await clerk.patch(`/api/registry/people/${before.id}`, { pin, version: 1 });
    expect(corrected.statusCode).toBe(400);
    expect(corrected.json().errors).toEqual([{ path: "pin", code: "pinHeld", message }]);
    expect(await stored(before.id)).toEqual(before);
    // A person saved with the PIN they hold is no conflict with themselves.
    const holder = home.members[0];
    const same = await clerk.patch(`/api/registry/people/${holder.id}`, {
      pin,
      occupation: "айдоочу",
      version: 1,
    });
    expect(same.statusCode, same.body).toBe(200);

    // He left the municipality; when he comes back he may be registered again (a probable duplicate).
    const left = await clerk.post(`/api/registry/households/${home.id}/events`, {
      kind: "departure",
      occurredOn: "2025-02-01",
      personId: holder.id,
    });
    expect(left.statusCode, left.body).toBe(201);
    const again = await clerk.post(`/api/registry/households/${other.id}/events`, {
      ...newcomer,
      occurredOn: "2025-03-01",
    });
    expect(again.statusCode, again.body).toBe(201);
  });

  it("warns, in the reader's words, when a corrected birth date makes a son older than the head or the head younger than a child; it saves the correction", async () => {
    const created = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Бекмуратов", givenName: "Улан", sex: "male", birthDate: "1970-03-01" },
        },
        {
          relation: "son",
          person: { surname: "Бекмуратов", givenName: "Эрлан", sex: "male", birthDate: "1998-07-10" },
        },
        {
          relation: "daughter",
          person: { surname: "Бекмуратова", givenName: "Айгүл", sex: "female", birthDate: "2001-02-03" },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${created.json().id}`)).json();
    const [head, son, daughter] = ["head", "son", "daughter"].map(
      (relation) => card.members.find((m: { relation: string }) => m.relation === relation)!,
    );

    // A correction that leaves the family believable says nothing.
    const plain = await clerk.patch(`/api/registry/people/${son.id}`, {
      occupation: "айдоочу",
      version: son.version,
    });
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.json().warnings).toEqual([]);

    // The son's birth date corrected to before his father's: saved, with a warning.
    const older = await clerk.patch(`/api/registry/people/${son.id}?lang=ru`, {
      birthDate: "1968-07-10",
      version: plain.json().version,
    });
    expect(older.statusCode, older.body).toBe(200);
    expect(older.json()).toMatchObject({ birthDate: "1968-07-10" });
    expect(older.json().warnings).toEqual([
      {
        personId: son.id,
        code: "kinBornBeforeHead",
        message: translate("ru", "errors.field.kinBornBeforeHead"),
      },
    ]);
    expect((await stored(son.id)).birthDate).toBe("1968-07-10");

    // The head's birth date corrected to after both children's: each child is named.
    const younger = await clerk.patch(`/api/registry/people/${head.id}`, {
      birthDate: "2005-01-01",
      version: head.version,
    });
    expect(younger.statusCode, younger.body).toBe(200);
    const warning = (member: { surname: string; givenName: string }) =>
      translate("ky", "reg.kinWarningOf", {
        name: `${member.surname} ${member.givenName}`,
        warning: translate("ky", "errors.field.kinBornBeforeHead"),
      });
    expect(younger.json().warnings).toEqual([
      { personId: son.id, code: "kinBornBeforeHead", message: warning(son) },
      { personId: daughter.id, code: "kinBornBeforeHead", message: warning(daughter) },
    ]);
    expect((await stored(head.id)).birthDate).toBe("2005-01-01");
  });

  it("refuses a birth date or a labour migration after today, in Kyrgyz, and changes nothing", async () => {
    const before = await registered();
    const born = await clerk.patch(`/api/registry/people/${before.id}`, {
      pin: null,
      birthDate: AFTER_TODAY,
      version: 1,
    });
    expect(born.statusCode).toBe(400);
    expect(born.json().title).toBe("Маалымат туура эмес толтурулган");
    expect(born.json().errors).toEqual([
      {
        path: "birthDate",
        code: "afterToday",
        message: expect.stringMatching(/^Бүгүндөн \(\d{2}\.\d{2}\.\d{4}\) кийин боло албайт$/),
      },
    ]);
    const away = await clerk.patch(`/api/registry/people/${before.id}`, {
      migration: { country: "KZ", since: AFTER_TODAY },
      version: 1,
    });
    expect(away.statusCode).toBe(400);
    expect(away.json().errors).toEqual([
      expect.objectContaining({ path: "migration.since", code: "afterToday" }),
    ]);
    expect(await stored(before.id)).toEqual(before);

    const households = await householdCount();
    const unborn = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: { ...fullPerson, pin: null, birthDate: AFTER_TODAY } }],
    });
    expect(unborn.statusCode).toBe(400);
    expect(unborn.json().errors).toEqual([
      expect.objectContaining({ path: "members.0.person.birthDate", code: "afterToday" }),
    ]);
    expect(await householdCount()).toBe(households);
  });
});
