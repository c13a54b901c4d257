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

/** The catalog key of the word for a member's relation to the head, by the member's sex where it matters. */
export function relationWordKey(relation: Relation | string, sex: string | null | undefined): string {
  return (sex === "female" || sex === "male") && (RELATIONS_BY_SEX as readonly string[]).includes(relation)
    ? `registry.relationsBySex.${relation}.${sex}`
    : `registry.relations.${relation}`;
}

export const LAND_CATEGORIES = [
  "irrigated-arable",
  "rain-fed",
  "garden-plot",
  "pasture-share",
  "land-share",
] as const;
export type LandCategory = (typeof LAND_CATEGORIES)[number];

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
] as const;
export type LifeEventKind = (typeof LIFE_EVENTS)[number];

export const CERTIFICATE_KINDS = [
  "family-composition",
  "residence",
  "land-plots",
  "livestock",
  "household-head",
] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const TENURES = ["owned", "leased"] as const;
