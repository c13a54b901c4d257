import { ApiProblem, api, FIRST_SENDING_SAVED } from "../app/api.js";

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
  outletUsers: ["GET", "/api/water/outlets/{outletId}/users"],
  deliveries: ["GET", "/api/water/deliveries"],
  recordDelivery: ["POST", "/api/water/deliveries"],
  signDelivery: ["POST", "/api/water/deliveries/{deliveryId}/sign"],
  voidDelivery: ["POST", "/api/water/deliveries/{deliveryId}/void"],
  balance: ["GET", "/api/water/balance"],
  headReceipts: ["GET", "/api/water/head-receipts"],
  recordHeadReceipt: ["POST", "/api/water/head-receipts"],
  voidHeadReceipt: ["POST", "/api/water/head-receipts/{receiptId}/void"],
} as const;

/**
 * A key for a record entered on this device: the server records each key once, so the queue may
 * resend after a lost answer. getRandomValues works on plain http too, unlike randomUUID.
 */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A small value remembered on this device (the last post or outlet, the pending queue). */
export function remembered<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(`aimak.measure.${key}`);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}
export function remember(key: string, value: unknown) {
  localStorage.setItem(`aimak.measure.${key}`, JSON.stringify(value));
}

export interface Queued<T> {
  clientKey: string;
  body: T;
}

/**
 * Sends what waits in a queue kept on the device. A network failure keeps everything for the
 * next try; the server's refusal of one record drops that record and is returned, so one bad
 * entry cannot block the rest forever.
 */
export async function flushQueue<T, R>(
  name: string,
  send: (items: Queued<T>[]) => Promise<R[]>,
  batchSize: number,
): Promise<{ sent: R[]; refused: { item: Queued<T>; problem: ApiProblem } | null; offline: boolean }> {
  const sent: R[] = [];
  for (;;) {
    const queue = remembered<Queued<T>[]>(name, []);
    if (queue.length === 0) return { sent, refused: null, offline: false };
    const batch = queue.slice(0, batchSize);
    try {
      sent.push(...(await send(batch)));
      remember(name, remembered<Queued<T>[]>(name, []).slice(batch.length));
    } catch (e) {
      const problem = e instanceof ApiProblem ? e : new ApiProblem(0, "network", "");
      // No link, the server's fault, or the session ended (while the link was lost, or signed out
      // elsewhere): no refusal of the record, which waits with the rest, for the next sign-in if need be.
      const notRead = problem.status === 0 || problem.status >= 500;
      if (notRead || problem.status === 401 || problem.code === "auth.csrf")
        return { sent, refused: null, offline: true };
      // A batch grown since its answer was lost, whose first sending was saved: sent again under a
      // key of its own, the records already in are answered as duplicates by their client keys.
      if (FIRST_SENDING_SAVED.has(problem.code)) continue;
      // A refused batch names the record at fault (readings.<i>.…); without that, the first one.
      const index = Number(/^readings\.(\d+)\./.exec(problem.errors[0]?.path ?? "")?.[1] ?? 0);
      const item = batch[index]!;
      remember(
        name,
        remembered<Queued<T>[]>(name, []).filter((q) => q.clientKey !== item.clientKey),
      );
      return { sent, refused: { item, problem }, offline: false };
    }
  }
}

export const postReadings = (items: Queued<{ structureId: string; readAt: string; levelM: number }>[]) =>
  api<{ results: { clientKey: string; duplicate: boolean; reading: Reading }[] }>(
    "POST",
    "/api/water/readings",
    {
      readings: items.map((i) => ({ clientKey: i.clientKey, ...i.body })),
    },
  ).then((r) => r.results);
