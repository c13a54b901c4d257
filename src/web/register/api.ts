import type { RegisterSummary } from "../../domain/registry/population.js";
import type { LocalizedText } from "../app/api.js";

// The register's shapes as the pages use them; test/unit/api-contract.test.ts checks the paths.
export interface Page<T> {
  items: T[];
  /** A people search that found no exact name and shows similar spellings instead. */
  similar?: boolean;
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface HouseholdHit {
  id: string;
  /** Whose register: a district office's search finds households of many. */
  orgId: string;
  number: number;
  villageCode: string;
  street: string | null;
  house: string | null;
  phone: string | null;
  /** Set when its last member left; a search by number still finds it. */
  dissolvedOn: string | null;
  formerNumber: number | null;
  /** The merged municipality whose book the former number is of. */
  formerBook: LocalizedText | null;
  headName: string | null;
  memberCount: number;
  flags: string[];
}

export interface PersonHit {
  id: string;
  orgId: string;
  pin: string | null;
  surname: string;
  givenName: string;
  patronymic: string | null;
  nameLatin: string;
  birthDate: string | null;
  deathDate: string | null;
  householdId: string | null;
  householdNumber: number | null;
  villageCode: string | null;
  relation: string | null;
}

/** A person as a list of probable duplicates shows them. */
export type DuplicatePerson = Pick<
  PersonHit,
  "id" | "pin" | "surname" | "givenName" | "patronymic" | "birthDate" | "householdId" | "householdNumber"
>;
export type MatchReason = "same-pin" | "same-name-and-birth-date";

export interface DuplicateGroup {
  reason: MatchReason;
  people: DuplicatePerson[];
}

/** One of ours whom another organisation's register holds too: of the other, only its name. */
export interface RegisteredElsewhere extends DuplicatePerson {
  reason: MatchReason;
  organisation: string;
}

/** One of the records of a person counted by two municipalities: whose book counts them, and where. */
export interface CountedTwicePerson extends DuplicatePerson {
  orgId: string;
  organisation: string;
}

/** Records of one person that two municipalities or more count today (an office's list). */
export interface CountedTwiceGroup {
  reason: MatchReason;
  people: CountedTwicePerson[];
}

/** A page of a list counted whole: its rows (under the list's own name) and how many in all. */
export type OffsetPage<K extends string, T> = { [k in K]: T[] } & {
  total: number;
  offset: number;
  limit: number;
};

export interface Person {
  id: string;
  pin: string | null;
  pinStatus: "valid" | "unknown";
  surname: string;
  givenName: string;
  patronymic: string | null;
  nameLatin: string;
  sex: "female" | "male";
  birthDate: string | null;
  citizenship: string;
  disabilityGroup: string | null;
  education: string | null;
  occupation: string | null;
  migration: { country: string; place?: string; since: string } | null;
  deathDate: string | null;
  version: number;
}

export interface Member extends Person {
  relation: string;
  /** The first day of the stay in the household: a relation changed on the way does not move it. */
  memberSince: string;
  memberUntil?: string | null;
}

/** A member in the household on the card's day. */
export interface CurrentMember extends Member {
  /** The day the member's relation to the head began. */
  relationSince: string;
}

export interface LivestockCount {
  countedOn: string;
  counts: Record<string, number>;
}

export interface Flag {
  id: string;
  criterionCode: string;
  source: "derived" | "manual";
  reason: string;
  reasonParams: Record<string, string | number>;
  setOn: string;
  clearedOn: string | null;
  clearReason: string | null;
  /** Who set it (a user's display name); null when the system did. */
  setByName: string | null;
}

export interface LandPlot {
  id: string;
  cadastralNumber: string | null;
  areaHa: number;
  category: string;
  tenure: string;
  fromDate: string;
  toDate: string | null;
  endReason: string | null;
}

export const DWELLING_KINDS = ["house", "apartment", "other"] as const;
export const DWELLING_WATER = ["piped", "well", "canal", "none"] as const;
export interface Dwelling {
  kind?: (typeof DWELLING_KINDS)[number];
  rooms?: number;
  areaM2?: number;
  water?: (typeof DWELLING_WATER)[number];
}

export interface HouseholdCard {
  id: string;
  /** The municipality whose register holds it. */
  orgId: string;
  number: number;
  villageCode: string;
  street: string | null;
  house: string | null;
  phone: string | null;
  notes: string | null;
  dwelling: Dwelling;
  formedOn: string;
  dissolvedOn: string | null;
  splitFrom: string | null;
  version: number;
  asOf: string;
  existed: boolean;
  members: CurrentMember[];
  formerMembers: Member[];
  landPlots: LandPlot[];
  formerLandPlots: LandPlot[];
  livestock: LivestockCount | null;
  /** The counts before the last one, newest first. */
  earlierLivestock: LivestockCount[];
  flags: Flag[];
  formerFlags: Flag[];
  events: {
    id: string;
    /** A life event's kind, or "address-changed" (details.from and details.to: village, street, house). */
    kind: string;
    occurredOn: string;
    personId: string | null;
    /** The household it was recorded in; a move or a split names the other one too. */
    householdId: string | null;
    householdNumber: number | null;
    otherHouseholdId: string | null;
    otherHouseholdNumber: number | null;
    details: Record<string, unknown>;
    /** Whom it was about, by name: one entered in error is no member, now or before. */
    personName: string | null;
    /** Who recorded it (an address change: who corrected the address). */
    recordedByName: string | null;
    /** Set when it was annulled as registered by mistake: it stays in the history, marked. */
    annulledAt: string | null;
    annulledByName: string | null;
    annulledReason: string | null;
    /** Set when a merge voided it: the duplicate's record, in a household it never lived in. */
    annulledByMerge: { on: string; mergedName: string; keptName: string } | null;
  }[];
}

/** A certificate's wording, Kyrgyz and Russian, as an administrator edits it. */
export interface CertificateTemplate {
  id: string;
  kind: string;
  texts: { ky: { title: string; body: string }; ru: { title: string; body: string } };
  version: number;
}

export interface Criterion {
  code: string;
  name: LocalizedText;
  rule: unknown;
  active: boolean;
}

export interface Certificate {
  id: string;
  kind: string;
  year: number;
  number: number;
  householdId: string;
  /** The household's number in the book, for the link to its card. */
  householdNumber: number | null;
  locale: "ky" | "ru";
  purpose: string;
  issuedOn: string;
  holderName: string;
  /** Who issued it (a user's display name); null where this organisation no longer has that user. */
  issuedByName: string | null;
  title: string;
  status: "valid" | "revoked";
  revokedAt: string | null;
  /** Who revoked it (a user's display name); null while valid, or where that user is gone. */
  revokedByName: string | null;
  revokedReason: string | null;
  /** The merged municipality that issued it, whose register this one took over; null for its own. */
  takenOverFrom: LocalizedText | null;
}

export interface Village {
  code: string;
  name: LocalizedText;
}

export {
  AGE_BANDS,
  type AgeBand,
  type OblastCounts,
  type PlaceCounts,
  type RegisterSummary,
} from "../../domain/registry/population.js";

/** An office's summary still being counted (202): ask again shortly. */
export interface SummaryPreparing {
  status: "preparing";
  message: string;
}

export const isPreparing = (answer: RegisterSummary | SummaryPreparing): answer is SummaryPreparing =>
  "status" in answer && answer.status === "preparing";
export {
  CERTIFICATE_KINDS,
  LAND_CATEGORIES,
  LIVESTOCK_SPECIES as SPECIES,
  RELATIONS,
  type Relation,
} from "../../domain/registry/vocabulary.js";

export const REGISTER_ENDPOINTS = {
  households: ["GET", "/api/registry/households"],
  householdsExport: ["GET", "/api/registry/households/export"],
  createHousehold: ["POST", "/api/registry/households"],
  household: ["GET", "/api/registry/households/{householdId}"],
  events: ["POST", "/api/registry/households/{householdId}/events"],
  landPlots: ["POST", "/api/registry/households/{householdId}/land-plots"],
  endPlot: ["POST", "/api/registry/households/{householdId}/land-plots/{plotId}/end"],
  livestock: ["PUT", "/api/registry/households/{householdId}/livestock"],
  flags: ["POST", "/api/registry/households/{householdId}/flags"],
  clearFlag: ["POST", "/api/registry/households/{householdId}/flags/{flagId}/clear"],
  people: ["GET", "/api/registry/people"],
  person: ["GET", "/api/registry/people/{personId}"],
  duplicates: ["GET", "/api/registry/duplicates"],
  registeredElsewhere: ["GET", "/api/registry/duplicates/elsewhere"],
  registeredElsewhereExport: ["GET", "/api/registry/duplicates/elsewhere/export"],
  countedTwice: ["GET", "/api/registry/duplicates/across"],
  countedTwiceExport: ["GET", "/api/registry/duplicates/across/export"],
  merge: ["POST", "/api/registry/people/{personId}/merge"],
  mergePlan: ["GET", "/api/registry/people/{personId}/merge-plan"],
  registerCheck: ["GET", "/api/registry/check"],
  registerRepair: ["POST", "/api/registry/check/repair"],
  criteria: ["GET", "/api/registry/vulnerability-criteria"],
  template: ["GET", "/api/registry/book/template"],
  import: ["POST", "/api/registry/book/import"],
  export: ["GET", "/api/registry/book/export"],
  certificates: ["GET", "/api/certificates"],
  issueCertificate: ["POST", "/api/certificates"],
  certificatePdf: ["GET", "/api/certificates/{certificateId}/pdf"],
  revokeCertificate: ["POST", "/api/certificates/{certificateId}/revoke"],
  verify: ["GET", "/api/public/certificates/{code}"],
  villages: ["GET", "/api/registry/villages"],
  saveCriterion: ["PUT", "/api/registry/vulnerability-criteria/{code}"],
  templates: ["GET", "/api/certificate-templates"],
  saveTemplate: ["PUT", "/api/certificate-templates/{kind}"],
  updatePerson: ["PATCH", "/api/registry/people/{personId}"],
  summary: ["GET", "/api/registry/summary"],
  places: ["GET", "/api/places"],
  organisations: ["GET", "/api/organisations"],
  summaryExport: ["GET", "/api/registry/summary/export"],
} as const;
