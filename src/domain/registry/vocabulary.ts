/**
 * The household book's vocabulary: codes shared by the database, the API and the web app (their
 * words are in the catalogs, under registry.*).
 */
export const RELATIONS = [
  "head",
  "spouse",
  "son",
  "daughter",
  "father",
  "mother",
  "brother",
  "sister",
  "grandchild",
  "grandparent",
  "son-in-law",
  "daughter-in-law",
  "other",
] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * Relations one word cannot name for both sexes in every language (Russian супруг(а), внук/внучка):
 * papers, the card and the book's export write the member's own word, catalog key
 * registry.relationsBySex.<relation>.<sex>.
 */
export const RELATIONS_BY_SEX = [
  "spouse",
  "grandchild",
  "grandparent",
] as const satisfies readonly Relation[];

/**
 * Relations whose word says who is older: Kyrgyz агасы (an older brother) / иниси (a younger one),
 * эжеси (an older sister) / карындашы (a man's younger sister) / сиңдиси (a woman's); Uzbek акаси/укаси,
 * опаси/синглиси. Catalog keys registry.relationsByAge.<relation>.older and
 * registry.relationsByAge.<relation>.younger.<the head's sex> (every language has both, so that a
 * language may tell them apart without a change of code). Where either birth date is unknown the
 * combined word (агасы/иниси) stays.
 */
export const RELATIONS_BY_AGE = ["brother", "sister"] as const satisfies readonly Relation[];

/** A member, as far as the word for their relation to the head depends on them. */
export interface Kin {
  relation: Relation | string;
  sex: string | null | undefined;
  birthDate?: string | null | undefined;
}

/** The head a member's relation is to: the word may depend on their sex and who is older. */
export interface KinHead {
  sex: string | null | undefined;
  birthDate?: string | null | undefined;
}

/**
 * Whether a member is older or younger than the head, by ISO birth dates; one born the same day
 * (twins) or an unknown date tells neither.
 */
export function seniority(
  memberBirthDate: string | null | undefined,
  headBirthDate: string | null | undefined,
): "older" | "younger" | null {
  if (!memberBirthDate || !headBirthDate || memberBirthDate === headBirthDate) return null;
  return memberBirthDate < headBirthDate ? "older" : "younger";
}

const isSex = (sex: string | null | undefined): sex is "female" | "male" =>
  sex === "female" || sex === "male";

/**
 * The catalog key of the word for a member's relation to the head: by the member's sex where it
 * matters, and for a brother or sister by who is older (and the head's sex) when the head is known.
 * Without the head (a former member, whose relation was to the head of its day) the combined word.
 */
export function relationWordKey(member: Kin, head?: KinHead | null): string {
  const { relation, sex } = member;
  if ((RELATIONS_BY_AGE as readonly string[]).includes(relation) && head) {
    const order = seniority(member.birthDate, head.birthDate);
    if (order === "older") return `registry.relationsByAge.${relation}.older`;
    if (order === "younger" && isSex(head.sex))
      return `registry.relationsByAge.${relation}.younger.${head.sex}`;
  }
  return isSex(sex) && (RELATIONS_BY_SEX as readonly string[]).includes(relation)
    ? `registry.relationsBySex.${relation}.${sex}`
    : `registry.relations.${relation}`;
}

/** Every catalog key that may name a relation (the combined word first): what the book's import reads back. */
export function relationWordKeys(relation: Relation): string[] {
  const keys = [`registry.relations.${relation}`];
  if ((RELATIONS_BY_SEX as readonly string[]).includes(relation))
    keys.push(`registry.relationsBySex.${relation}.female`, `registry.relationsBySex.${relation}.male`);
  if ((RELATIONS_BY_AGE as readonly string[]).includes(relation))
    keys.push(
      `registry.relationsByAge.${relation}.older`,
      `registry.relationsByAge.${relation}.younger.female`,
      `registry.relationsByAge.${relation}.younger.male`,
    );
  return keys;
}

/** The head among a household's members, as relationWordKey takes it. */
export const headOf = <M extends { relation: string }>(members: readonly M[]): M | undefined =>
  members.find((m) => m.relation === "head");

/**
 * A person's disability: group 1, 2 or 3, or a disabled child under 18 (ДМЧ бала), whose word the
 * catalogs give under reg.disability.<group>.
 */
export const DISABILITY_GROUPS = ["1", "2", "3", "child"] as const;
export type DisabilityGroup = (typeof DISABILITY_GROUPS)[number];

/**
 * The countries of ISO 3166-1 (alpha-2), each named in every catalog (reg.countries.<code>): a
 * citizenship and a labour migrant's country are stored as one of these codes, so that a count by
 * country adds up whatever language the clerk wrote in, and a paper names the country in its own.
 */
