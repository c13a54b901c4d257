import { api } from "../app/api.js";
import type { Queued } from "./device-queue.js";

// The measurement pages' shapes; test/unit/api-contract.test.ts checks the paths exist.
export interface GaugingPost {
  id: string;
  code: string;
  name: string;
  gauge: { kind: string } | null;
  reachId: string;
  reachCode: string;
  reachName: string;
  reachKind: string;
  latest: { readAt: string; levelM: number; flowLps: number } | null;
}

export interface Reading {
  id: string;
  structureId: string;
  readAt: string;
  levelM: number;
  flowLps: number;
  note: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  version: number;
}

export interface PeriodVolume {
  periodKey: string;
  from: string;
  to: string;
  volumeM3: number;
  coveredSeconds: number;
  windowSeconds: number;
  gaps: { from: string; to: string }[];
}

export interface Outlet {
  id: string;
  code: string;
  name: string;
  capacityLps: number;
  hasGauge: boolean;
}

export interface OutletUser {
  id: string;
  number: number;
  displayName: string;
  plots: { id: string; cadastralNumber: string | null; areaHa: number }[];
}

/** The users at one outlet, as the phone keeps them for every outlet. */
export interface OutletUsers {
  outletId: string;
  users: OutletUser[];
}

export const DELIVERY_METHODS = ["time-and-flow", "gauge", "act"] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export interface Delivery {
  id: string;
  outletId: string;
  outletCode: string;
  outletName: string;
  waterUserId: string;
  userNumber: number;
  userName: string;
  plotId: string | null;
  startedAt: string;
  endedAt: string;
  volumeM3: number;
  method: DeliveryMethod;
  flowLps: number | null;
  gapSeconds: number | null;
  actNumber: string;
  signedOn: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  version: number;
}

export interface Figures {
  inflowM3: number | null;
  outflowM3: number | null;
  lossesM3: number | null;
  efficiency: number | null;
  missing: { kind: string; reachId?: string; outletId?: string }[];
}

export interface PeriodBalance {
  periodKey: string;
  from?: string;
  to?: string;
  canals: (Figures & { reachId: string })[];
  system: {
    receivedM3: number | null;
    deliveredM3: number;
    lossesM3: number | null;
    efficiency: number | null;
  };
}

export interface HeadReceipt {
  id: string;
  reachId: string;
  fromDay: string;
  toDay: string;
  volumeM3: number;
  actNumber: string | null;
  source: "act" | "gauge";
  gapSeconds: number | null;
  voidedAt: string | null;
  voidReason: string | null;
  version: number;
}

export interface Season {
  id: string;
  name: string;
  year: number;
  startsOn: string;
  endsOn: string;
}

export interface Balance {
  seasons: Season[];
  season: Season | null;
  reaches: { id: string; parentId: string | null; kind: string; code: string; name: string }[];
  decades: PeriodBalance[];
  total: PeriodBalance | null;
  incomplete: {
    periodKey: string;
    reachId: string;
    structureCode: string;
    coveredSeconds: number;
    windowSeconds: number;
  }[];
}

export const MEASUREMENT_ENDPOINTS = {
  gaugingPosts: ["GET", "/api/water/gauging-posts"],
  postVolumes: ["GET", "/api/water/gauging-posts/{structureId}/volumes"],
  readings: ["GET", "/api/water/readings"],
  recordReadings: ["POST", "/api/water/readings"],
  voidReading: ["POST", "/api/water/readings/{readingId}/void"],
  outlets: ["GET", "/api/water/outlets"],
  outletUsers: ["GET", "/api/water/outlet-users"],
  deliveries: ["GET", "/api/water/deliveries"],
  recordDelivery: ["POST", "/api/water/deliveries"],
  signDelivery: ["POST", "/api/water/deliveries/{deliveryId}/sign"],
  voidDelivery: ["POST", "/api/water/deliveries/{deliveryId}/void"],
  balance: ["GET", "/api/water/balance"],
  headReceipts: ["GET", "/api/water/head-receipts"],
  recordHeadReceipt: ["POST", "/api/water/head-receipts"],
  voidHeadReceipt: ["POST", "/api/water/head-receipts/{receiptId}/void"],
} as const;

export const postReadings = (items: Queued<{ structureId: string; readAt: string; levelM: number }>[]) =>
  api<{ results: { clientKey: string; duplicate: boolean; reading: Reading }[] }>(
    "POST",
    "/api/water/readings",
    {
      readings: items.map((i) => ({ clientKey: i.clientKey, ...i.body })),
    },
  ).then((r) => r.results);
