import {
  and,
  asc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { type LocalizedText, pickName } from "../../domain/places/units.js";
import { assertNotAfterToday } from "../../domain/registry/life-events.js";
import {
  type AbroadStretch,
  abroadSinceOn,
  abroadStretches,
  type LabourMigration,
  type MigrationEvent,
  stretchSinceOn,
} from "../../domain/registry/person.js";
import {
  contradictingFact,
  type DerivationRule,
  deriveFlags,
  type FlagDays,
  flagRuns,
  HOUSEHOLD_DISSOLVED,
  type MemberFacts,
  NO_LONGER_APPLIES,
  REGISTER_CLEAR_REASONS,
} from "../../domain/registry/vulnerability.js";
import { DomainError } from "../../domain/shared/errors.js";
import { localDayOf } from "../../domain/shared/local-time.js";
import { forQuoting } from "../../domain/shared/quotes.js";
import { changedWith, changesNothing, recordAudit, recordAudits } from "../audit/service.js";
import { orgTimeZone } from "../orgs/service.js";
import { type RequestContext, requireActor, systemContext } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { withSystem } from "../platform/transactions.js";
import { assertInForce, memberInForceDuring, memberInForceOn } from "./in-force.js";
import {
  flagRefresh,
  household,
  householdFlag,
  householdMember,
  lifeEvent,
  person,
  vulnerabilityCriterion,
} from "./tables.js";

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

/**
 * An administrator adds or edits a criterion; flags already set keep their history, and every
 * household's derived flags follow the new rule from `today` (set, or cleared, on that day).
 */
export async function saveCriterion(tx: Tx, ctx: RequestContext, input: CriterionInput, today: string) {
  const actor = requireActor(ctx);
  const [before] = await tx
    .select()
    .from(vulnerabilityCriterion)
    .where(and(eq(vulnerabilityCriterion.orgId, actor.orgId), eq(vulnerabilityCriterion.code, input.code)));
  const { name, rule, active } = input;
  if (before && changesNothing(before, { name, rule, active })) return before;
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
  await refreshOrganisationFlags(tx, ctx, actor.orgId, today);
  return after!;
}

/** A labour-migration event of the register. */
export interface RecordedMigrationEvent extends MigrationEvent {
  id: string;
}

/** These people's labour-migration events up to `onDate`, not annulled, oldest first, by person. */
export async function migrationEventsOf(tx: Tx, orgId: string, personIds: readonly string[], onDate: string) {
  const byPerson = new Map<string, RecordedMigrationEvent[]>();
  if (personIds.length === 0) return byPerson;
  const events = await tx
    .select({
      id: lifeEvent.id,
      personId: lifeEvent.personId,
      on: lifeEvent.occurredOn,
      details: lifeEvent.details,
    })
    .from(lifeEvent)
    .where(
      and(
        eq(lifeEvent.orgId, orgId),
        inArray(lifeEvent.personId, [...new Set(personIds)]),
        eq(lifeEvent.kind, "migration"),
        isNull(lifeEvent.annulledAt),
        lte(lifeEvent.occurredOn, onDate),
      ),
    )
    .orderBy(asc(lifeEvent.occurredOn), asc(lifeEvent.recordedAt), asc(lifeEvent.id));
  for (const { id, personId, on, details } of events) {
    const migration = (details as { migration?: LabourMigration | null }).migration ?? null;
    byPerson.set(personId!, [...(byPerson.get(personId!) ?? []), { id, on, migration }]);
  }
  return byPerson;
}

/**
 * These people's stretches abroad up to `onDate` (`abroadStretches`): their migration events, and
 * the migration recorded before the first of them (the audit trail's record of what it changed).
 * That event may have been recorded on a duplicate merged into the person since: its change is
 * looked for on the duplicate's record too. Few people have migration events, and a household's
 * refresh reads few people.
 */
async function abroadStretchesOf(
  tx: Tx,
  orgId: string,
  people: readonly { personId: string; migration: LabourMigration | null }[],
  onDate: string,
) {
  const events = await migrationEventsOf(
    tx,
    orgId,
    people.map((p) => p.personId),
    onDate,
  );
  const merged = await recordsMergedInto(tx, orgId, [...events.keys()]);
  const stretches = new Map<string, AbroadStretch[]>();
  for (const { personId, migration } of people) {
    const its = events.get(personId) ?? [];
    const before =
      its[0] &&
      (await changedWith(
        tx,
        orgId,
        { entity: "life_event", entityId: its[0].id },
        { entity: "person", entityIds: [personId, ...(merged.get(personId) ?? [])] },
      ));
    stretches.set(
      personId,
      abroadStretches(its, migration, (before?.migration as LabourMigration | null | undefined) ?? null),
    );
  }
  return stretches;
}

/**
 * The records merged into each of these people, as their merges' events name them: a merge moves
 * the duplicate's events to the kept person, earlier merges' among them, so one read finds a chain.
 */
async function recordsMergedInto(tx: Tx, orgId: string, personIds: readonly string[]) {
  const byPerson = new Map<string, string[]>();
  if (personIds.length === 0) return byPerson;
  const merges = await tx
    .select({
      personId: lifeEvent.personId,
      mergedId: sql<string>`${lifeEvent.details} ->> 'mergedPersonId'`,
    })
    .from(lifeEvent)
    .where(
      and(
        eq(lifeEvent.orgId, orgId),
        inArray(lifeEvent.personId, [...personIds]),
        eq(lifeEvent.kind, "person-merged"),
      ),
    );
  for (const { personId, mergedId } of merges)
    byPerson.set(personId!, [...new Set([...(byPerson.get(personId!) ?? []), mergedId])]);
  return byPerson;
}

/**
 * The members in force on a day of an organisation's households (the named ones, or all), with
 * what the vulnerability rules look at, by household. With `from`, those in force on any day from
 * then to `onDate`, each with the day the membership ended (`memberUntil`) if it has by `onDate`.
 */
async function memberFactsOn(
  tx: Tx,
  orgId: string,
  onDate: string,
  householdIds: readonly string[] | null,
  from?: string,
): Promise<Map<string, MemberFacts[]>> {
  const rows = await tx
    .select({
      householdId: householdMember.householdId,
      personId: person.id,
      relation: householdMember.relation,
      memberSince: householdMember.fromDate,
      // A death ends the membership on its day, whether or not an end was written (least skips nulls).
      memberUntil: sql<string | null>`least(${householdMember.toDate}, ${person.deathDate})`,
      sex: person.sex,
      birthDate: person.birthDate,
      disabilityGroup: person.disabilityGroup,
      migration: person.migration,
    })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(
      and(
        eq(householdMember.orgId, orgId),
        householdIds ? inArray(householdMember.householdId, [...householdIds]) : undefined,
        from === undefined
          ? memberInForceOn(onDate, "household_member", "person")
          : memberInForceDuring(from, onDate, "household_member", "person"),
      ),
    );
  // Over days gone by, a migrant come home since was away on some of them: her stretches abroad
  // are read from her migration events. On one day, the record now holds what they left.
  const stretches = from === undefined ? null : await abroadStretchesOf(tx, orgId, rows, onDate);
  const byHousehold = new Map<string, MemberFacts[]>();
  for (const { householdId, migration, memberUntil, ...facts } of rows) {
    const members = byHousehold.get(householdId) ?? [];
    const abroad = stretches?.get(facts.personId);
    members.push({
      ...facts,
      abroadSince: abroad === undefined ? abroadSinceOn(migration, onDate) : stretchSinceOn(abroad, onDate),
      ...(abroad === undefined ? {} : { abroad }),
      memberUntil: memberUntil !== null && memberUntil <= onDate ? memberUntil : null,
    });
    byHousehold.set(householdId, members);
  }
  return byHousehold;
}

/**
 * Brings a household's derived flags in line with the register on `onDate`: flags the data now
 * supports are set, derived flags it no longer supports are cleared (with the day; one that would
 * end on the day it was set is removed). Flags a social worker set by hand are left alone, no
 * derived flag is added beside one of hers of the same criterion, and a derived flag she cleared by
 * hand is not set again while the register gives the facts she judged.
 */
export function refreshDerivedFlags(tx: Tx, ctx: RequestContext, householdId: string, onDate: string) {
  return refreshOrganisationFlags(tx, ctx, requireActor(ctx).orgId, onDate, [householdId]);
}

/**
 * A household's derived flags after a change recorded (or annulled) for day `on`: from that day to
 * today, exactly what its facts give day by day (`flagRuns`), each from the day they began to the day
 * they ended: one they no longer give removed, one that began and ended since recorded, a 65th
 * birthday reached since dated on its day, not left to the nightly refresh. A household split off
 * on `on` so gets what its members' days give, not the facts of the split's day alone.
 */
export function refreshDerivedFlagsSince(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  const orgId = requireActor(ctx).orgId;
  return refreshOrganisationFlags(tx, ctx, orgId, organisationToday(ctx), [householdId], on);
}

/**
 * The derived flags of a household just registered, formed on `formedOn` with the members it has
 * today: those its data gives today, each from the day its facts began to hold (as `deriveFlagsHeld`
 * gives them). Its members who have left are unknown, so a stretch that ended before today is not told.
 */
export function deriveFlagsOfNewHousehold(
  tx: Tx,
  ctx: RequestContext,
  householdId: string,
  formedOn: string,
) {
  const orgId = requireActor(ctx).orgId;
  return refreshOrganisationFlags(tx, ctx, orgId, organisationToday(ctx), [householdId], formedOn, true);
}

/**
 * refreshDerivedFlags for many households at once (all of the organisation's when none are named):
 * after a criterion changes, and each day, when children grow up and the elderly grow older. Reads
 * the members, the flags in force from `heldFrom` (or `onDate`) on and the social workers' decisions
 * in one query each; writes and audits only the flags that change.
 */
async function refreshOrganisationFlags(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  onDate: string,
  householdIds: readonly string[] | null = null,
  /** The households' members are all they have had since this day: their flags from then on are rewritten as their facts give them day by day. */
  heldFrom?: string,
  /** The members are today's (a household just registered): only the flags in force today are theirs to tell. */
  todaysMembers = false,
) {
  const from = heldFrom ?? onDate;
  const criteria = (await listCriteria(tx, orgId)).filter((c) => c.active && c.rule);
  const ruled = new Set(criteria.map((c) => c.code));
  const members = await memberFactsOn(tx, orgId, onDate, householdIds, heldFrom);
  const here = and(
    eq(householdFlag.orgId, orgId),
    householdIds ? inArray(householdFlag.householdId, [...householdIds]) : undefined,
  );
  type Flag = typeof householdFlag.$inferSelect;
  const key = (householdId: string, code: string) => `${householdId}:${code}`;
  // Every flag in force on a day from `from` on. The register rewrites its own (derived, open or
  // ended as no longer applying); those set by hand, cleared by hand or ended with the household
  // are people's decisions and records: their days are taken, and no derived flag is put beside them.
  const rewritable = new Map<string, Flag[]>();
  const taken = new Map<string, Flag[]>();
  const withoutRule: Flag[] = [];
  for (const flag of await tx
    .select()
    .from(householdFlag)
    .where(and(here, or(isNull(householdFlag.clearedOn), gt(householdFlag.clearedOn, from))))
    .orderBy(asc(householdFlag.setOn))) {
    const registers =
      flag.source === "derived" && (flag.clearedOn === null || flag.clearReason === NO_LONGER_APPLIES);
    if (registers && !ruled.has(flag.criterionCode)) {
      if (flag.clearedOn === null) withoutRule.push(flag);
      continue;
    }
    const into = registers ? rewritable : taken;
    into.set(key(flag.householdId, flag.criterionCode), [
      ...(into.get(key(flag.householdId, flag.criterionCode)) ?? []),
      flag,
    ]);
  }
  // A social worker's last word on a criterion: a derived flag she cleared by hand (any reason but
  // the register's own), with no derived flag of the code after it.
  const judged = new Map(
    (
      await tx
        .select({
          householdId: householdFlag.householdId,
          code: householdFlag.criterionCode,
          reason: householdFlag.reason,
          params: householdFlag.reasonParams,
          clearedOn: sql<string>`${householdFlag.clearedOn}`,
        })
        .from(householdFlag)
        .where(
          and(
            here,
            eq(householdFlag.source, "derived"),
            isNotNull(householdFlag.clearedOn),
            notInArray(householdFlag.clearReason, [...REGISTER_CLEAR_REASONS]),
            sql`not exists (select from household_flag later
              where later.household_id = ${householdFlag.householdId} and later.criterion_code = ${householdFlag.criterionCode}
                and later.source = 'derived' and (later.set_on, later.id) > (${householdFlag.setOn}, ${householdFlag.id}))`,
          ),
        )
    ).map((f) => [key(f.householdId, f.code), f]),
  );
  // The last day a flag of a criterion ended before `from`: one dated back to its facts' own day
  // starts no earlier, so two of one criterion are never in force at once.
  const lastEnded = new Map(
    (
      await tx
        .select({
          householdId: householdFlag.householdId,
          code: householdFlag.criterionCode,
          until: sql<string>`max(${householdFlag.clearedOn})`,
        })
        .from(householdFlag)
        .where(and(here, lte(householdFlag.clearedOn, from)))
        .groupBy(householdFlag.householdId, householdFlag.criterionCode)
    ).map((f) => [key(f.householdId, f.code), f.until]),
  );
  const userId = ctx.actor?.userId ?? null;
  const ended = (clearedOn: string | null) => ({
    clearedOn,
    clearedBy: clearedOn === null ? null : userId,
    clearReason: clearedOn === null ? null : NO_LONGER_APPLIES,
  });
  const toEnd = new Map<string, Flag[]>([
    [from, []],
    [onDate, []],
  ]);
  const toDelete: Flag[] = [];
  const toRewrite: { flag: Flag; days: FlagDays }[] = [];
  const toSet: (typeof householdFlag.$inferInsert)[] = [];
  // A flag the rule no longer gives because the criterion lost its rule ends on the day that is seen.
  for (const flag of withoutRule) (flag.setOn < onDate ? toEnd.get(onDate)! : toDelete).push(flag);
  const households = new Set([...members.keys(), ...[...rewritable.values()].map(([f]) => f!.householdId)]);
  for (const householdId of households) {
    const facts = members.get(householdId) ?? [];
    for (const criterion of criteria) {
      const at = key(householdId, criterion.code);
      const stored = [...(rewritable.get(at) ?? [])];
      const runs = flagRuns(facts, criterion, from, onDate, {
        taken: taken.get(at) ?? [],
        judged: judged.get(at),
        endedBy: lastEnded.get(at),
      }).filter((run) => !todaysMembers || run.until === null);
      for (const run of runs) {
        // One in force on `from` goes on where the facts held then; any other stands for the run it overlaps.
        const i = stored.findIndex((f) =>
          f.setOn < from
            ? run.since <= from
            : f.setOn < (run.until ?? END_OF_TIME) && (f.clearedOn === null || f.clearedOn > run.since),
        );
        const [flag] = i < 0 ? [] : stored.splice(i, 1);
        if (!flag) {
          toSet.push({
            id: uuidv7(),
            orgId,
            householdId,
            criterionCode: criterion.code,
            source: "derived",
            reason: run.reason,
            reasonParams: run.params,
            setOn: run.since,
            setBy: userId,
            ...(run.until === null ? {} : ended(run.until)),
          });
          continue;
        }
        // One set on the day it was worked out, before its facts' own day was read, is dated back.
        const setOn = flag.setOn < from && flag.setOn < run.since ? flag.setOn : run.since;
        if (setOn !== flag.setOn || run.until !== flag.clearedOn)
          toRewrite.push({ flag, days: { setOn, clearedOn: run.until } });
      }
      // What the facts no longer give: one in force on `from` ends then, one set later never stood.
      for (const flag of stored) (flag.setOn < from ? toEnd.get(from)! : toDelete).push(flag);
    }
  }
  await deleteFlags(tx, ctx, toDelete);
  for (const [day, flags] of toEnd) await endFlags(tx, ctx, flags, ended(day));
  for (const { flag, days } of toRewrite) {
    const [after] = await tx
      .update(householdFlag)
      .set({ setOn: days.setOn, ...(days.clearedOn === flag.clearedOn ? {} : ended(days.clearedOn)) })
      .where(eq(householdFlag.id, flag.id))
      .returning();
    await recordAudit(tx, ctx, {
      orgId,
      action: "update",
      entity: "household_flag",
      entityId: flag.id,
      before: flag,
      after,
    });
  }
  // A statement binds at most 65,535 parameters: a large municipality's first refresh sets more flags.
  for (let start = 0; start < toSet.length; start += FLAGS_PER_STATEMENT)
    await recordAudits(
      tx,
      ctx,
      (
        await tx
          .insert(householdFlag)
          .values(toSet.slice(start, start + FLAGS_PER_STATEMENT))
          .returning()
      ).map((created) => ({
        orgId,
        action: "create",
        entity: "household_flag",
        entityId: created.id,
        after: created,
      })),
    );
}

/** Later than any day a flag is set: the end of a stretch still running. */
const END_OF_TIME = "9999-12-31";
const FLAGS_PER_STATEMENT = 2_000;

/**
 * Ends these flags as `end` says (or, all null, opens them again), in one statement, each change
 * audited with what it was before.
 */
async function endFlags(
  tx: Tx,
  ctx: RequestContext,
  flags: readonly (typeof householdFlag.$inferSelect)[],
  end: { clearedOn: string | SQL | null; clearedBy: string | null; clearReason: string | null },
) {
  if (flags.length === 0) return;
  const ended = await tx
    .update(householdFlag)
    .set(end)
    .where(sql`${householdFlag.id} = any(${sql.param(flags.map((f) => f.id))}::uuid[])`)
    .returning();
  const before = new Map(flags.map((f) => [f.id, f]));
  await recordAudits(
    tx,
    ctx,
    ended.map((after) => ({
      orgId: after.orgId,
      action: "update",
      entity: "household_flag",
      entityId: after.id,
      before: before.get(after.id),
      after,
    })),
  );
}

/** Removes these flags in one statement, each audited with what it was. */
async function deleteFlags(
  tx: Tx,
  ctx: RequestContext,
  flags: readonly (typeof householdFlag.$inferSelect)[],
) {
  if (flags.length === 0) return;
  await tx
    .delete(householdFlag)
    .where(sql`${householdFlag.id} = any(${sql.param(flags.map((f) => f.id))}::uuid[])`);
  await recordAudits(
    tx,
    ctx,
    flags.map((before) => ({
      orgId: before.orgId,
      action: "delete",
      entity: "household_flag",
      entityId: before.id,
      before,
    })),
  );
}

/**
 * Each organisation's derived flags brought in line with its register on its own today, as the
 * system: the service runs it at start and every hour, and an organisation's households are
 * reread only on the first run of its new day (`done` keeps the day each was last refreshed). The
 * days since the last refresh (`flag_refresh`) are read too, so a flag whose facts changed while the
 * service was off (a child's 18th birthday) is set or cleared on the day they did, not today.
 */
export async function refreshFlagsOfEveryOrganisation(
  database: Database,
  done: Map<string, string>,
  now: Date = new Date(),
  signal?: AbortSignal,
) {
  const organisations = await withSystem(database, async (tx) => {
    const ids = await tx.selectDistinct({ id: vulnerabilityCriterion.orgId }).from(vulnerabilityCriterion);
    const zones: { id: string; timeZone: string }[] = [];
    for (const { id } of ids) zones.push({ id, timeZone: await orgTimeZone(tx, id) });
    return zones;
  });
  for (const { id, timeZone } of organisations) {
    // A shutdown stops the pass between municipalities; the next run starts where it left off.
    if (signal?.aborted) return;
    const today = localDayOf(now, timeZone);
    if (done.get(id) === today) continue;
    const ctx = systemContext(`flags-${today}`);
    await withSystem(database, async (tx) => {
      const [last] = await tx.select().from(flagRefresh).where(eq(flagRefresh.orgId, id));
      // A day ahead of today (the clock set back) tells nothing of the days since.
      const since = last && last.refreshedOn < today ? last.refreshedOn : undefined;
      await refreshOrganisationFlags(tx, ctx, id, today, null, since);
      await tx
        .insert(flagRefresh)
        .values({ orgId: id, refreshedOn: today })
        .onConflictDoUpdate({ target: flagRefresh.orgId, set: { refreshedOn: today } });
    });
    done.set(id, today);
  }
}

/** How a household's dissolution ends a flag: on its day, by the register's own reason. */
const dissolvedEnd = (dissolvedOn: string, userId: string | null) => ({
  clearedOn: dissolvedOn,
  clearedBy: userId,
  clearReason: HOUSEHOLD_DISSOLVED,
});

/**
 * Where a dissolution on `on` ends a flag: that day, or the day it was set if that is later (one set
 * for a later day, recorded before the dissolution was dated back, never comes into force).
 */
const endByDissolution = (on: SQL | string) => sql`greatest(${householdFlag.setOn}, ${on}::date)`;

/**
 * A flag that outlives its household's dissolution on `on`: open, or cleared after the day the
 * dissolution ends it. Households dissolved before the dissolution ended flags still hold such.
 */
export const outlivesDissolution = (on: SQL | string): SQL =>
  sql`(${householdFlag.clearedOn} is null or ${householdFlag.clearedOn} > ${endByDissolution(on)})`;

/**
 * A dissolved household holds no flag: those in force on the day it was dissolved end that day, and
 * one set for a later day never comes into force. Whatever source, each change audited. Says how
 * many it ended.
 */
export async function endFlagsOfDissolved(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  const inForce = await tx
    .select()
    .from(householdFlag)
    .where(and(eq(householdFlag.householdId, householdId), outlivesDissolution(on)));
  await endFlags(tx, ctx, inForce, {
    ...dissolvedEnd(on, ctx.actor?.userId ?? null),
    clearedOn: endByDissolution(on),
  });
  return inForce.length;
}

/** Puts the household's flags that `ended` picks back in force, each change audited. */
async function reopenFlags(tx: Tx, ctx: RequestContext, householdId: string, ended: SQL | undefined) {
  const flags = await tx
    .select()
    .from(householdFlag)
    .where(and(eq(householdFlag.householdId, householdId), ended));
  await endFlags(tx, ctx, flags, { clearedOn: null, clearedBy: null, clearReason: null });
}

/**
 * A dissolution on `on` annulled (the event that emptied the household was registered by mistake):
 * the flags it ended are in force again, as they were. Each change audited; derived ones are then
 * refreshed like any others.
 */
export function reopenFlagsOfDissolved(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  return reopenFlags(
    tx,
    ctx,
    householdId,
    and(
      eq(householdFlag.clearReason, HOUSEHOLD_DISSOLVED),
      sql`${householdFlag.clearedOn} = ${endByDissolution(on)}`,
    ),
  );
}

/**
 * The derived flags the register ended on `on` as no longer applying: put back in force before an
 * event of that day is annulled, so the refresh that follows keeps the flag that stood (with its
 * own days and id) where the facts still give it, rather than ending it and deriving a new one
 * from the same day. One the facts do not give is ended again on the same day.
 */
export function reopenFlagsEndedOn(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  return reopenFlags(
    tx,
    ctx,
    householdId,
    and(
      eq(householdFlag.source, "derived"),
      eq(householdFlag.clearReason, NO_LONGER_APPLIES),
      eq(householdFlag.clearedOn, on),
      // Never beside one of its criterion in force since (set by hand, or derived on a later day).
      sql`not exists (select from household_flag open where open.household_id = ${householdFlag.householdId}
            and open.criterion_code = ${householdFlag.criterionCode} and open.cleared_on is null)`,
    ),
  );
}

/**
 * The flags the register derived for a household that, as it turns out, never stood (a split
 * annulled): removed, each audited, rather than ended on a day it never had.
 */
export async function removeDerivedFlagsOf(tx: Tx, ctx: RequestContext, householdId: string) {
  const derived = await tx
    .select()
    .from(householdFlag)
    .where(and(eq(householdFlag.householdId, householdId), eq(householdFlag.source, "derived")));
  await deleteFlags(tx, ctx, derived);
}

/** A social worker sets a flag by hand, with the reason and the day. */
export async function setFlag(
  tx: Tx,
  ctx: RequestContext,
  householdId: string,
  input: { criterionCode: string; reason: string; setOn: string },
) {
  const actor = requireActor(ctx);
  // As the book's events: a flag is set on a day that has come (a benefit granted from next month
  // is set then), and so is it cleared; an import or older records may still hold a clearing ahead.
  assertNotAfterToday(input.setOn, organisationToday(ctx));
  const [home] = await tx
    .select({ formedOn: household.formedOn, dissolvedOn: household.dissolvedOn })
    .from(household)
    .where(and(eq(household.id, householdId), eq(household.orgId, actor.orgId)));
  if (!home) throw new DomainError("notFound.household");
  assertInForce(home, input.setOn);
  // No household, no flag: one dated before it was formed would count it vulnerable before it existed.
  if (input.setOn < home.formedOn)
    throw new DomainError("registry.flagBeforeHousehold", { formedOn: home.formedOn });
  const criteria = await listCriteria(tx, actor.orgId);
  const criterion = criteria.find((c) => c.code === input.criterionCode && c.active);
  if (!criterion) throw new DomainError("registry.unknownCriterion", { code: input.criterionCode });
  // The messages below quote the name; one written in quotation marks is quoted once.
  const name = forQuoting(pickName(criterion.name, ctx.locale), ctx.locale);
  // A flag runs until it is cleared, so a new one starts no earlier than every earlier one ends:
  // one cleared on a day still to come is in force until then.
  const [already] = await tx
    .select()
    .from(householdFlag)
    .where(
      and(
        eq(householdFlag.householdId, householdId),
        eq(householdFlag.criterionCode, input.criterionCode),
        or(isNull(householdFlag.clearedOn), gt(householdFlag.clearedOn, input.setOn)),
      ),
    )
    .orderBy(sql`${householdFlag.clearedOn} desc nulls first`)
    .limit(1);
  // One the dissolution ended has no day from which a new one may follow: it is simply set then.
  if (already?.clearedOn && already.clearReason !== HOUSEHOLD_DISSOLVED)
    throw new DomainError("registry.flagInForceUntil", { name, until: already.clearedOn });
  if (already) throw new DomainError("registry.flagAlreadySet", { name, since: already.setOn });
  // A criterion the register derives may be set by hand where its data falls short, not where its
  // recorded facts say no (a male head for "female-headed"): the facts are corrected instead.
  if (criterion.rule) {
    const members = await memberFactsOn(tx, actor.orgId, input.setOn, [householdId]);
    const contradiction = contradictingFact(criterion.rule, members.get(householdId) ?? [], input.setOn);
    if (contradiction)
      throw new DomainError("registry.flagContradicted", {
        name,
        fact: translate(ctx.locale, contradiction.fact, contradiction.params),
      });
  }
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
      // Set on a household since dissolved: it ended with the household, as those in force then did.
      ...(home.dissolvedOn === null ? {} : dissolvedEnd(home.dissolvedOn, actor.userId)),
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

/**
 * A social worker clears a flag, with the reason and the day. A derived one the register's data still
 * gives on that day is refused, as a flag set against the data is, unless she says she removes it
 * against the data (`againstRegister`): her judgement, which the refresh keeps while the facts stay.
 */
export async function clearFlag(
  tx: Tx,
  ctx: RequestContext,
  householdId: string,
  flagId: string,
  input: { reason: string; clearedOn: string; againstRegister?: boolean | undefined },
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
  // As a flag is set: on a day that has come. A card would show a day ahead as a past end.
  assertNotAfterToday(input.clearedOn, organisationToday(ctx));
  if (input.clearedOn < before.setOn)
    throw new DomainError("registry.clearedBeforeSet", { setOn: before.setOn });
  if (before.source === "derived" && input.againstRegister !== true) {
    const criterion = (await listCriteria(tx, actor.orgId)).find(
      (c) => c.code === before.criterionCode && c.active,
    );
    const members = await memberFactsOn(tx, actor.orgId, input.clearedOn, [householdId]);
    const [given] = criterion
      ? deriveFlags(members.get(householdId) ?? [], [criterion], input.clearedOn)
      : [];
    if (given)
      throw new DomainError("registry.flagStillGiven", {
        name: forQuoting(pickName(criterion!.name, ctx.locale), ctx.locale),
        fact: translate(ctx.locale, given.reason, given.params),
      });
  }
  const [after] = await tx
    .update(householdFlag)
    .set({ clearedOn: input.clearedOn, clearedBy: actor.userId, clearReason: input.reason })
    .where(eq(householdFlag.id, flagId))
    .returning();
  await recordAudit(tx, ctx, { action: "update", entity: "household_flag", entityId: flagId, before, after });
  return after!;
}