export const COUNTRY_CODES: readonly string[] = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ " +
  "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
  "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS " +
  "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
  "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ " +
  "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
  "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
  "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
  "VN VU WF WS YE YT ZA ZM ZW"
).split(" ");
const COUNTRY_CODE_SET: ReadonlySet<string> = new Set(COUNTRY_CODES);
export const isCountryCode = (value: string) => COUNTRY_CODE_SET.has(value);

/**
 * A country's name as `say` words a catalog key (the server's translate, the page's t); a text kept
 * before countries were codes, as it was typed.
 */
export const countryName = (say: (key: string) => string, country: string) =>
  isCountryCode(country) ? say(`reg.countries.${country}`) : country;

/**
 * Names clerks write for the usual countries beside the catalogs' and CLDR's (Орусия, РФ), which a
 * household book's country cells are read by too.
 */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  Орусия: "RU",
  "Орусия Федерациясы": "RU",
  "Россия Федерациясы": "RU",
  РФ: "RU",
  "Российская Федерация": "RU",
  "Russian Federation": "RU",
  Америка: "US",
  Англия: "GB",
  Корея: "KR",
};

/** The country whose register this is: a labour migrant has gone abroad, so never to it. */
export const HOME_COUNTRY = "KG";

/**
 * The citizenships a village register meets most, which forms and the book's template offer first
 * (catalog reg.countries.<code>); any other country may be chosen too.
 */
export const COMMON_CITIZENSHIPS = ["KG", "KZ", "UZ", "TJ", "RU"] as const;

/**
 * Where labour migrants from the region go most (Russia and Kazakhstan first), offered first
 * (reg.countries.*) where a clerk writes where a member works abroad; any other country may be
 * chosen too.
 */
export const MIGRATION_DESTINATIONS = [
  "RU",
  "KZ",
  "TR",
  "KR",
  "AE",
  "US",
  "GB",
  "DE",
  "PL",
  "JP",
  "CN",
] as const;

export const LAND_CATEGORIES = [
  "irrigated-arable",
  "rain-fed",
  "garden-plot",
  "pasture-share",
  "land-share",
] as const;
export type LandCategory = (typeof LAND_CATEGORIES)[number];

/**
 * The area a household's land plot may have, in hectares. The register keeps four decimals
 * (numeric(12,4)), so a smaller area would be stored as 0 ha; no household holds more than the
 * largest, which catches square metres written as hectares.
 */
export const LAND_PLOT_AREA_HA = { min: 0.0001, max: 100_000 } as const;

export const LIVESTOCK_SPECIES = [
  "cattle",
  "sheep-goats",
  "horses",
  "pigs",
  "camels",
  "yaks",
  "poultry",
  "bee-hives",
] as const;
export type LivestockSpecies = (typeof LIVESTOCK_SPECIES)[number];

/**
 * The most head of a species one household's count may give: far above any household's herd or
 * flock in the country, so what it stops is a slip of extra zeros (100 cattle typed 100,000), not a
 * large farm.
 */
export const LIVESTOCK_MAX_HEAD: Record<LivestockSpecies, number> = {
  cattle: 5_000,
  "sheep-goats": 50_000,
  horses: 5_000,
  pigs: 10_000,
  camels: 1_000,
  yaks: 5_000,
  poultry: 500_000,
  "bee-hives": 5_000,
};

export const LIFE_EVENTS = [
  "household-formed",
  "birth",
  "death",
  "arrival",
  "departure",
  "marriage",
  "household-split",
  "land-acquired",
  "land-ended",
  "migration",
  // The household's municipality was merged into another, which took over its register.
  "household-transferred",
  // Its last member died, left or moved to another household.
  "household-dissolved",
  // Two records of one person were merged (probable duplicates): the kept one stands for both.
  "person-merged",
  // Another member heads the household while everyone stays (an elderly head hands over).
  "head-change",
  // A member's relation to the head was written wrongly and is put right.
  "relation-correction",
] as const;
export type LifeEventKind = (typeof LIFE_EVENTS)[number];

/**
 * What a household card's history lists: its life events, and the changes of its address, which
 * carry no date of their own (a correction, kept by the audit trail) and are listed by the day
 * they were recorded.
 */
export const ADDRESS_CHANGED = "address-changed" as const;
export const HISTORY_KINDS = [...LIFE_EVENTS, ADDRESS_CHANGED] as const;
/** The fields of a household that make its address. */
export const ADDRESS_FIELDS = ["villageCode", "street", "house"] as const;

export const CERTIFICATE_KINDS = [
  "family-composition",
  "residence",
  "land-plots",
  "livestock",
  "household-head",
] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const TENURES = ["owned", "leased"] as const;
