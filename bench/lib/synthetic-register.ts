// A national-scale synthetic household register for benchmarks (name search, duplicate screening,
// imports). Streaming and seeded: the same options give the same households on every run and
// machine, one household at a time, so 1.5 million households never sit in memory together.
// Shares and distributions below are rough assumptions chosen to look plausible, not statistics.
import * as kyrgyz from "./names/kyrgyz.js";
import * as russian from "./names/russian.js";
import { streetNames } from "./names/streets.js";
import type { NameTable } from "./names/types.js";
import * as uzbek from "./names/uzbek.js";

export type Sex = "female" | "male";
export type Relation =
  | "head"
  | "spouse"
  | "son"
  | "daughter"
  | "father"
  | "mother"
  | "grandchild"
  | "daughter-in-law"
  | "other";
export type NameGroup = "kyrgyz" | "uzbek" | "russian";
export type Region = "batken" | "jalal-abad" | "osh" | "chui" | "issyk-kul" | "naryn" | "talas";
/** "same-pin": an exact second record; "typo": same birth date, one letter off in a name, no PIN. */
export type DuplicateKind = "same-pin" | "typo";

export interface SyntheticPerson {
  /** Running number over the whole stream (0-based): the id duplicates point at. */
  seq: number;
  /** 14 digits, or null when the register does not know it. */
  pin: string | null;
  surname: string;
  givenName: string;
  patronymic: string;
  sex: Sex;
  /** YYYY-MM-DD */
  birthDate: string;
  relation: Relation;
  /** Side channel for recall checks: the seq of the original record, null for originals. */
  duplicateOf: number | null;
  duplicateKind: DuplicateKind | null;
}

export interface SyntheticHousehold {
  /** Household-book number, sequential from 1 within the municipality. */
  householdNo: number;
  municipalityIndex: number;
  villageIndex: number;
  region: Region;
  nameGroup: NameGroup;
  street: string;
  house: string;
  /** Head first. */
  members: SyntheticPerson[];
}

export interface SyntheticRegisterOptions {
  households: number;
  seed: number;
  /** Default 450 (roughly the number of ayil okmotu). */
  municipalities?: number;
  /** Mean villages per municipality; each gets 1 … 2·mean−1. Default 4. */
  villagesPerMunicipality?: number;
  /** Share of person records that are probable duplicates of an earlier one. Default 0.002. */
  duplicateRate?: number;
  /** Share of people whose PIN is unknown. Default 0.03. */
  unknownPinRate?: number;
  /** Ages are counted back from this day (fixed so output does not drift with the clock). Default 2025-01-01. */
  referenceDate?: string;
}

/** Full national scale: with the size table below this gives about 6.5 million people. */
export const FULL_SCALE_HOUSEHOLDS = 1_500_000;

// ---------------------------------------------------------------------------------------------
// Randomness

/** xoshiro128** seeded through splitmix32: fast, 2^128 period, good low bits; floats in [0, 1). */
export function xoshiro128ss(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  if ((a | b | c | d) === 0) a = 1;
  return () => {
    const m = Math.imul(b, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r / 4294967296;
  };
}

/** Walker/Vose alias table: one uniform draw picks an index in O(1) whatever the table length. */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new Error("AliasTable needs at least one weight");
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const total = weights.reduce((s, w) => s + w, 0);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => {
      (p < 1 ? small : large).push(i);
    });
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  /** u uniform in [0, 1). */
  sample(u: number): number {
    const x = u * this.size;
    const i = x | 0;
    return x - i < this.prob[i]! ? i : this.alias[i]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Names

/** Feminine form of a surname: -ов/-ев/-ин → +а, -ский → -ская; others (Шевченко, Шмидт) do not change. */
export function feminineSurname(masculine: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(masculine)) return `${masculine}а`;
  if (/[сц]кий$/.test(masculine)) return `${masculine.slice(0, -2)}ая`;
  return masculine;
}

