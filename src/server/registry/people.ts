import { and, eq, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import {
  correctedPerson,
  type PersonChanges,
  type PersonInput,
  personValues,
} from "../../domain/registry/person.js";
import { DomainError } from "../../domain/shared/errors.js";
import { changesNothing, recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { refreshDerivedFlags } from "./flags.js";
import { householdMember, person } from "./tables.js";

export type { PersonInput };

/** A person's values as the register stores them, checked (personValues) by the caller. */
export type CheckedPerson = ReturnType<typeof personValues>;

/** Adds a person to the register, audited; the caller has checked the values (personValues). */
export async function insertPerson(tx: Tx, ctx: RequestContext, values: CheckedPerson) {
  const actor = requireActor(ctx);
  const [created] = await tx
    .insert(person)
    .values({ id: uuidv7(), orgId: actor.orgId, ...values })
    .returning();
  await recordAudit(tx, ctx, { action: "create", entity: "person", entityId: created!.id, after: created });
  return created!;
}

export async function loadPerson(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(person)
    .where(and(eq(person.id, id), eq(person.orgId, orgId)));
  if (!row || row.mergedInto) throw new DomainError("notFound.person");
  return row;
}

/** A fact a life event sets on a person (a death date, a labour migration), audited. */
export async function recordPersonFact(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  fact: Pick<Partial<typeof person.$inferInsert>, "deathDate" | "migration">,
) {
  const before = await loadPerson(tx, requireActor(ctx).orgId, id);
  const [after] = await tx
    .update(person)
    .set({ ...fact, version: sql`${person.version} + 1`, updatedAt: new Date() })
    .where(eq(person.id, id))
    .returning();
  await recordAudit(tx, ctx, { action: "update", entity: "person", entityId: id, before, after });
  return after!;
}

/**
 * Corrects a person: the fields sent replace the stored ones, the others stay; the whole corrected
 * person is checked again. A stale version is refused and changes nothing, as does a correction to
 * the values the person already has (no new version, no audit record). A disability group or a
 * labour migration corrected changes what the person's household is derived to need, so its flags
 * follow as they do after a life event.
 */
export async function correctPerson(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  version: number,
  changes: PersonChanges,
) {
  const actor = requireActor(ctx);
  const before = await loadPerson(tx, actor.orgId, id);
  const today = organisationToday(ctx);
  const values = personValues(correctedPerson(before, changes), today);
  if (version === before.version && changesNothing(before, values)) return before;
  const [after] = await tx
    .update(person)
    .set({
      ...values,
      version: sql`${person.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(person.id, id), eq(person.version, version)))
    .returning();
  if (!after) throw new DomainError("conflict.version", { current: before.version });
  await recordAudit(tx, ctx, { action: "update", entity: "person", entityId: id, before, after });
  const homes = await tx
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .where(and(eq(householdMember.personId, id), isNull(householdMember.toDate)));
  for (const { householdId } of homes) await refreshDerivedFlags(tx, ctx, householdId, today);
  return after;
}
