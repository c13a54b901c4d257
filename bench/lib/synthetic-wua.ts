import { allocate } from "../../src/domain/allocation/allocate.js";
import type { AllocationCase, AllocationPolicy } from "../../src/domain/allocation/model.js";
import type { RotationInput } from "../../src/domain/allocation/rotation.js";

/** A seeded PRNG (mulberry32): benchmarks are the same instance on every run and machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticWua {
  reaches: AllocationCase["reaches"];
  users: { id: string; reach: string; areaHa: number; vulnerable: boolean }[];
}

/**
 * A WUA shaped like the real ones: a few main canals from the head, secondaries off them,
 * tertiaries off those; most users on tertiaries. Earthen canals lose 5–30 % of what they carry.
 */
export function syntheticWua(userCount: number, reachCount: number, seed = 42): SyntheticWua {
  const rand = prng(seed);
  const mains = 3;
  const secondaries = Math.max(mains, Math.round(reachCount * 0.15));
  const reaches: AllocationCase["reaches"] = [];
  for (let i = 0; i < reachCount; i++) {
    const parent =
      i < mains
        ? null
        : i < mains + secondaries
          ? `c${Math.floor(rand() * mains)}`
          : `c${mains + Math.floor(rand() * secondaries)}`;
    reaches.push({ id: `c${i}`, parent, capacityM3: 0, efficiency: 0.7 + 0.25 * rand() });
  }
  const tertiaryStart = mains + secondaries;
  const users = Array.from({ length: userCount }, (_, i) => ({
    id: `u${i}`,
    reach: `c${rand() < 0.85 ? tertiaryStart + Math.floor(rand() * (reachCount - tertiaryStart)) : mains + Math.floor(rand() * secondaries)}`,
    areaHa: Math.round((0.05 + rand() * rand() * 6) * 100) / 100,
    vulnerable: rand() < 0.2,
  }));
  return { reaches, users };
}

/**
 * One decade's case: demand follows a crop curve over the season (decade 0–35), capacities are set
 * from the demand they serve at peak (some too small: they bind), supply 50–80 % of the need.
 */
export function decadeCase(
  wua: SyntheticWua,
  policy: AllocationPolicy,
  decade: number,
  seed = 7,
): AllocationCase {
  const rand = prng(seed + decade * 9973);
  const season = Math.max(0.15, Math.sin((Math.PI * (decade + 1)) / 37));
  const demandOf = (areaHa: number) => areaHa * 10 * 80 * season; // up to 80 mm per decade, m³ = mm·10·ha
  const peak = new Map<string, number>();
  const byId = new Map(wua.reaches.map((r) => [r.id, r]));
  for (const u of wua.users) {
    let need = demandOf(u.areaHa) / Math.max(season, 1e-9);
    for (let r = byId.get(u.reach); r; r = r.parent ? byId.get(r.parent) : undefined) {
      need /= r.efficiency;
      peak.set(r.id, (peak.get(r.id) ?? 0) + need);
    }
  }
  const capacitySeed = prng(seed);
  const reaches = wua.reaches.map((r) => ({
    ...r,
    capacityM3: Math.round((peak.get(r.id) ?? 1) * (0.55 + 0.6 * capacitySeed())),
  }));
  const users = wua.users.map((u) => {
    const demandM3 = Math.round(demandOf(u.areaHa) * (0.8 + 0.4 * rand()));
    return {
      id: u.id,
      reach: u.reach,
      demandM3,
      weight: u.areaHa,
      ...(u.vulnerable ? { guaranteeM3: Math.round(demandM3 * 0.4) } : {}),
    };
  });
  const need = users.reduce((s, u) => s + u.demandM3, 0) / 0.7;
  return { policy, supplyM3: Math.round(need * (0.5 + 0.3 * rand())), reaches, users };
}

const DECADE_HOURS = 240;

/**
 * One decade's rotation, built the way publishing a run builds it (`publishRun`): the decade's
 * allocation (equal depth per hectare) gives each user's water; outlets are the reaches users sit
 * on, each gate passing its reach's capacity; capacities and the supply are the decade's volumes
 * as steady flows.
 */
export function rotationCase(
  wua: SyntheticWua,
  decade: number,
  rule: { cycleHours: number; shiftHours: number },
): RotationInput {
  const c = decadeCase(wua, "equal-depth-per-hectare", decade);
  const allocated = allocate(c).users;
  const lps = (m3: number) => (m3 * 1000) / (DECADE_HOURS * 3600);
  const outlets = new Map<string, { id: string; volumeM3: number }[]>();
  c.users.forEach((u, i) => {
    const volumeM3 = allocated[i]!.allocatedM3;
    if (volumeM3 <= 0) return;
    const users = outlets.get(u.reach) ?? [];
    users.push({ id: u.id, volumeM3 });
    outlets.set(u.reach, users);
  });
  const capacityLps = new Map(c.reaches.map((r) => [r.id, lps(r.capacityM3)]));
  return {
    periodStart: "2026-07-01T00:00:00.000Z",
    periodHours: DECADE_HOURS,
    ...rule,
    supplyLps: lps(c.supplyM3),
    outlets: [...outlets].map(([id, users]) => ({ id, reach: id, flowLps: capacityLps.get(id)!, users })),
    reaches: c.reaches.map((r) => ({
      id: r.id,
      parent: r.parent,
      capacityLps: capacityLps.get(r.id)!,
      efficiency: r.efficiency,
    })),
  };
}
