import { and, asc, desc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { assertHappened } from "../../domain/billing/calendar.js";
import { validateInstalments } from "../../domain/billing/instalment.js";
import type { Discount } from "../../domain/billing/invoice.js";
import { type PenaltyRule, penaltyFor } from "../../domain/billing/penalty.js";
import { ownTariffClasses, type Tariff, validateTariffs } from "../../domain/billing/tariff.js";
import { DomainError } from "../../domain/shared/errors.js";
import { flagsOfWaterUsers } from "../allocation/runs.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { seasonsOf, waterUsersByIds } from "../water/billing-facts.js";
import { withBilling } from "./ledger.js";
import {
  billingDiscount,
  billingSettings,
  billingTariff,
  type InKindRate,
  type InstalmentPlan,
} from "./tables.js";
import { withUserNames } from "./water-users.js";

type TariffRow = typeof billingTariff.$inferSelect;
export type TariffInput = Omit<Tariff, "id" | "decision"> & {
  decisionBody: Tariff["decision"]["body"];
  decisionRef: string;
  decidedOn: string;
};

export function toDomainTariff(r: TariffRow): Tariff {
  return {
    id: r.id,
    kind: r.kind,
    ...(r.tariffClass ? { tariffClass: r.tariffClass } : {}),
    ...(r.crop ? { crop: r.crop } : {}),
    payers: r.payers,
    validFrom: r.validFrom,
    validTo: r.validTo,
    rateTyiyn: r.rateTyiyn,
    decision: { body: r.decisionBody, ref: r.decisionRef, decidedOn: r.decidedOn },
  };
}

export async function loadTariffs(tx: Tx, orgId: string): Promise<TariffRow[]> {
  return tx
    .select()
    .from(billingTariff)
    .where(eq(billingTariff.orgId, orgId))
    .orderBy(asc(billingTariff.kind), desc(billingTariff.validFrom), asc(billingTariff.id));
}

export function listTariffs(database: Database, ctx: RequestContext) {
  return withBilling(database, ctx, (tx, orgId) => loadTariffs(tx, orgId));
}

/**
 * Adds a tariff or changes one (with its version); the whole table must stay valid (no two rates
 * in force for the same payers on a day). Issued invoices keep the rate they were computed with.
 */
export function saveTariff(
  database: Database,
  ctx: RequestContext,
  input: TariffInput & { id?: string; version?: number },
) {
  assertHappened(input.decidedOn, organisationToday(ctx), "decidedOn");
  return withBilling(database, ctx, async (tx, orgId) => {
    const table = await loadTariffs(tx, orgId);
    const before = input.id ? table.find((t) => t.id === input.id) : undefined;
    if (input.id && !before) throw new DomainError("notFound.tariff");
    const id = input.id ?? uuidv7();
    const values = {
      kind: input.kind,
      tariffClass: input.kind === "area" ? (input.tariffClass ?? null) : null,
      crop: input.kind === "area" ? (input.crop ?? null) : null,
      payers: input.payers,
      validFrom: input.validFrom,
      validTo: input.validTo,
      rateTyiyn: input.rateTyiyn,
      decisionBody: input.decisionBody,
      decisionRef: input.decisionRef,
      decidedOn: input.decidedOn,
    };
    const next = table.filter((t) => t.id !== id).map(toDomainTariff);
    next.push(toDomainTariff({ ...(before ?? ({} as TariffRow)), ...values, id }));
    validateTariffs(next);
    const [after] = before
      ? await tx
          .update(billingTariff)
          .set({ ...values, version: sql`${billingTariff.version} + 1`, updatedAt: new Date() })
          .where(and(eq(billingTariff.id, id), eq(billingTariff.version, input.version ?? 0)))
          .returning()
      : await tx
          .insert(billingTariff)
          .values({ id, orgId, ...values })
          .returning();
    if (!after) throw new DomainError("conflict.version", { current: before?.version ?? 0 });
    await recordAudit(tx, ctx, {
      action: before ? "update" : "create",
      entity: "billingTariff",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

type DiscountRow = typeof billingDiscount.$inferSelect;

export function toDomainDiscount(r: DiscountRow): Discount {
  return r.basis === "percent"
    ? { kind: "percent", percent: r.percent ?? 0, reason: r.reason, decisionRef: r.decisionRef }
    : { kind: "fixed", amountTyiyn: r.amountTyiyn ?? 0, reason: r.reason, decisionRef: r.decisionRef };
}

/** Exemptions and discounts in force on some day of [from, to]. */
export async function discountsInForce(
  tx: Tx,
  orgId: string,
  from: string,
  to: string,
): Promise<DiscountRow[]> {
  return tx
    .select()
    .from(billingDiscount)
    .where(
      and(
        eq(billingDiscount.orgId, orgId),
        isNull(billingDiscount.endedAt),
        lte(billingDiscount.validFrom, to),
        gte(billingDiscount.validTo, from),
      ),
    )
    .orderBy(asc(billingDiscount.id));
}

/**
 * Exemptions and discounts, newest first; one granted for vulnerability shows what it relies on:
 * the register's flags today of the household linked to the user (none, or no confirmed link).
 */
export async function listDiscounts(database: Database, ctx: RequestContext) {
  const found = await withBilling(database, ctx, async (tx, orgId) =>
    withUserNames(
      tx,
      orgId,
      await tx
        .select()
        .from(billingDiscount)
        .where(eq(billingDiscount.orgId, orgId))
        .orderBy(desc(billingDiscount.validFrom), asc(billingDiscount.id)),
    ),
  );
  if (!found.some((d) => d.vulnerable)) return found.map((d) => ({ ...d, register: null }));
  const on = organisationToday(ctx);
  const flags = await flagsOfWaterUsers(database, requireActor(ctx), on);
  return found.map((d) => {
    const codes = flags.get(d.waterUserId);
    return { ...d, register: d.vulnerable ? { on, linked: codes !== undefined, flags: codes ?? [] } : null };
  });
}

export interface DiscountInput {
  waterUserId: string;
  basis: "percent" | "fixed";
  percent?: number;
  amountTyiyn?: number;
  reason: string;
  decisionRef: string;
  vulnerable: boolean;
  validFrom: string;
  validTo: string;
}

/** Grants an exemption (100 %) or a discount to a water user, by a decision, with its reason. */
export function grantDiscount(database: Database, ctx: RequestContext, input: DiscountInput) {
  return withBilling(database, ctx, async (tx, orgId) => {
    const [user] = await waterUsersByIds(tx, orgId, [input.waterUserId]);
    if (!user) throw new DomainError("notFound.waterUser");
    if (input.validFrom > input.validTo)
      throw new DomainError("billing.rangeReversed", { from: input.validFrom, to: input.validTo });
    if (
      (input.basis === "percent") !== (input.percent !== undefined) ||
      (input.basis === "fixed") !== (input.amountTyiyn !== undefined)
    )
      throw new DomainError("billing.discountBasis");
    const id = uuidv7();
    const [created] = await tx
      .insert(billingDiscount)
      .values({
        id,
        orgId,
        waterUserId: input.waterUserId,
        basis: input.basis,
        percent: input.percent ?? null,
        amountTyiyn: input.amountTyiyn ?? null,
        reason: input.reason,
        decisionRef: input.decisionRef,
        vulnerable: input.vulnerable,
        validFrom: input.validFrom,
        validTo: input.validTo,
      })
      .returning();
    await recordAudit(tx, ctx, { action: "create", entity: "billingDiscount", entityId: id, after: created });
    return { ...created!, userNumber: user.number, userName: user.displayName };
  });
}

/** Ends a discount (a later run then bills without it and corrects by a supplementary invoice). */
export function endDiscount(database: Database, ctx: RequestContext, id: string, version: number) {
  return withBilling(database, ctx, async (tx, orgId) => {
    const [before] = await tx
      .select()
      .from(billingDiscount)
      .where(and(eq(billingDiscount.orgId, orgId), eq(billingDiscount.id, id)));
    if (!before) throw new DomainError("notFound.discount");
    const [after] = await tx
      .update(billingDiscount)
      .set({ endedAt: new Date(), version: sql`${billingDiscount.version} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(billingDiscount.id, id),
          eq(billingDiscount.version, version),
          isNull(billingDiscount.endedAt),
        ),
      )
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    await recordAudit(tx, ctx, { action: "update", entity: "billingDiscount", entityId: id, before, after });
    return { id: after.id, version: after.version };
  });
}

export type Settings = typeof billingSettings.$inferSelect;

export async function loadSettings(tx: Tx, orgId: string): Promise<Settings> {
  const [found] = await tx.select().from(billingSettings).where(eq(billingSettings.orgId, orgId));
  return (
    found ?? {
      id: orgId,
      orgId,
      version: 0,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      penaltyRule: null,
      penaltyDecisionRef: null,
      inKindRates: [],
      dueDays: 30,
      instalments: [],
      tariffClasses: [],
    }
  );
}

export function getSettings(database: Database, ctx: RequestContext) {
  return withBilling(database, ctx, (tx, orgId) => loadSettings(tx, orgId));
}

export interface SettingsInput {
  version: number;
  penaltyRule: PenaltyRule | null;
  penaltyDecisionRef: string | null;
  inKindRates: InKindRate[];
  dueDays: number;
  /** Omitted: the plans stay as they are. */
  instalments?: InstalmentPlan[];
  /** The association's own tariff classes; omitted, they stay as they are. */
  tariffClasses?: string[];
}

/** The penalty rule, in-kind valuation rates and payment terms; version 0 creates the row. */
export function saveSettings(database: Database, ctx: RequestContext, input: SettingsInput) {
  return withBilling(database, ctx, async (tx, orgId) => {
    const before = await loadSettings(tx, orgId);
    // The domain checks the rule as it computes: a zero amount computes nothing but the check.
    if (input.penaltyRule) penaltyFor(0, "2000-01-01", "2000-01-01", input.penaltyRule);
    const instalments = input.instalments ?? before.instalments;
    await checkInstalmentPlans(tx, orgId, instalments);
    const values = {
      tariffClasses: ownTariffClasses(input.tariffClasses ?? before.tariffClasses),
      penaltyRule: input.penaltyRule,
      penaltyDecisionRef: input.penaltyDecisionRef,
      inKindRates: input.inKindRates,
      dueDays: input.dueDays,
      instalments,
    };
    const [after] =
      before.version === 0 && input.version === 0
        ? await tx
            .insert(billingSettings)
            .values({ id: orgId, orgId, ...values })
            .returning()
        : await tx
            .update(billingSettings)
            .set({ ...values, version: sql`${billingSettings.version} + 1`, updatedAt: new Date() })
            .where(and(eq(billingSettings.orgId, orgId), eq(billingSettings.version, input.version)))
            .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    await recordAudit(tx, ctx, {
      action: "update",
      entity: "billingSettings",
      entityId: orgId,
      before,
      after,
    });
    return after;
  });
}

/** One plan per season of this provider, each valid by the domain's rules. */
async function checkInstalmentPlans(tx: Tx, orgId: string, plans: readonly InstalmentPlan[]) {
  const seasons = new Map((await seasonsOf(tx, orgId)).map((s) => [s.id, s]));
  const seen = new Set<string>();
  for (const plan of plans) {
    if (!seasons.has(plan.seasonId) || seen.has(plan.seasonId))
      throw new DomainError("billing.instalmentSeason", { seasonId: plan.seasonId });
    seen.add(plan.seasonId);
    validateInstalments(plan.parts);
  }
}

/** The council's valuation of a commodity on a day: the latest rate set on or before it. */
export function inKindRateOn(
  rates: readonly InKindRate[],
  commodity: string,
  date: string,
): InKindRate | undefined {
  return rates
    .filter((r) => r.commodity === commodity && r.validFrom <= date)
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
}