const RUSSIAN_PATRONYMIC_EXCEPTIONS: Record<string, readonly [male: string, female: string]> = {
  Илья: ["Ильич", "Ильинична"],
  Никита: ["Никитич", "Никитична"],
  Пётр: ["Петрович", "Петровна"],
  Павел: ["Павлович", "Павловна"],
  Дмитрий: ["Дмитриевич", "Дмитриевна"],
};

/**
 * Patronymic from the father's given name. "russian" style is what most registers hold
 * (Айбекович, Сергеевич, Бейшеналиевич); "kyrgyz" style is "<father> уулу / кызы".
 */
export function patronymicOf(father: string, sex: Sex, style: "russian" | "kyrgyz"): string {
  if (style === "kyrgyz") return `${father} ${sex === "male" ? "уулу" : "кызы"}`;
  const exception = RUSSIAN_PATRONYMIC_EXCEPTIONS[father];
  if (exception) return sex === "male" ? exception[0] : exception[1];
  let stem: string;
  let soft: boolean; // -евич after soft stems and hushing consonants, -ович otherwise
  if (father.endsWith("ий")) {
    stem = `${father.slice(0, -2)}ь`; // Юрий → Юрьевич
    soft = true;
  } else if (/[йь]$/.test(father)) {
    stem = father.slice(0, -1); // Сергей → Сергеевич, Игорь → Игоревич, Жумабай → Жумабаевич
    soft = true;
  } else if (/[ыи]$/.test(father)) {
    stem = `${father.slice(0, -1)}и`; // Бейшеналы → Бейшеналиевич, Нурали → Нуралиевич
    soft = true;
  } else {
    stem = father;
    soft = /[жшчщцаяеэоөуүю]$/.test(father); // Абдулла → Абдуллаевич
  }
  return `${stem}${soft ? "е" : "о"}${sex === "male" ? "вич" : "вна"}`;
}

interface GroupTables {
  male: readonly string[];
  female: readonly string[];
  maleAlias: AliasTable;
  femaleAlias: AliasTable;
  surnameMale: readonly string[];
  surnameFemale: readonly string[];
  surnameAlias: AliasTable;
  /** Patronymics by father index (male table), both styles, both sexes, computed once. */
  patronymic: {
    russian: [readonly string[], readonly string[]];
    kyrgyz: [readonly string[], readonly string[]];
  };
  /** Chance of уулу/кызы for people born before / from 1995 (rough guess: the style spread after 1991). */
  kyrgyzStyleOld: number;
  kyrgyzStyleYoung: number;
}

function groupTables(
  source: { maleGiven: NameTable; femaleGiven: NameTable; surnames: NameTable },
  kyrgyzStyleOld: number,
  kyrgyzStyleYoung: number,
): GroupTables {
  const male = source.maleGiven.map(([n]) => n);
  const byStyle = (style: "russian" | "kyrgyz"): [readonly string[], readonly string[]] => [
    male.map((f) => patronymicOf(f, "female", style)),
    male.map((f) => patronymicOf(f, "male", style)),
  ];
  const surnameMale = source.surnames.map(([n]) => n);
  return {
    male,
    female: source.femaleGiven.map(([n]) => n),
    maleAlias: new AliasTable(source.maleGiven.map(([, w]) => w)),
    femaleAlias: new AliasTable(source.femaleGiven.map(([, w]) => w)),
    surnameMale,
    surnameFemale: surnameMale.map(feminineSurname),
    surnameAlias: new AliasTable(source.surnames.map(([, w]) => w)),
    patronymic: { russian: byStyle("russian"), kyrgyz: byStyle("kyrgyz") },
    kyrgyzStyleOld,
    kyrgyzStyleYoung,
  };
}

const GROUP_NAMES: readonly NameGroup[] = ["kyrgyz", "uzbek", "russian"];
let tablesCache: readonly GroupTables[] | undefined;
function tables(): readonly GroupTables[] {
  // Uzbek families in Kyrgyzstan mostly carry -ович patronymics in documents (a guess: 3 % ўғли/қизи
  // written as уулу/кызы); Russian families never use уулу/кызы.
  tablesCache ??= [
    groupTables(kyrgyz, 0.08, 0.3),
    groupTables(uzbek, 0.02, 0.03),
    groupTables(russian, 0, 0),
  ];
  return tablesCache;
}

