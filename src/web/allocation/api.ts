// The allocation pages' shapes; test/unit/api-contract.test.ts checks the paths against openapi.json.
export type Policy = "equal-depth-per-hectare" | "equal-share-of-demand";
export const POLICIES: Policy[] = ["equal-depth-per-hectare", "equal-share-of-demand"];

export interface RunSummary {
  id: string;
  seasonId: string;
  fromDay: string;
  toDay: string;
  policy: Policy;
  supplyM3: number;
  status: "draft" | "published";
  demandM3: number;
  allocatedM3: number;
  users: number;
}

export type BoundBy = { kind: "demand" } | { kind: "reach"; reach: string } | { kind: "supply" };

export interface Turn {
  id: string;
  outlet: string;
  user: string;
  cycle: number;
  start: string;
  end: string;
  volumeM3: number;
  manual: boolean;
}

export interface Run extends RunSummary {
  version: number;
  demand: { kind: "plan"; planId: string; planNumber: number } | { kind: "norm"; m3PerHa: number };
  guarantee: { share: number; basis: "vulnerable" | "listed"; waterUserIds: string[] } | null;
  note: string | null;
  reaches: {
    id: string;
    code: string;
    name: string;
    parentId: string | null;
    kind: string;
    capacityLps: number;
    capacityM3: number;
    efficiency: number;
    inflowM3: number;
  }[];
  shares: {
    waterUserId: string;
    number: number;
    displayName: string;
    outletId: string;
    areaHa: number;
    demandM3: number;
    guaranteeM3: number | null;
    allocatedM3: number;
    /** The day the user left inside the period (their water is that of the days before); null if they stayed. */
    leftOn: string | null;
    boundBy: BoundBy;
  }[];
  /** The period cut on the days users left, each part allocated on its own; null for one part. */
  spans: { fromDay: string; toDay: string; days: number }[] | null;
  schedule: { turns: Turn[]; overruns: { outlet: string; cycle: number; hours: number }[] } | null;
  scheduleRule: { cycleHours: number; shiftHours: number } | null;
}

export interface SeasonOption {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export const ALLOCATION_ENDPOINTS = {
  allocationRuns: ["GET", "/api/allocation/runs"],
  createAllocationRun: ["POST", "/api/allocation/runs"],
  allocationRun: ["GET", "/api/allocation/runs/{runId}"],
  publishAllocationRun: ["POST", "/api/allocation/runs/{runId}/publish"],
  changeTurn: ["PATCH", "/api/allocation/runs/{runId}/turns/{turnId}"],
  schedulePdf: ["GET", "/api/allocation/runs/{runId}/schedule.pdf"],
  equity: ["GET", "/api/allocation/equity"],
  equityPdf: ["GET", "/api/allocation/equity.pdf"],
} as const;

export interface Indicators {
  adequacy: number;
  efficiency: number;
  dependability: number | null;
  equity: number;
  observations: number;
}

export interface GroupSummary {
  group: string;
  users: number;
  deliveredM3: number;
  requiredM3: number;
  relativeSupply: number;
  adequacy: number;
  depthMm: number;
}

export interface SeasonEquity {
  season: SeasonOption;
  periods: {
    runId: string;
    fromDay: string;
    toDay: string;
    status: string;
    requiredM3: number;
    allocatedM3: number;
    deliveredM3: number;
  }[];
  planned: Indicators;
  delivered: Indicators;
  groups: { thirds: GroupSummary[]; vulnerability: GroupSummary[]; womenHeaded: GroupSummary[] };
  users: number;
  linkedUsers: number;
}
