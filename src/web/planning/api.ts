import type { Crop } from "../../domain/planning/crops.js";
import type { SeasonPlan } from "../../domain/planning/season-plan.js";

// Planning's shapes as the pages use them; test/unit/api-contract.test.ts checks the paths.
export interface Station {
  id: string;
  name: string;
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeM: number;
  version: number;
}

export interface WeatherDay {
  day: string;
  tmaxC: number;
  tminC: number;
  rainMm: number | null;
  et0Mm: number;
  et0Method: "penman-monteith" | "hargreaves-samani";
  et0Sources: { ea: string | null; rs: string | null; wind: string | null };
}

export interface Normal {
  month: number;
  et0MmPerDay: number;
  rainMm: number | null;
  windMps: number | null;
  rhMinPct: number | null;
  origin: "entered" | "computed";
  dayCount: number | null;
  yearCount: number | null;
  rainYearCount: number | null;
}

export interface ImportResult {
  rowCount: number;
  issueCount: number;
  issues: { line: number; field: string | null; code: string; message: string }[];
  imported: number;
  firstDay: string | null;
  lastDay: string | null;
}

export interface OrganisationCrop {
  reference: Crop;
  crop: Crop;
  adjustment: {
    typicalPlanting: string | null;
    stagesDays: Partial<Crop["stagesDays"]>;
    kc: Partial<Crop["kc"]>;
    version: number;
  } | null;
}

export interface Season {
  id: string;
  name: string;
  year: number;
  startsOn: string;
  endsOn: string;
}

export interface RequestLine {
  plotId: string;
  cropCode: string;
  areaHa: number;
  plantingDate: string;
  irrigationMethod: string;
}

export interface SeasonUser {
  contractId: string;
  number: string;
  waterUserId: string;
  waterUserNumber: number;
  waterUserName: string;
  plots: {
    plotId: string;
    outletId: string;
    cadastralNumber: string | null;
    plotAreaHa: number;
    cropCode: string;
    contractedAreaHa: number;
  }[];
  request: { id: string; submittedOn: string; version: number; lines: RequestLine[] } | null;
}

export interface PlanSummary {
  id: string;
  planNumber: number;
  stationId: string;
  rainMethod: { kind: string; fraction?: number };
  note: string | null;
  madeAt: string;
  headTotalM3: number;
}

export interface Plan extends PlanSummary {
  result: SeasonPlan;
}

export const PLANNING_ENDPOINTS = {
  seasons: ["GET", "/api/planning/seasons"],
  stations: ["GET", "/api/planning/stations"],
  createStation: ["POST", "/api/planning/stations"],
  importWeather: ["POST", "/api/planning/stations/{stationId}/weather"],
  weather: ["GET", "/api/planning/stations/{stationId}/weather"],
  normals: ["GET", "/api/planning/stations/{stationId}/normals"],
  enterNormals: ["PUT", "/api/planning/stations/{stationId}/normals"],
  computeNormals: ["POST", "/api/planning/stations/{stationId}/normals/compute"],
  crops: ["GET", "/api/planning/crops"],
  adjustCrop: ["PUT", "/api/planning/crops/{cropCode}"],
  requests: ["GET", "/api/planning/seasons/{seasonId}/requests"],
  saveRequest: ["PUT", "/api/planning/seasons/{seasonId}/requests/{waterUserId}"],
  plans: ["GET", "/api/planning/seasons/{seasonId}/plans"],
  makePlan: ["POST", "/api/planning/seasons/{seasonId}/plans"],
  plan: ["GET", "/api/planning/plans/{planId}"],
  exportPlan: ["GET", "/api/planning/plans/{planId}/export"],
} as const;