// ---------------------------------------------------------------------------------------------
// Geography

interface RegionInfo {
  region: Region;
  /** Share of municipalities (≈ ayil okmotu count, rough). */
  municipalities: number;
  /** Share of rural households (≈ rural population, rough). */
  households: number;
  /** Name-group mix: kyrgyz, uzbek, russian. Other groups (Tajik, Dungan, Uyghur…) are folded in. */
  mix: readonly [number, number, number];
}

// Rough assumptions only: the south has a larger Uzbek share (Osh, Jalal-Abad, Batken), Chüy a larger
// Russian share, Naryn and Talas almost only Kyrgyz names.
const REGIONS: readonly RegionInfo[] = [
  { region: "batken", municipalities: 32, households: 0.11, mix: [0.82, 0.15, 0.03] },
  { region: "jalal-abad", municipalities: 70, households: 0.23, mix: [0.72, 0.26, 0.02] },
  { region: "osh", municipalities: 87, households: 0.26, mix: [0.68, 0.31, 0.01] },
  { region: "chui", municipalities: 100, households: 0.2, mix: [0.72, 0.03, 0.25] },
  { region: "issyk-kul", municipalities: 58, households: 0.09, mix: [0.9, 0.01, 0.09] },
  { region: "naryn", municipalities: 61, households: 0.06, mix: [0.985, 0.005, 0.01] },
  { region: "talas", municipalities: 35, households: 0.05, mix: [0.95, 0.03, 0.02] },
];

/** Split total into integer parts proportional to weights (largest remainder): parts sum to total. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((s, p) => s + p, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) {
    const i = order[k]![1];
    parts[i] = parts[i]! + 1;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Households

/** Household size 1…12 (P ∝ weight): mean ≈ 4.35, i.e. 6.5 M people in 1.5 M households. */
const SIZE_WEIGHTS = [0.08, 0.13, 0.16, 0.19, 0.17, 0.12, 0.07, 0.04, 0.022, 0.011, 0.005, 0.002];
const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.2425;
const MAX_AGE_DAYS = Math.ceil(101 * YEAR_DAYS);
/** Odd and not a multiple of 5, so c ↦ c·MULT + offset is a bijection on 0…99 999. */
const SERIAL_MULT = 40_503;
const SERIALS = 100_000;
const RESERVOIR = 2048;

// Letters clerks swap when typing Kyrgyz on a Russian layout or by ear.
const CONFUSABLE: Record<string, string> = {
  е: "э",
  э: "е",
  и: "ы",
  ы: "и",
  о: "ө",
  ө: "о",
  у: "ү",
  ү: "у",
  н: "ң",
  ң: "н",
  к: "г",
  г: "к",
  с: "з",
  з: "с",
  а: "я",
  я: "а",
};

/** One-letter typo (confusable swap, deletion, doubling or transposition); never returns the input. */
function typo(name: string, rand: () => number): string {
  if (name.length >= 3) {
    for (let attempt = 0; attempt < 4; attempt++) {
      const i = 1 + Math.floor(rand() * (name.length - 1)); // keep the capital letter
      const ch = name[i]!;
      let out: string;
      switch (Math.floor(rand() * 4)) {
        case 0: {
          const swap = CONFUSABLE[ch];
          if (!swap) continue;
          out = name.slice(0, i) + swap + name.slice(i + 1);
          break;
        }
        case 1:
          out = name.slice(0, i) + name.slice(i + 1);
          break;
        case 2:
          out = name.slice(0, i) + ch + name.slice(i);
          break;
        default:
          if (i + 1 >= name.length) continue;
          out = name.slice(0, i) + name[i + 1]! + ch + name.slice(i + 2);
      }
      if (out !== name) return out;
    }
  }
  return name + name.slice(-1);
}

