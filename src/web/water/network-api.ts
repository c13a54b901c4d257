import type { GaugeStructure } from "../../domain/water/discharge.js";
import type { ReachKind } from "../../domain/water/network.js";
import type { Geometry } from "../../domain/water/network-check.js";

// The canal network's shapes as the pages use them; test/unit/api-contract.test.ts checks the paths.
export interface Reach {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  kind: ReachKind;
  lengthM: number | null;
  lining: string | null;
  capacityLps: number;
  efficiency: number;
  capacityOverride: boolean;
  geometry: Geometry | null;
  retiredOn: string | null;
  version: number;
}

export interface Structure {
  id: string;
  reachId: string;
  code: string;
  name: string;
  kind: string;
  gauge: GaugeStructure | null;
  geometry: Geometry | null;
  retiredOn: string | null;
  version: number;
}

export interface Network {
  reaches: Reach[];
  structures: Structure[];
}

export interface MapPlot {
  id: string;
  outletId: string;
  cadastralNumber: string | null;
  areaHa: number;
  userName: string;
  userNumber: number;
  geometry: Geometry | null;
  version: number;
}

export interface NetworkMap extends Network {
  /** Every plot in force; those not drawn yet have no geometry. */
  plots: MapPlot[];
  tileUrl: string | null;
  tileAttribution: string | null;
}

export interface ImportReport {
  rows: { reaches: number; structures: number; plots: number };
  issues: {
    sheet: "reaches" | "structures" | "plots";
    row: number;
    column: string | null;
    columnLabel: string | null;
    code: string;
    message: string;
  }[];
  imported: { created: number; updated: number; unchanged: number } | null;
}

export const NETWORK_ENDPOINTS = {
  network: ["GET", "/api/water/network"],
  networkMap: ["GET", "/api/water/map"],
  createReach: ["POST", "/api/water/reaches"],
  updateReach: ["PATCH", "/api/water/reaches/{reachId}"],
  retireReach: ["POST", "/api/water/reaches/{reachId}/retire"],
  createStructure: ["POST", "/api/water/structures"],
  updateStructure: ["PATCH", "/api/water/structures/{structureId}"],
  retireStructure: ["POST", "/api/water/structures/{structureId}/retire"],
  drawReach: ["PUT", "/api/water/reaches/{reachId}/geometry"],
  drawStructure: ["PUT", "/api/water/structures/{structureId}/geometry"],
  drawPlot: ["PUT", "/api/water/plots/{plotId}/geometry"],
  networkTemplate: ["GET", "/api/water/network/template"],
  networkExport: ["GET", "/api/water/network/export"],
  networkImport: ["POST", "/api/water/network/import"],
} as const;

/** Colours of canals by kind, on the map and in its legend: darker and wider upstream. */
export const KIND_COLOURS: Record<ReachKind, string> = {
  head: "#08306b",
  main: "#2171b5",
  secondary: "#4292c6",
  tertiary: "#6baed6",
  outlet: "#e6550d",
};

/** Reaches in the tree's order (each followed by what it feeds), with their depth below a head. */
export function treeOrder(reaches: readonly Reach[]): { reach: Reach; depth: number }[] {
  const children = new Map<string | null, Reach[]>();
  for (const r of reaches) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const out: { reach: Reach; depth: number }[] = [];
  const visit = (r: Reach, depth: number) => {
    out.push({ reach: r, depth });
    for (const c of children.get(r.id) ?? []) visit(c, depth + 1);
  };
  for (const r of reaches) if (r.parentId === null || !reaches.some((p) => p.id === r.parentId)) visit(r, 0);
  return out;
}
