import { api, type LocalizedText } from "../app/api.js";
import { nameOf, useLoad } from "../app/ui.js";

// The water register's shapes as the pages use them; test/unit/api-contract.test.ts checks the paths.
/** A tariff class as people read it: the membership classes by name, the association's own as written. */
export const tariffClassName = (
  t: (key: string, options: { defaultValue: string }) => string,
  tariffClass: string,
) => t(`wu.tariffClasses.${tariffClass}`, { defaultValue: tariffClass });

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export const WATER_USER_KINDS = ["person", "legal-entity"] as const;
export const LEGAL_ENTITY_KINDS = [
  "farm",
  "cooperative",
  "school",
  "municipality",
  "enterprise",
  "other",
] as const;
export const CONTRACT_STATUSES = ["draft", "signed", "terminated"] as const;

/** The season at a glance on the home page (`GET /api/water/glance`). */
export interface WaterGlance {
  on: string;
  season: { id: string; name: string; startsOn: string; endsOn: string } | null;
  waterUsers: number;
  withoutContract?: number;
  contracts?: { signed: number; draft: number };
  deliveries?: { acts: number; volumeM3: number; unsigned: number };
  receivedM3?: number | null;
  turns: {
    total: number;
    items: {
      runId: string;
      outlet: string;
      waterUser: string;
      start: string;
      end: string;
      volumeM3: number;
    }[];
  };
  billing: {
    chargedTyiyn: number;
    paidTyiyn: number;
    ratePercent: string | null;
    debtors: number;
    overdueTyiyn: number;
  } | null;
}

export interface WaterUser {
  id: string;
  number: number;
  kind: (typeof WATER_USER_KINDS)[number];
  pin: string | null;
  surname: string | null;
  givenName: string | null;
  patronymic: string | null;
  legalName: string | null;
  legalEntityKind: (typeof LEGAL_ENTITY_KINDS)[number] | null;
  taxId: string | null;
  displayName: string;
  villageCode: string | null;
  member: boolean;
  phone: string | null;
  locale: string;
  notes: string | null;
  archivedOn: string | null;
  version: number;
}

export interface Plot {
  id: string;
  outletId: string;
  outletCode: string;
  outletName: string;
  cadastralNumber: string | null;
  areaHa: number;
  tenure: "own" | "lease";
  villageCode: string | null;
  endedOn: string | null;
  version: number;
}

export interface ContractHit {
  id: string;
  number: string;
  seasonId: string;
  seasonName: string;
  waterUserId: string;
  userName: string;
  userNumber: number;
  tariffClass: string;
  status: (typeof CONTRACT_STATUSES)[number];
  signedOn: string | null;
  terminatedOn: string | null;
  areaHa: number;
  version: number;
}

export interface ContractDetail extends Omit<ContractHit, "seasonName" | "userName" | "userNumber"> {
  notes: string | null;
  waterUser: WaterUser;
  season: Season;
  lines: {
    plotId: string;
    cropCode: string;
    areaHa: number;
    cadastralNumber: string | null;
    outletCode: string;
    outletName: string;
  }[];
  supersedes: { id: string; number: string } | null;
  supersededBy: { id: string; number: string } | null;
}

export interface Link {
  id: string;
  status: "proposed" | "confirmed" | "refused" | "ended";
  version: number;
  proposedAt: string;
  decidedAt: string | null;
  reason: string | null;
}

export interface WaterUserCard extends WaterUser {
  plots: Plot[];
  contracts: ContractHit[];
  link: (Link & { flags: { code: string; label: string; setOn: string }[] }) | null;
}

export interface Candidate {
  personId: string;
  municipalityName: LocalizedText;
  name: string;
  birthYear: number | null;
  villageCode: string;
}

export interface Season {
  id: string;
  year: number;
  name: string;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
}

export interface LinkProposal extends Link {
  provider: { id: string; name: LocalizedText };
  waterUser: { number: number; displayName: string; pin: string | null; villageCode: string | null };
  person: {
    id: string;
    name: string;
    birthDate: string | null;
    householdId: string | null;
    householdNumber: number | null;
  };
}

export interface Village {
  code: string;
  name: LocalizedText;
}

export const WATER_ENDPOINTS = {
  glance: ["GET", "/api/water/glance"],
  waterVillages: ["GET", "/api/water/villages"],
  outlets: ["GET", "/api/water/outlets"],
  waterUsers: ["GET", "/api/water/users"],
  createWaterUser: ["POST", "/api/water/users"],
  waterUser: ["GET", "/api/water/users/{waterUserId}"],
  updateWaterUser: ["PATCH", "/api/water/users/{waterUserId}"],
  waterUsersTemplate: ["GET", "/api/water/users/template"],
  importWaterUsers: ["POST", "/api/water/users/import"],
  exportWaterUsers: ["GET", "/api/water/users/export"],
  linkSuggestions: ["GET", "/api/water/users/{waterUserId}/link-suggestions"],
  proposeLink: ["POST", "/api/water/users/{waterUserId}/link"],
  endLink: ["POST", "/api/water/links/{linkId}/end"],
  addPlot: ["POST", "/api/water/users/{waterUserId}/plots"],
  updatePlot: ["PATCH", "/api/water/plots/{plotId}"],
  seasons: ["GET", "/api/water/seasons"],
  createSeason: ["POST", "/api/water/seasons"],
  contracts: ["GET", "/api/water/contracts"],
  createContract: ["POST", "/api/water/contracts"],
  contract: ["GET", "/api/water/contracts/{contractId}"],
  signContract: ["POST", "/api/water/contracts/{contractId}/sign"],
  terminateContract: ["POST", "/api/water/contracts/{contractId}/terminate"],
  amendContract: ["POST", "/api/water/contracts/{contractId}/amend"],
  contractPdf: ["GET", "/api/water/contracts/{contractId}/pdf"],
  linkProposals: ["GET", "/api/registry/link-proposals"],
  decideLink: ["POST", "/api/registry/link-proposals/{linkId}/decision"],
  endLinkByMunicipality: ["POST", "/api/registry/link-proposals/{linkId}/end"],
} as const;

/** The villages the provider serves: every water and billing page names villages through these. */
export function useWaterVillages() {
  return useLoad(() => api<Village[]>("GET", "/api/water/villages"), "water-villages");
}

/**
 * A village's name in the user's language; its code where it is not among `villages`. Nothing yet
 * while the villages are on their way (a slow link), rather than a 14-digit code for a moment.
 */
export function villageName(villages: Village[] | null | undefined, code: string | null): string {
  if (!code) return "—";
  if (!villages) return "";
  const v = villages.find((x) => x.code === code);
  return v ? nameOf(v.name) : code;
}