/**
 * Households one at a time, municipality by municipality, village by village, street by street.
 * Memory stays constant (a few small caches and two reservoirs of 2048 people for duplicates).
 */
export function* syntheticHouseholds(options: SyntheticRegisterOptions): Generator<SyntheticHousehold> {
  const totalHouseholds = Math.max(0, Math.floor(options.households));
  const municipalityCount = Math.max(1, Math.floor(options.municipalities ?? 450));
  const villageMean = Math.max(1, options.villagesPerMunicipality ?? 4);
  const duplicateRate = Math.min(0.5, Math.max(0, options.duplicateRate ?? 0.002));
  const unknownPinRate = options.unknownPinRate ?? 0.03;
  const refDay = Math.floor(Date.parse(`${options.referenceDate ?? "2025-01-01"}T00:00:00Z`) / DAY_MS);
  if (!Number.isFinite(refDay)) throw new Error(`bad referenceDate ${options.referenceDate}`);
  const rand = xoshiro128ss(options.seed);
  const groups = tables();
  const sizeAlias = new AliasTable(SIZE_WEIGHTS);
  const streetAlias = new AliasTable(streetNames.map(([, w]) => w));

  // Municipalities: region blocks in proportion to the municipality shares; households by the
  // region's rural share spread over its municipalities, times a log-normal size factor.
  const regionOfMunicipality: RegionInfo[] = [];
  apportion(
    municipalityCount,
    REGIONS.map((r) => r.municipalities),
  ).forEach((count, r) => {
    for (let k = 0; k < count; k++) regionOfMunicipality.push(REGIONS[r]!);
  });
  const regionMunicipalities = new Map<Region, number>();
  for (const r of regionOfMunicipality)
    regionMunicipalities.set(r.region, (regionMunicipalities.get(r.region) ?? 0) + 1);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const municipalityHouseholds = apportion(
    totalHouseholds,
    regionOfMunicipality.map(
      (r) => (r.households / (regionMunicipalities.get(r.region) ?? 1)) * Math.exp(0.5 * normal()),
    ),
  );
  const mixAliases = new Map(REGIONS.map((r) => [r.region, new AliasTable(r.mix)]));

  // Caches by age in days (0 = reference day): date strings and PIN prefixes are built once per day.
  const isoDate: (string | undefined)[] = new Array(MAX_AGE_DAYS + 1);
  const pinPrefix: (string | undefined)[] = new Array(2 * (MAX_AGE_DAYS + 1));
  const serialCount = new Uint32Array(MAX_AGE_DAYS + 1);
  const dateOf = (ageDays: number): string => {
    let s = isoDate[ageDays];
    if (s === undefined) {
      s = new Date((refDay - ageDays) * DAY_MS).toISOString().slice(0, 10);
      isoDate[ageDays] = s;
    }
    return s;
  };
  // PINs are unique by construction: per birth date a counter c gives serial (c·MULT + offset) mod 10^5,
  // a bijection on the 100 000 serials, with a seeded offset per date so serials do not start at 00000.
  const pinOf = (sex: Sex, ageDays: number): string => {
    const key = sex === "male" ? ageDays + MAX_AGE_DAYS + 1 : ageDays;
    let prefix = pinPrefix[key];
    if (prefix === undefined) {
      const iso = dateOf(ageDays);
      prefix = `${sex === "male" ? "2" : "1"}${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
      pinPrefix[key] = prefix;
    }
    const c = serialCount[ageDays]!;
    if (c >= SERIALS) throw new Error(`more than ${SERIALS} PINs on ${dateOf(ageDays)}`);
    serialCount[ageDays] = c + 1;
    const offset = Math.imul((refDay - ageDays) ^ options.seed, 0x9e3779b1) >>> 0;
    const serial = (c * SERIAL_MULT + offset) % SERIALS;
    return prefix + String(serial).padStart(5, "0");
  };

  let seq = 0;
  const gap = (): number =>
    duplicateRate > 0
      ? 1 + Math.floor(Math.log(1 - rand()) / Math.log(1 - duplicateRate))
      : Number.POSITIVE_INFINITY;
  let nextDuplicateAt = gap() - 1; // seq of the next duplicate record
  // Duplicate sources: recent people (a neighbour village's register, most duplicates) and a uniform
  // reservoir sample of everyone so far (someone registered far away).
  const recent: SyntheticPerson[] = [];
  let recentAt = 0;
  const everyone: SyntheticPerson[] = [];
  let originals = 0;

  const ageDaysOf = (years: number): number =>
    Math.min(MAX_AGE_DAYS, Math.max(0, Math.floor((years + rand()) * YEAR_DAYS)));
  const intIn = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

  const person = (
    relation: Relation,
    sex: Sex,
    ageDays: number,
    givenName: string,
    patronymic: string,
    surname: string,
  ): SyntheticPerson => ({
    seq: seq++,
    pin: rand() < unknownPinRate ? null : pinOf(sex, ageDays),
    surname,
    givenName,
    patronymic,
    sex,
    birthDate: dateOf(ageDays),
    relation,
    duplicateOf: null,
    duplicateKind: null,
  });

  const YOUNG_STYLE_DAYS = (refDay - Math.floor(Date.parse("1995-01-01T00:00:00Z") / DAY_MS)) | 0;
  const styleOf = (g: GroupTables, ageDays: number): "russian" | "kyrgyz" =>
    rand() < (ageDays < YOUNG_STYLE_DAYS ? g.kyrgyzStyleYoung : g.kyrgyzStyleOld) ? "kyrgyz" : "russian";

  for (let m = 0; m < municipalityCount; m++) {
    const regionInfo = regionOfMunicipality[m]!;
    const mix = mixAliases.get(regionInfo.region)!;
    const villages = Math.max(1, 1 + Math.floor(rand() * (2 * villageMean - 1)));
    const villageHouseholds = apportion(
      municipalityHouseholds[m]!,
      Array.from({ length: villages }, () => 0.3 + rand()),
    );
    let householdNo = 0;
    for (let v = 0; v < villages; v++) {
      const count = villageHouseholds[v]!;
      if (count === 0) continue;
      const streets = Math.max(1, Math.round(count / 40));
      const perStreet = Math.ceil(count / streets);
      const used = new Set<string>();
      let street = "";
      let houseNo = 0;
      for (let h = 0; h < count; h++) {
        if (h % perStreet === 0) {
          // A new street: names repeat across villages but not within one.
          street = streetNames[streetAlias.sample(rand())]![0];
          for (let t = 0; t < 6 && used.has(street); t++)
            street = streetNames[streetAlias.sample(rand())]![0];
          if (used.has(street)) street = `${street} ${used.size + 1}`;
          used.add(street);
          houseNo = 0;
        }
        houseNo += rand() < 0.3 ? 2 : 1;
        const house = rand() < 0.03 ? `${houseNo}а` : String(houseNo);

        const groupIndex = mix.sample(rand());
        const g = groups[groupIndex]!;
        const otherGroup = (): GroupTables =>
          rand() < 0.04 ? groups[(groupIndex + 1 + Math.floor(rand() * 2)) % 3]! : g; // mixed marriages
        const surnameIndex = g.surnameAlias.sample(rand());
        const surnameM = g.surnameMale[surnameIndex]!;
        const surnameF = g.surnameFemale[surnameIndex]!;
        const members: SyntheticPerson[] = [];
        const size = sizeAlias.sample(rand()) + 1;

        // Given names differ within a household: redraw a few times on a clash.
        const given = (t: GroupTables, sex: Sex): number => {
          const alias = sex === "male" ? t.maleAlias : t.femaleAlias;
          const names = sex === "male" ? t.male : t.female;
          let i = alias.sample(rand());
          for (let k = 0; k < 3 && members.some((p) => p.givenName === names[i]); k++)
            i = alias.sample(rand());
          return i;
        };
        const add = (
          relation: Relation,
          sex: Sex,
          ageDays: number,
          t: GroupTables,
          nameIndex: number,
          father: GroupTables,
          fatherIndex: number,
          style: "russian" | "kyrgyz",
        ): void => {
          const s = sex === "male" ? 1 : 0;
          members.push(
            person(
              relation,
              sex,
              ageDays,
              (sex === "male" ? t.male : t.female)[nameIndex]!,
              father.patronymic[style][s]![fatherIndex]!,
              sex === "male" ? surnameM : surnameF,
            ),
          );
        };

        // The head, and the head's father (named in the head's patronymic, maybe living here too).
        const headFather = g.maleAlias.sample(rand());
        let headSex: Sex;
        let headYears: number;
        if (size === 1) {
          // Mostly elderly people living alone, more often women.
          headSex = rand() < 0.58 ? "female" : "male";
          headYears = rand() < 0.6 ? intIn(60, 92) : intIn(20, 59);
        } else {
          headSex = rand() < 0.17 ? "female" : "male"; // widows, divorced, husbands away
          // Young couples head their own household often; big households have older heads.
          const lo = size >= 6 ? 36 : headSex === "female" ? 26 : 21;
          const u = (rand() + rand()) / 2;
          headYears = lo + Math.floor(u * u * 1.3 * (84 - lo) * 0.8);
        }
        const headDays = ageDaysOf(headYears);
        const headName = given(g, headSex);
        add("head", headSex, headDays, g, headName, g, headFather, styleOf(g, headDays));

        // The woman whose children these are, and their father.
        let motherYears = headYears;
        const childFather = g;
        let childFatherIndex = headName;
        if (headSex === "male" && size >= 2) {
          const sg = otherGroup();
          const spouseYears = Math.max(18, headYears - intIn(0, 7));
          const spouseDays = ageDaysOf(spouseYears);
          add(
            "spouse",
            "female",
            spouseDays,
            sg,
            given(sg, "female"),
            sg,
            sg.maleAlias.sample(rand()),
            styleOf(sg, spouseDays),
          );
          motherYears = spouseYears;
        } else if (headSex === "female") {
          childFatherIndex = g.maleAlias.sample(rand()); // the absent husband
        }

        let grandFather: GroupTables | null = null;
        let grandFatherIndex = 0;
        let grandMotherYears = 0;
        const grandStyle = styleOf(g, 0);
        if (headYears >= 48 && size - members.length >= 3 && rand() < 0.7 && motherYears - 20 >= 20) {
          // The son who stays with his parents (often the youngest), his wife and their children.
          const sonYears = motherYears - intIn(20, Math.min(32, motherYears - 20));
          const sonDays = ageDaysOf(sonYears);
          const sonName = given(g, "male");
          add("son", "male", sonDays, g, sonName, childFather, childFatherIndex, styleOf(g, sonDays));
          const dg = otherGroup();
          grandMotherYears = Math.max(18, sonYears - intIn(0, 5));
          const dilDays = ageDaysOf(grandMotherYears);
          add(
            "daughter-in-law",
            "female",
            dilDays,
            dg,
            given(dg, "female"),
            dg,
            dg.maleAlias.sample(rand()),
            styleOf(dg, dilDays),
          );
          grandFather = g;
          grandFatherIndex = sonName;
        } else if (headYears <= 42 && size - members.length >= 2 && rand() < 0.35) {
          // Young heads living with their parents.
          const parentYears = Math.min(95, headYears + intIn(20, 32));
          if (size - members.length >= 3 && rand() < 0.5) {
            const fatherDays = ageDaysOf(Math.min(100, parentYears + intIn(0, 6)));
            add(
              "father",
              "male",
              fatherDays,
              g,
              headFather,
              g,
              g.maleAlias.sample(rand()),
              styleOf(g, fatherDays),
            );
          }
          const mg = otherGroup();
          const motherDays = ageDaysOf(parentYears);
          add(
            "mother",
            "female",
            motherDays,
            mg,
            given(mg, "female"),
            mg,
            mg.maleAlias.sample(rand()),
            styleOf(mg, motherDays),
          );
        }

        // Children of the head (and grandchildren if a son's family lives here) fill the rest.
        // Siblings are spaced 1–4 years apart (older each time) while the mother's age allows it.
        const childStyle = styleOf(g, 0);
        let childYears = -1;
        let grandYears = -1;
        while (members.length < size) {
          const sex: Sex = rand() < 0.515 ? "male" : "female";
          if (grandFather && rand() < 0.85) {
            const oldest = Math.max(0, Math.min(20, grandMotherYears - 19));
            grandYears = grandYears < 0 ? intIn(0, Math.min(3, oldest)) : grandYears + intIn(1, 4);
            if (grandYears > oldest) grandYears = intIn(0, oldest);
            const days = ageDaysOf(grandYears);
            add("grandchild", sex, days, g, given(g, sex), grandFather, grandFatherIndex, grandStyle);
          } else if (rand() < 0.04) {
            // A brother or sister of the head: same father, so same patronymic source.
            const days = ageDaysOf(Math.max(10, headYears - intIn(1, 15)));
            add("other", sex, days, g, given(g, sex), g, headFather, styleOf(g, days));
          } else {
            // Mother's age at birth 19–40, most often around 30; never in the future.
            const oldest = Math.max(0, motherYears - 19);
            if (childYears >= 0 && childYears + 4 <= oldest) childYears += intIn(1, 4);
            else {
              const atBirth = Math.min(motherYears, 19 + Math.floor(((rand() + rand()) / 2) * 22));
              childYears = Math.max(0, motherYears - atBirth);
            }
            const days = ageDaysOf(childYears);
            add(
              sex === "male" ? "son" : "daughter",
              sex,
              days,
              g,
              given(g, sex),
              childFather,
              childFatherIndex,
              childStyle,
            );
          }
        }

        // Probable duplicates of people registered earlier, appended as "other" members.
        const pool = everyone.length; // empty only in the first household: its duplicates move to the next
        while (seq >= nextDuplicateAt && pool > 0) {
          const source =
            rand() < 0.7 ? recent[Math.floor(rand() * recent.length)]! : everyone[Math.floor(rand() * pool)]!;
          const samePin = source.pin !== null && rand() < 0.5;
          const copy: SyntheticPerson = {
            seq: seq++,
            pin: samePin ? source.pin : null,
            surname: source.surname,
            givenName: source.givenName,
            patronymic: source.patronymic,
            sex: source.sex,
            birthDate: source.birthDate,
            relation: "other",
            duplicateOf: source.seq,
            duplicateKind: samePin ? "same-pin" : "typo",
          };
          if (!samePin) {
            const which = rand();
            if (which < 0.5) copy.surname = typo(copy.surname, rand);
            else if (which < 0.9) copy.givenName = typo(copy.givenName, rand);
            else copy.patronymic = typo(copy.patronymic, rand);
          }
          members.push(copy);
          nextDuplicateAt = seq + gap() - 1;
        }

        // Feed the duplicate sources with this household's originals (Algorithm R for `everyone`).
        for (const p of members) {
          if (p.duplicateOf !== null) continue;
          if (recent.length < RESERVOIR) recent.push(p);
          else recent[recentAt] = p;
          recentAt = (recentAt + 1) % RESERVOIR;
          originals++;
          if (everyone.length < RESERVOIR) everyone.push(p);
          else {
            const j = Math.floor(rand() * originals);
            if (j < RESERVOIR) everyone[j] = p;
          }
        }

        householdNo++;
        yield {
          householdNo,
          municipalityIndex: m,
          villageIndex: v,
          region: regionInfo.region,
          nameGroup: GROUP_NAMES[groupIndex]!,
          street,
          house,
          members,
        };
      }
    }
  }
}
