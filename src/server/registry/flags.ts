import { and, asc, eq, isNull } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { LocalizedText } from "../../domain/places/units.js";
import { type DerivationRule, deriveFlags, type MemberFacts } from "../../domain/registry/vulnerability.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import { householdFlag, householdMember, person, vulnerabilityCriterion } from "./tables.js";

export async function listCriteria(tx: Tx, orgId: string) {
  return tx
    .select()
    .from(vulnerabilityCriterion)
    .where(eq(vulnerabilityCriterion.orgId, orgId))
    .orderBy(asc(vulnerabilityCriterion.sort), asc(vulnerabilityCriterion.code));
}

export interface CriterionInput {
  code: string;
  name: LocalizedText;
  rule: DerivationRule | null;
  active: boolean;
}

/** An administrator adds or edits a criterion; flags already set keep their history. */
export async function saveCriterion(tx: Tx, ctx: RequestContext, input: CriterionInput) {
  const actor = requireActor(ctx);
  const [before] = await tx
    .select()
    .from(vulnerabilityCriterion)
    .where(and(eq(vulnerabilityCriterion.orgId, actor.orgId), eq(vulnerabilityCriterion.code, input.code)));
  const [after] = await tx
    .insert(vulnerabilityCriterion)
    .values({ orgId: actor.orgId, ...input, sort: before?.sort ?? 100 })
    .onConflictDoUpdate({
      target: [vulnerabilityCriterion.orgId, vulnerabilityCriterion.code],
      set: { name: input.name, rule: input.rule, active: input.active },
    })
    .returning();
  await recordAudit(tx, ctx, {
    action: before ? "update" : "create",
    entity: "vulnerability_criterion",
    entityId: input.code,
    before,
    after,
  });
  return after!;
}

/** Current members of a household on a day, with what the vulnerability rules look at. */
export async function memberFactsOn(tx: Tx, householdId: string, onDate: string): Promise<MemberFacts[]> {
  const rows = await tx
    .select({ m: householdMember, p: person })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(eq(householdMember.householdId, householdId));
  return rows
    .filter(({ m }) => m.fromDate <= onDate && (m.toDate === null || m.toDate > onDate))
    .map(({ m, p }) => ({
      personId: p.id,
      relation: m.relation,
      sex: p.sex,
      birthDate: p.birthDate,
      disabilityGroup: p.disabilityGroup,
      abroad: p.migration !== null && p.migration.since <= onDate,
    }));
}

/**
 * Brings a household's derived flags in line with the register on `onDate`: flags the data now
 * supports are set, derived flags it no longer supports are cleared (with the day). Flags a social
 * worker set by hand are left alone.
 */
export async function refreshDerivedFlags(tx: Tx, ctx: RequestContext, householdId: string, onDate: string) {
  const actor = requireActor(ctx);
  const criteria = (await listCriteria(tx, actor.orgId)).filter((c) => c.active);
  const derived = deriveFlags(await memberFactsOn(tx, householdId, onDate), criteria, onDate);
  const open = await tx
    .select()
    .from(householdFlag)
    .where(
      and(
        eq(householdFlag.householdId, householdId),
        eq(householdFlag.source, "derived"),
        isNull(householdFlag.clearedOn),
      ),
    );
  const wanted = new Map(derived.map((f) => [f.code, f]));
  for (const flag of open) {
    if (wanted.has(flag.criterionCode)) {
      wanted.delete(flag.criterionCode);
      continue;
    }
    const [after] = await tx
      .update(householdFlag)
      .set({ clearedOn: onDate, clearedBy: actor.userId, clearReason: "registry.reason.noLongerApplies" })
      .where(eq(householdFlag.id, flag.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: "update",
      entity: "household_flag",
      entityId: flag.id,
      before: flag,
      after,
    });
  }
  for (const flag of wanted.values()) {
    const [created] = await tx
      .insert(householdFlag)
      .values({
        id: uuidv7(),
        orgId: actor.orgId,
        householdId,
        criterionCode: flag.code,
        source: "derived",
        reason: flag.reason,
        reasonParams: flag.params,
        setOn: onDate,
        setBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "create",
      entity: "household_flag",
      entityId: created!.id,
      after: created,
    });
  }
}

/** A social worker sets a flag by hand, with the reason and the day. */
export async function setFlag(
  tx: Tx,
  ctx: RequestContext,
  householdId: string,
  input: { criterionCode: string; reason: string; setOn: string },
) {
  const actor = requireActor(ctx);
  const criteria = await listCriteria(tx, actor.orgId);
  if (!criteria.some((c) => c.code === input.criterionCode && c.active))
    throw new DomainError("registry.unknownCriterion", { code: input.criterionCode });
  const [already] = await tx
    .select()
    .from(householdFlag)
    .where(
      and(
        eq(householdFlag.householdId, householdId),
        eq(householdFlag.criterionCode, input.criterionCode),
        isNull(householdFlag.clearedOn),
      ),
    );
  if (already) throw new DomainError("registry.flagAlreadySet", { code: input.criterionCode });
  const [created] = await tx
    .insert(householdFlag)
    .values({
      id: uuidv7(),
      orgId: actor.orgId,
      householdId,
      criterionCode: input.criterionCode,
      source: "manual",
      reason: input.reason,
      setOn: input.setOn,
      setBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "household_flag",
    entityId: created!.id,
    after: created,
  });
  return created!;
}

export async function clearFlag(
  tx: Tx,
  ctx: RequestContext,
  householdId: string,
  flagId: string,
  input: { reason: string; clearedOn: string },
) {
  const actor = requireActor(ctx);
  const [before] = await tx
    .select()
    .from(householdFlag)
    .where(
      and(
        eq(householdFlag.id, flagId),
        eq(householdFlag.householdId, householdId),
        eq(householdFlag.orgId, actor.orgId),
      ),
    );
  if (!before) throw new DomainError("notFound.flag");
  if (before.clearedOn) throw new DomainError("registry.flagAlreadyCleared");
  if (input.clearedOn < before.setOn)
    throw new DomainError("registry.clearedBeforeSet", { setOn: before.setOn });
  const [after] = await tx
    .update(householdFlag)
    .set({ clearedOn: input.clearedOn, clearedBy: actor.userId, clearReason: input.reason })
    .where(eq(householdFlag.id, flagId))
    .returning();
  await recordAudit(tx, ctx, { action: "update", entity: "household_flag", entityId: flagId, before, after });
  return after!;
}
