import { describe, expect, it } from "vitest";
import { DomainError, type FieldIssue } from "../shared/errors.js";
import {
  abroadStretches,
  correctedPerson,
  type LabourMigration,
  migrationOn,
  type PersonInput,
  personValues,
  repeatedPinIssues,
  stretchSinceOn,
} from "./person.js";

const TODAY = "2026-12-02";

const stored: PersonInput = {
  pin: "21505198512345",
  surname: "Асанов",
  givenName: "Бакыт",
  patronymic: "Маратович",
  sex: "male",
  birthDate: "1985-05-15",
  citizenship: "KZ",
  disabilityGroup: null,
  education: "жогорку",
  occupation: "фермер",
  migration: { country: "RU", place: "Москва", since: "2024-03-01" },
};

function issuesOf(run: () => unknown): FieldIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return [...error.fields];
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("correcting a person", () => {
  it("keeps every field the correction leaves out", () => {
    expect(correctedPerson(stored, { disabilityGroup: "2", education: undefined })).toEqual({
      ...stored,
      disabilityGroup: "2",
    });
  });

  it("clears a field sent as null", () => {
    const corrected = correctedPerson(stored, { patronymic: null, migration: null, pin: null });
    expect(corrected).toMatchObject({
      patronymic: null,
      migration: null,
      pin: null,
      birthDate: "1985-05-15",
    });
  });

  it("derives the Latin form again from the corrected names", () => {
    const values = personValues(correctedPerson(stored, { givenName: "Нурбек" }), TODAY);
    expect(values.nameLatin).toBe(personValues({ ...stored, givenName: "Нурбек" }, TODAY).nameLatin);
    expect(values.nameLatin).toContain("Nurbek");
  });

  it("checks the corrected person whole: a new sex must still agree with the stored PIN", () => {
    expect(issuesOf(() => personValues(correctedPerson(stored, { sex: "female" }), TODAY))).toEqual([
      { path: ["pin"], code: "pinSexMismatch" },
    ]);
  });
});

describe("a person's dates", () => {
  it("refuses a birth date after the organisation's day, today itself is accepted", () => {
    const born = (birthDate: string) => ({ ...stored, pin: null, migration: null, birthDate });
    expect(personValues(born(TODAY), TODAY).birthDate).toBe(TODAY);
    expect(issuesOf(() => personValues(born("2026-12-03"), TODAY, ["person"]))).toEqual([
      { path: ["person", "birthDate"], code: "afterToday", params: { today: TODAY } },
    ]);
  });

  it("blames the PIN when the future birth date was read from it", () => {
    const input = { ...stored, pin: "20312202612345", birthDate: null, migration: null };
    expect(issuesOf(() => personValues(input, TODAY))).toEqual([
      { path: ["pin"], code: "afterToday", params: { today: TODAY } },
    ]);
  });

  it("refuses a birth before 1900, on the field it came from, 01.01.1900 itself accepted", () => {
    const born = (birthDate: string) => ({ ...stored, pin: null, migration: null, birthDate });
    expect(personValues(born("1900-01-01"), TODAY).birthDate).toBe("1900-01-01");
    expect(issuesOf(() => personValues(born("1700-01-01"), TODAY, ["person"]))).toEqual([
      { path: ["person", "birthDate"], code: "birthBeforeEarliest", params: { earliest: "1900-01-01" } },
    ]);
    // The PIN's own rule lets 1880–1899 through; a birth read from such a PIN is the PIN's fault.
    const fromPin = { ...stored, pin: "21505188512345", birthDate: null, migration: null };
    expect(issuesOf(() => personValues(fromPin, TODAY))).toEqual([
      { path: ["pin"], code: "birthBeforeEarliest", params: { earliest: "1900-01-01" } },
    ]);
  });

  it("refuses a labour migration that starts after today", () => {
    const input = { ...stored, migration: { country: "RU", since: "2027-01-01" } };
    expect(issuesOf(() => personValues(input, TODAY))).toEqual([
      { path: ["migration", "since"], code: "afterToday", params: { today: TODAY } },
    ]);
  });

  it("refuses a labour migration that starts before the migrant was born, a typed birth date's or the PIN's", () => {
    const input = { ...stored, migration: { country: "RU", since: "1950-01-01" } };
    expect(issuesOf(() => personValues(input, TODAY))).toEqual([
      { path: ["migration", "since"], code: "migrationBeforeBirth", params: { birthDate: stored.birthDate } },
    ]);
    const byPin = { ...input, birthDate: null };
    expect(issuesOf(() => personValues(byPin, TODAY))[0]).toMatchObject({ code: "migrationBeforeBirth" });
    expect(
      personValues({ ...input, migration: { country: "RU", since: stored.birthDate! } }, TODAY).migration,
    ).not.toBeNull();
  });

  it("takes countries as their ISO codes, and a labour migrant's abroad", () => {
    const issues = (changes: Partial<PersonInput>) =>
      issuesOf(() => personValues({ ...stored, ...changes }, TODAY));
    const taken = personValues(
      { ...stored, citizenship: "KZ", migration: { country: "TR", since: "2024-03-01" } },
      TODAY,
    );
    expect([taken.citizenship, taken.migration?.country]).toEqual(["KZ", "TR"]);
    // A name (as typed before countries were codes), a code of no country, the home country.
    expect(issues({ migration: { country: "Россия", since: "2024-03-01" } })).toEqual([
      { path: ["migration", "country"], code: "countryCode" },
    ]);
    expect(issues({ citizenship: "XX" })).toEqual([{ path: ["citizenship"], code: "countryCode" }]);
    expect(issues({ migration: { country: "KG", place: "Бишкек", since: "2024-03-01" } })).toEqual([
      { path: ["migration", "country"], code: "migrationHomeCountry" },
    ]);
  });
});

