import { date, doublePrecision, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { AllocationPolicy, BoundBy } from "../../domain/allocation/model.js";
import type { RotationSchedule } from "../../domain/allocation/rotation.js";
import type { PeriodSpan } from "../../domain/allocation/spans.js";
import { cubicMetres, instant, tenantColumns } from "../platform/columns.js";
import { season, waterUser } from "../water/tables.js";

const day = (name: string) => date(name, { mode: "string" });

export const RUN_STATUSES = ["draft", "published"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * How a run's demand was set: from a version of the season's water-use plan (each user's gross
 * requirement for the period's days, shared between their outlets by area), or an irrigation norm
 * per hectare for the period (оросительная норма) where no plan is made.
 */
export type DemandRule =
  | { kind: "plan"; planId: string; planNumber: number }
  | { kind: "norm"; m3PerHa: number };

/**
 * Who is served first, and how much: a share of their demand. "vulnerable": the users whose linked
 * household had a vulnerability flag on the period's first day (as resolved then); "listed": named
 * by the council's decision.
 */
export interface GuaranteeRule {
  share: number;
  basis: "vulnerable" | "listed";
  waterUserIds: string[];
}

/** How the published schedule was built, so it can be rebuilt and explained. */
export interface ScheduleRule {
  cycleHours: number;
  shiftHours: number;
}

/**
 * One allocation of the water at the head for a period (a decade, or a day), under the policy the
 * council chose. The network and demands it used are kept with it: the result stays explainable
 * after the network or the users change.
 */
export const allocationRun = pgTable(
  "allocation_run",
  {
    ...tenantColumns(),
    seasonId: uuid("season_id")
      .notNull()
      .references(() => season.id),
    fromDay: day("from_day").notNull(),
    toDay: day("to_day").notNull(),
    policy: text("policy").$type<AllocationPolicy>().notNull(),
    supplyM3: cubicMetres("supply_m3").notNull(),
    demand: jsonb("demand").$type<DemandRule>().notNull(),
    guarantee: jsonb("guarantee").$type<GuaranteeRule | null>(),
    /** The reaches as used: id, code, name, parent, capacity over the period (m³), efficiency, inflow (m³). */
    reaches: jsonb("reaches").$type<RunReach[]>().notNull(),
    /**
     * The period cut where users archived part way through it leave (domain/allocation/spans.ts),
     * each span allocated and rotated on its own; null when no one left (one span, the period).
     */
    spans: jsonb("spans").$type<PeriodSpan[] | null>(),
    status: text("status").$type<RunStatus>().notNull(),
    scheduleRule: jsonb("schedule_rule").$type<ScheduleRule | null>(),
    schedule: jsonb("schedule").$type<RotationSchedule | null>(),
    createdBy: uuid("created_by").notNull(),
    publishedAt: instant("published_at"),
    publishedBy: uuid("published_by"),
    note: text("note"),
  },
  (t) => [index().on(t.orgId, t.seasonId, t.fromDay)],
);

export interface RunReach {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  kind: string;
  capacityLps: number;
  capacityM3: number;
  efficiency: number;
  inflowM3: number;
}

/** A user's share of a run: what they asked, what they were guaranteed, what they get and what bound it. */
export const allocationShare = pgTable(
  "allocation_share",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    runId: uuid("run_id")
      .notNull()
      .references(() => allocationRun.id),
    waterUserId: uuid("water_user_id")
      .notNull()
      .references(() => waterUser.id),
    outletId: uuid("outlet_id").notNull(),
    areaHa: doublePrecision("area_ha").notNull(),
    demandM3: cubicMetres("demand_m3").notNull(),
    guaranteeM3: cubicMetres("guarantee_m3"),
    allocatedM3: cubicMetres("allocated_m3").notNull(),
    /** What the user gets in each of the run's spans (0 after they left); null where it has none. */
    spanAllocatedM3: jsonb("span_allocated_m3").$type<number[] | null>(),
    /**
     * The day the user left (was archived on) inside the run's period, as the run took it: their
     * water is that of the days before. Null for a user there to the period's end.
     */
    leftOn: day("left_on"),
    boundBy: jsonb("bound_by").$type<BoundBy>().notNull(),
  },
  (t) => [index().on(t.orgId, t.runId), index().on(t.orgId, t.waterUserId)],
);
