import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { kinshipWarnings } from "../../domain/registry/kinship.js";
import { fullName } from "../../domain/registry/names.js";
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
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { refreshDerivedFlags } from "./flags.js";
import { household, householdMember, person } from "./tables.js";

export type { PersonInput };

/** A person's values as the register stores them, checked (personValues) by the caller. */
export type CheckedPerson = ReturnType<typeof personValues>;

/**
 * Refuses a PIN that another living person of this municipality holds while a member of one of its
 * households: one person, one record. The form only warned, so one click registered the same man as
 * the head of two households. Someone who has left (no household now) may be registered again; the
 * two then show among the probable duplicates.
 */
async function assertPinFree(
  tx: Tx,
  orgId: string,
  pin: string | null,
  path: (string | number)[],
  self?: string,
) {
  if (!pin) return;
  const [holder] = await tx
    .select({
      surname: person.surname,
      givenName: person.givenName,
      patronymic: person.patronymic,
      number: household.number,
    })
    .from(person)
    .innerJoin(householdMember, and(eq(householdMember.personId, person.id), isNull(householdMember.toDate)))
    .innerJoin(household, eq(household.id, householdMember.householdId))
    .where(
      and(
        eq(person.orgId, orgId),
        eq(person.pin, pin),
        isNull(person.deathDate),
        isNull(person.mergedInto),
        eq(person.enteredInError, false),
        self ? ne(person.id, self) : undefined,
      ),
    )
    .limit(1);
  if (holder)
    throw new DomainError("validation.fields", {}, [
      { path: [...path, "pin"], code: "pinHeld", params: { name: fullName(holder), number: holder.number } },
    ]);
}

/**
 * Adds a person to the register, audited; the caller has checked the values (personValues). `path`
 * is where the person stands in the request, for the field a refusal names.
 */
export async function insertPerson(
  tx: Tx,
  ctx: RequestContext,
  values: CheckedPerson,
  path: (string | number)[] = [],
) {
  const actor = requireActor(ctx);
  await assertPinFree(tx, actor.orgId, values.pin, path);
  const [created] = await tx
    .insert(person)
    .values({ id: uuidv7(), orgId: actor.orgId, ...values })
    .returning();
  await recordAudit(tx, ctx, { action: "create", entity: "person", entityId: created!.id, after: created });
  return created!;
}

async function personRow(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(person)
    .where(and(eq(person.id, id), eq(person.orgId, orgId)));
  return row;
}

export async function loadPerson(tx: Tx, orgId: string, id: string) {
  const row = await personRow(tx, orgId, id);
  // One entered in error (an annulled birth or arrival) is no longer in the register.
  if (!row || row.enteredInError) throw new DomainError("notFound.person");
  if (row.mergedInto) throw await mergedAway(tx, orgId, row.mergedInto);
  return row;
}

// Merges are a clerk's, one at a time: a chain this long is a loop in hand-made data, not history.
const MERGES_FOLLOWED = 50;

/**
 * A record merged into another is gone for good, but old links name it (the audit log, a
 * certificate, a household's history, a bookmark): the refusal names the record it lives on as,
 * after any later merge of that one too, and the household that holds it (the one it is in now,
 * else the last), for the clerk to open. Read in the caller's organisation under its row-level
 * security, so it names nothing the caller may not read.
 */
async function mergedAway(tx: Tx, orgId: string, mergedInto: string): Promise<DomainError> {
  let kept = await personRow(tx, orgId, mergedInto);
  for (let hops = 0; kept?.mergedInto && hops < MERGES_FOLLOWED; hops++)
    kept = await personRow(tx, orgId, kept.mergedInto);
  if (!kept || kept.mergedInto) return new DomainError("notFound.person");
  const [home] = await tx
    .select({ id: household.id, number: household.number })
    .from(householdMember)
    .innerJoin(household, eq(household.id, householdMember.householdId))
    .where(eq(householdMember.personId, kept.id))
    .orderBy(sql`${householdMember.toDate} is null desc`, desc(householdMember.fromDate))
    .limit(1);
  return new DomainError("registry.personMerged", {
    mergedIntoId: kept.id,
    mergedInto: fullName(kept),
    ...(home && { householdId: home.id, household: home.number }),
  });
}

/**
 * A fact a life event sets on a person (a death date, a labour migration), or its annulment does
 * (entered in error), audited.
 */
export async function recordPersonFact(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  fact: Pick<Partial<typeof person.$inferInsert>, "deathDate" | "migration" | "enteredInError">,
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
  if (values.pin !== before.pin) await assertPinFree(tx, actor.orgId, values.pin, [], id);
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
  for (const householdId of await householdsNow(tx, actor.orgId, id))
    await refreshDerivedFlags(tx, ctx, householdId, today);
  return after;
}

/** The households the person is a member of now (memberships with no end). */
async function householdsNow(tx: Tx, orgId: string, personId: string): Promise<string[]> {
  const homes = await tx
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .where(
      and(
        eq(householdMember.orgId, orgId),
        eq(householdMember.personId, personId),
        isNull(householdMember.toDate),
      ),
    );
  return homes.map((h) => h.householdId);
}

/** What a correction leaves hard to believe: a member's relation to the head, in the reader's words. */
export interface KinshipWarning {
  /** The member whose relation is in doubt: the person corrected, or a member of the head corrected. */
  personId: string;
  code: string;
  message: string;
}

/**
 * The kinship warnings that hold, after a correction, in every household the person lives in now
 * (kinshipWarnings, as a new household's form and the book's import give them): a son's birth date
 * corrected to before the head's, or a head's to after a child's. Nothing is refused: the clerk may
 * have the facts right (an adopted child). A member's warning names the member when the head was
 * the one corrected.
 */
export async function kinshipWarningsOf(
  tx: Tx,
  ctx: RequestContext,
  personId: string,
): Promise<KinshipWarning[]> {
  const warnings: KinshipWarning[] = [];
  for (const householdId of await householdsNow(tx, requireActor(ctx).orgId, personId)) {
    const members = await tx
      .select({
        personId: householdMember.personId,
        relation: householdMember.relation,
        on: householdMember.fromDate,
        birthDate: person.birthDate,
        surname: person.surname,
        givenName: person.givenName,
        patronymic: person.patronymic,
      })
      .from(householdMember)
      .innerJoin(person, eq(person.id, householdMember.personId))
      .where(and(eq(householdMember.householdId, householdId), isNull(householdMember.toDate)))
      .orderBy(householdMember.fromDate, householdMember.id);
    const head = members.find((m) => m.relation === "head");
    const corrected = members.find((m) => m.personId === personId);
    if (!corrected) continue;
    // The head corrected: every other member's relation may now be in doubt; otherwise, the person's own.
    const checked = corrected === head ? members.filter((m) => m !== head) : [corrected];
    for (const member of checked)
      for (const issue of kinshipWarnings(member, head, member.on)) {
        const warning = translate(ctx.locale, `errors.field.${issue.code}`, issue.params ?? {});
        warnings.push({
          personId: member.personId,
          code: issue.code,
          message:
            member === corrected
              ? warning
              : translate(ctx.locale, "reg.kinWarningOf", { name: fullName(member), warning }),
        });
      }
  }
  return warnings;
}