describe("people entered together", () => {
  it("refuses each repeat of a PIN at its own member, naming the member who has it first", () => {
    const members = [
      { pin: "21505198512345" },
      { pin: null },
      { pin: "21505198512345" },
      { pin: "21505198512345" },
    ];
    expect(repeatedPinIssues(members, (i) => ["members", i, "person"])).toEqual([
      { path: ["members", 2, "person", "pin"], code: "pinRepeatedInHousehold", params: { member: 1 } },
      { path: ["members", 3, "person", "pin"], code: "pinRepeatedInHousehold", params: { member: 1 } },
    ]);
  });

  it("lets members without a PIN, or with different ones, through", () => {
    expect(
      repeatedPinIssues([{ pin: null }, {}, { pin: "" }, { pin: "21505198512345" }], (i) => [i]),
    ).toEqual([]);
  });
});

describe("a person's labour migration on a past day", () => {
  const russia: LabourMigration = { country: "RU", place: "Москва", since: "2025-03-01" };
  const kazakhstan: LabourMigration = { country: "KZ", since: "2025-09-01" };
  const none = { event: null, recordedThen: null, recordedNow: null };

  it("reads a departure recorded later for a day before, as the card's history lists it", () => {
    const departure = { on: "2025-03-01", migration: russia };
    expect(migrationOn("2025-04-01", { ...none, event: departure })).toEqual(russia);
  });

  it("reads a return recorded for a day before as home from that day", () => {
    const back = { on: "2025-06-01", migration: null };
    expect(migrationOn("2025-07-01", { event: back, recordedThen: russia, recordedNow: null })).toBeNull();
  });

  it("keeps what was recorded then when a later correction clears it, its day unknown", () => {
    expect(migrationOn("2025-04-01", { ...none, recordedThen: russia })).toEqual(russia);
  });

  it("takes a later correction of a migration begun by then, and the correction of its place on a tie", () => {
    expect(migrationOn("2025-04-01", { ...none, recordedNow: russia })).toEqual(russia);
    const corrected = { ...russia, place: "Санкт-Петербург" };
    expect(
      migrationOn("2025-04-01", {
        event: { on: russia.since, migration: russia },
        recordedThen: russia,
        recordedNow: corrected,
      }),
    ).toEqual(corrected);
  });

  it("leaves out a migration that began after the day", () => {
    expect(
      migrationOn("2025-04-01", { ...none, recordedThen: kazakhstan, recordedNow: kazakhstan }),
    ).toBeNull();
    // Gone to Russia in March, home in June, to Kazakhstan in September: each day reads its own.
    const facts = (day: string, event: { on: string; migration: LabourMigration | null }) =>
      migrationOn(day, { event, recordedThen: null, recordedNow: kazakhstan });
    expect(facts("2025-05-01", { on: "2025-03-01", migration: russia })).toEqual(russia);
    expect(facts("2025-08-01", { on: "2025-06-01", migration: null })).toBeNull();
    expect(facts("2025-10-01", { on: "2025-06-01", migration: null })).toEqual(kazakhstan);
  });

  it("knows none when nothing began by then", () => {
    expect(migrationOn("2025-04-01", none)).toBeNull();
  });
});

