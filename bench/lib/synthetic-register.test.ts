import { describe, expect, it } from "vitest";
import * as kyrgyz from "./names/kyrgyz.js";
import * as russian from "./names/russian.js";
import type { NameTable } from "./names/types.js";
import * as uzbek from "./names/uzbek.js";
import {
  AliasTable,
  feminineSurname,
  patronymicOf,
  type SyntheticHousehold,
  type SyntheticPerson,
  syntheticHouseholds,
  xoshiro128ss,
} from "./synthetic-register.js";

/** ≈ 200 000 people, generated once for the statistical checks. */
const HOUSEHOLDS = 46_000;
const sample: SyntheticHousehold[] = [...syntheticHouseholds({ households: HOUSEHOLDS, seed: 2025 })];
const people: SyntheticPerson[] = sample.flatMap((h) => h.members);

/** Optimal string alignment distance: one substitution, deletion, insertion or adjacent swap is 1. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

describe("synthetic register", () => {
  it("is deterministic: the same seed gives the same households, another seed others", () => {
    const run = (seed: number) =>
      JSON.stringify([...syntheticHouseholds({ households: 3000, seed, duplicateRate: 0.01 })]);
    expect(run(11)).toBe(run(11));
    expect(run(11)).not.toBe(run(12));
  });

  it("gives the number of households asked, numbered from 1 within each municipality", () => {
    expect(sample).toHaveLength(HOUSEHOLDS);
    expect([...syntheticHouseholds({ households: 0, seed: 1 })]).toHaveLength(0);
    const next = new Map<number, number>();
    const bad: string[] = [];
    for (const h of sample) {
      if (h.householdNo !== (next.get(h.municipalityIndex) ?? 0) + 1) bad.push(`number ${h.householdNo}`);
      next.set(h.municipalityIndex, h.householdNo);
      if (h.villageIndex >= 7) bad.push(`village ${h.villageIndex}`); // 1 … 2·4−1 villages
      if (h.street.length === 0 || !/^\d+а?$/.test(h.house)) bad.push(`address ${h.street} ${h.house}`);
    }
    expect(bad).toEqual([]);
    expect(next.size).toBeGreaterThan(400);
    expect(Math.max(...next.keys())).toBeLessThan(450);
    const small = [
      ...syntheticHouseholds({ households: 500, seed: 3, municipalities: 5, villagesPerMunicipality: 2 }),
    ];
    expect(new Set(small.map((h) => h.municipalityIndex)).size).toBe(5);
    expect(Math.max(...small.map((h) => h.villageIndex))).toBeLessThan(3);
  });

  it("writes PINs as sex digit, DDMMYYYY birth date and a serial, unique across 200 000 people", () => {
    expect(people.length).toBeGreaterThan(190_000);
    // Counted rather than asserted per person: 200 000 expect() calls take seconds.
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const p of people) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(p.birthDate)) bad.push(`date ${p.birthDate}`);
      if (p.pin === null) continue;
      const [y, m, d] = p.birthDate.split("-");
      if (!/^[12]\d{13}$/.test(p.pin)) bad.push(`format ${p.pin}`);
      if (p.pin[0] !== (p.sex === "female" ? "1" : "2")) bad.push(`sex ${p.pin} ${p.sex}`);
      if (p.pin.slice(1, 9) !== `${d}${m}${y}`) bad.push(`date ${p.pin} ${p.birthDate}`);
      if (p.duplicateKind === "same-pin") continue; // the point of those is to repeat a PIN
      if (seen.has(p.pin)) bad.push(`repeated ${p.pin}`);
      seen.add(p.pin);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(180_000);
    const unknown = people.filter((p) => p.pin === null && p.duplicateOf === null).length / people.length;
    expect(unknown).toBeGreaterThan(0.025);
    expect(unknown).toBeLessThan(0.035);
  });

  it("has households of 1 to 10+ people, mean 4.1–4.5, head first, with a plausible age structure", () => {
    const mean = people.length / sample.length;
    expect(mean).toBeGreaterThan(4.1);
    expect(mean).toBeLessThan(4.5);
    const sizes = new Set(sample.map((h) => h.members.length));
    for (const n of [1, 2, 5, 10]) expect(sizes.has(n)).toBe(true);
    expect(sample.filter((h) => h.members[0]?.relation !== "head")).toEqual([]);
    expect(sample.filter((h) => h.members.filter((p) => p.relation === "head").length !== 1)).toEqual([]);
    const ages = people.map((p) => 2024 - Number(p.birthDate.slice(0, 4)));
    const share = (f: (a: number) => boolean) => ages.filter(f).length / ages.length;
    expect(share((a) => a < 15)).toBeGreaterThan(0.25);
    expect(share((a) => a < 15)).toBeLessThan(0.4);
    expect(share((a) => a >= 65)).toBeGreaterThan(0.03);
    expect(share((a) => a >= 65)).toBeLessThan(0.09);
    expect(share((a) => a > 101)).toBe(0);
  });

  it("gives members the family surname by sex and children the head's name as patronymic", () => {
    let checkedChildren = 0;
    const bad: string[] = [];
    for (const h of sample) {
      const originals = h.members.filter((p) => p.duplicateOf === null);
      const male = new Set(originals.filter((p) => p.sex === "male").map((p) => p.surname));
      const female = new Set(originals.filter((p) => p.sex === "female").map((p) => p.surname));
      const [m] = male;
      const [f] = female;
      if (male.size > 1 || female.size > 1) bad.push(`surnames ${[...male, ...female]}`);
      if (m !== undefined && f !== undefined && feminineSurname(m) !== f) bad.push(`${m} / ${f}`);
      const head = h.members[0]!;
      if (head.sex !== "male") continue; // a female head's children carry the absent father's name
      for (const c of originals.filter((p) => p.relation === "son" || p.relation === "daughter")) {
        const ok = [
          patronymicOf(head.givenName, c.sex, "russian"),
          patronymicOf(head.givenName, c.sex, "kyrgyz"),
        ];
        if (!ok.includes(c.patronymic)) bad.push(`${head.givenName} → ${c.patronymic}`);
        checkedChildren++;
      }
    }
    expect(bad).toEqual([]);
    expect(checkedChildren).toBeGreaterThan(50_000);
    const kyrgyzStyle = people.filter((p) => / (уулу|кызы)$/.test(p.patronymic)).length / people.length;
    expect(kyrgyzStyle).toBeGreaterThan(0.05);
    expect(kyrgyzStyle).toBeLessThan(0.4);
  });

  it("repeats names the way real registers do: a few very common, a long tail", () => {
    const top10 = (key: (p: SyntheticPerson) => string) => {
      const counts = new Map<string, number>();
      for (const p of people) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
      const top = [...counts.values()].sort((a, b) => b - a).slice(0, 10);
      return { share: top.reduce((s, n) => s + n, 0) / people.length, distinct: counts.size };
    };
    const surnames = top10((p) => p.surname);
    expect(surnames.share).toBeGreaterThan(0.15); // 10 of ~800 surname forms
    expect(surnames.distinct).toBeGreaterThan(500);
    const male = top10((p) => (p.sex === "male" ? p.givenName : "-"));
    expect(male.distinct).toBeGreaterThan(150);
  });

  it("mixes name groups by region: more Uzbek names in the south, more Russian in Chüy", () => {
    const share = (region: string, group: string) => {
      const hs = sample.filter((h) => h.region === region);
      return hs.filter((h) => h.nameGroup === group).length / hs.length;
    };
    expect(share("osh", "uzbek")).toBeGreaterThan(0.2);
    expect(share("osh", "uzbek")).toBeGreaterThan(5 * share("naryn", "uzbek"));
    expect(share("chui", "russian")).toBeGreaterThan(0.15);
    expect(share("chui", "russian")).toBeGreaterThan(5 * share("osh", "russian"));
  });

  it("injects probable duplicates at the asked rate and flags them for recall checks", () => {
    const check = (all: SyntheticPerson[], rate: number) => {
      const bySeq = new Map(all.map((p) => [p.seq, p]));
      const dups = all.filter((p) => p.duplicateOf !== null);
      expect(dups.length / all.length).toBeGreaterThan(rate * 0.8);
      expect(dups.length / all.length).toBeLessThan(rate * 1.2);
      const kinds = new Set<string>();
      for (const d of dups) {
        const source = bySeq.get(d.duplicateOf!)!;
        expect(source.seq).toBeLessThan(d.seq);
        expect(source.duplicateOf).toBeNull();
        expect(d.birthDate).toBe(source.birthDate);
        expect(d.sex).toBe(source.sex);
        kinds.add(d.duplicateKind!);
        if (d.duplicateKind === "same-pin") {
          expect(d.pin).toBe(source.pin);
          expect(d.pin).not.toBeNull();
          expect([d.surname, d.givenName, d.patronymic]).toEqual([
            source.surname,
            source.givenName,
            source.patronymic,
          ]);
        } else {
          expect(d.pin).toBeNull();
          const distance =
            editDistance(d.surname, source.surname) +
            editDistance(d.givenName, source.givenName) +
            editDistance(d.patronymic, source.patronymic);
          expect(distance).toBe(1);
        }
      }
      expect(kinds).toEqual(new Set(["same-pin", "typo"]));
    };
    check(people, 0.002);
    check(
      [...syntheticHouseholds({ households: 20_000, seed: 9, duplicateRate: 0.02 })].flatMap(
        (h) => h.members,
      ),
      0.02,
    );
    const none = [...syntheticHouseholds({ households: 5000, seed: 9, duplicateRate: 0 })].flatMap(
      (h) => h.members,
    );
    expect(none.filter((p) => p.duplicateOf !== null)).toHaveLength(0);
  });
});

describe("name tables", () => {
  const groups = [kyrgyz, uzbek, russian];
  const count = (pick: (g: typeof kyrgyz) => NameTable) => groups.reduce((s, g) => s + pick(g).length, 0);

  it("hold at least 150 given names per sex and 300 surnames, each table unique and Zipf-shaped", () => {
    expect(count((g) => g.maleGiven)).toBeGreaterThanOrEqual(150);
    expect(count((g) => g.femaleGiven)).toBeGreaterThanOrEqual(150);
    expect(count((g) => g.surnames)).toBeGreaterThanOrEqual(300);
    for (const g of groups) {
      for (const table of [g.maleGiven, g.femaleGiven, g.surnames]) {
        expect(new Set(table.map(([n]) => n)).size).toBe(table.length);
        const weights = table.map(([, w]) => w);
        for (let i = 1; i < weights.length; i++) expect(weights[i]!).toBeLessThanOrEqual(weights[i - 1]!);
        expect(weights[0]! / weights[weights.length - 1]!).toBeGreaterThan(10);
      }
    }
    const kyrgyzLetters = [...kyrgyz.maleGiven, ...kyrgyz.femaleGiven, ...kyrgyz.surnames].filter(([n]) =>
      /[ңөү]/i.test(n),
    );
    expect(kyrgyzLetters.length).toBeGreaterThan(40);
  });

  it("derives patronymics and feminine surnames", () => {
    expect(patronymicOf("Айбек", "male", "russian")).toBe("Айбекович");
    expect(patronymicOf("Айбек", "female", "russian")).toBe("Айбековна");
    expect(patronymicOf("Сергей", "male", "russian")).toBe("Сергеевич");
    expect(patronymicOf("Юрий", "female", "russian")).toBe("Юрьевна");
    expect(patronymicOf("Игорь", "male", "russian")).toBe("Игоревич");
    expect(patronymicOf("Илья", "female", "russian")).toBe("Ильинична");
    expect(patronymicOf("Жумабай", "male", "russian")).toBe("Жумабаевич");
    expect(patronymicOf("Бейшеналы", "male", "russian")).toBe("Бейшеналиевич");
    expect(patronymicOf("Абдулла", "female", "russian")).toBe("Абдуллаевна");
    expect(patronymicOf("Нурбек", "male", "kyrgyz")).toBe("Нурбек уулу");
    expect(patronymicOf("Нурбек", "female", "kyrgyz")).toBe("Нурбек кызы");
    expect(feminineSurname("Токтогулов")).toBe("Токтогулова");
    expect(feminineSurname("Жумабаев")).toBe("Жумабаева");
    expect(feminineSurname("Ильин")).toBe("Ильина");
    expect(feminineSurname("Завадский")).toBe("Завадская");
    expect(feminineSurname("Шевченко")).toBe("Шевченко");
  });
});

describe("sampling", () => {
  it("xoshiro128** is seeded and uniform enough; the alias table follows its weights", () => {
    const a = xoshiro128ss(1);
    const b = xoshiro128ss(1);
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
    const rand = xoshiro128ss(99);
    const table = new AliasTable([5, 3, 1, 1]);
    const hits = [0, 0, 0, 0];
    const n = 100_000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = rand();
      sum += u;
      const k = table.sample(u);
      hits[k] = hits[k]! + 1;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(hits.map((h) => Math.round((h / n) * 100))).toEqual([50, 30, 10, 10]);
  });
});