describe("a person's stretches abroad", () => {
  const russia: LabourMigration = { country: "RU", since: "2024-03-01" };
  const kazakhstan: LabourMigration = { country: "KZ", since: "2025-09-01" };

  it("runs each departure event to the next migration event, and the record now from its start", () => {
    const events = [
      { on: "2024-03-01", migration: russia },
      { on: "2025-06-01", migration: null },
      { on: "2025-09-01", migration: kazakhstan },
    ];
    const stretches = abroadStretches(events, kazakhstan);
    expect(stretches).toEqual([
      { since: "2024-03-01", until: "2025-06-01" },
      { since: "2025-09-01", until: null },
    ]);
    expect(
      ["2024-02-29", "2024-03-01", "2025-05-31", "2025-06-01", "2025-09-01"].map((d) =>
        stretchSinceOn(stretches, d),
      ),
    ).toEqual([null, "2024-03-01", "2024-03-01", null, "2025-09-01"]);
  });

  it("keeps a migrant come home since abroad on the days she was away", () => {
    expect(
      abroadStretches(
        [
          { on: "2024-03-01", migration: russia },
          { on: "2025-06-01", migration: null },
        ],
        null,
      ),
    ).toEqual([{ since: "2024-03-01", until: "2025-06-01" }]);
  });

  it("runs a migration recorded before the first event, registered with the person, up to that event", () => {
    const back = [{ on: "2025-06-01", migration: null }];
    expect(abroadStretches(back, null, russia)).toEqual([{ since: "2024-03-01", until: "2025-06-01" }]);
    // Gone from Russia to Kazakhstan: away all along, each country its stretch.
    expect(abroadStretches([{ on: "2025-09-01", migration: kazakhstan }], kazakhstan, russia)).toEqual([
      { since: "2024-03-01", until: "2025-09-01" },
      { since: "2025-09-01", until: null },
    ]);
  });

  it("reads a migration recorded with no event from its start on, as a single day does", () => {
    expect(abroadStretches([], russia)).toEqual([{ since: "2024-03-01", until: null }]);
    expect(abroadStretches([], null)).toEqual([]);
  });

  it("lets the record now tell the last stretch: a correction of its start, or a clearing by correction", () => {
    const moved = { ...russia, since: "2024-02-01" };
    expect(abroadStretches([{ on: "2024-03-01", migration: russia }], moved)).toEqual([
      { since: "2024-02-01", until: null },
    ]);
    expect(abroadStretches([{ on: "2024-03-01", migration: russia }], null)).toEqual([]);
    // An earlier stretch the corrected start overlaps ends where the record's begins.
    const events = [
      { on: "2024-03-01", migration: russia },
      { on: "2025-06-01", migration: null },
      { on: "2025-09-01", migration: kazakhstan },
    ];
    expect(abroadStretches(events, { ...kazakhstan, since: "2025-05-01" })).toEqual([
      { since: "2024-03-01", until: "2025-05-01" },
      { since: "2025-05-01", until: null },
    ]);
  });
});
