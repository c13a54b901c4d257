import { and, eq, inArray, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Locale, LocalizedText } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { DEFAULT_TIME_ZONE, isTimeZone } from "../../domain/shared/local-time.js";
import { roleAllows } from "../access/roles.js";
import { recordAudit } from "../audit/service.js";
import { resolveUnit } from "../places/service.js";
import { adminUnit } from "../places/tables.js";
import { type Actor, type RequestContext, requireActor } from "../platform/context.js";
import { type Database, type Executor, rows, type Tx } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { ensureRegisterDefaults } from "../registry/defaults.js";
import {
  ORG_KINDS,
  type OrganisationDetails,
  type OrgKind,
  organisation,
  organisationVillage,
  type ProviderType,
} from "./tables.js";

export { ORG_KINDS };

/** The address a paper in `lang` prints: a Russian paper the Russian one, the Kyrgyz one where none was entered. */
export const paperAddress = (details: OrganisationDetails, lang: string) =>
  (lang === "ru" && details.addressRu) || details.address;

/** A detail a paper in a language needs that the organisation has not entered. */
export interface PaperGap {
  locale: "ru";
  field: "addressRu";
}

/**
 * What papers in each language lack: without a Russian address a Russian paper prints the Kyrgyz
 * one (paperAddress). Issuing is not stopped; the clerk is told, and an administrator where to enter it.
 */
export const paperGaps = (details: OrganisationDetails, lang?: string): PaperGap[] =>
  (lang === undefined || lang === "ru") && !details.addressRu?.trim()
    ? [{ locale: "ru", field: "addressRu" }]
    : [];

/** What a request acting for an organisation may read, with how many organisations there are. */
export interface ReadableOrganisations {
  orgIds: string[];
  /** All organisations: an office whose readable list holds them all reads every organisation. */
  organisationCount: number;
}

/**
 * Organisations a request acting for `orgId` may read: the organisation itself and, for a
 * district office, every municipality and water provider under its district (migration 0021);
 * with how many there are (read as the system role, which sees them all). A session reads the
 * same through app_session (migration 0022).
 */
export async function readableOrgIds(executor: Executor, orgId: string): Promise<ReadableOrganisations> {
  const [found] = await rows<{ ids: string[]; count: number }>(
    executor,
    sql`select app_organisations_read_by(${orgId}::uuid) as ids, (select count(*)::int from organisation) as count`,
  );
  return { orgIds: found?.ids ?? [], organisationCount: found?.count ?? 0 };
}

/** One organisation's row, read in the caller's transaction (its policies apply). */
export async function findOrganisation(executor: Executor, orgId: string) {
  const [org] = await executor.select().from(organisation).where(eq(organisation.id, orgId));
  return org ?? null;
}

export interface NewOrganisation {
  kind: OrgKind;
  providerType?: ProviderType | null;
  name: LocalizedText;
  adminUnitCode: string;
  details?: OrganisationDetails;
  defaultLocale?: Locale;
  villageCodes?: string[];
}

/** Creates an organisation (CLI, demo); its first audit record opens its chain. */
export async function createOrganisation(tx: Tx, ctx: RequestContext, input: NewOrganisation) {
  if (input.kind === "water-provider" && !input.providerType) {
    throw new DomainError("orgs.providerTypeRequired");
  }
  const id = uuidv7();
  const [created] = await tx
    .insert(organisation)
    .values({
      id,
      kind: input.kind,
      providerType: input.kind === "water-provider" ? (input.providerType ?? null) : null,
      name: input.name,
      adminUnitCode: input.adminUnitCode,
      details: input.details ?? {},
      defaultLocale: input.defaultLocale ?? "ky",
    })
    .returning();
  if (input.villageCodes?.length) {
    await tx
      .insert(organisationVillage)
      .values(input.villageCodes.map((villageCode) => ({ orgId: id, villageCode })));
  }
  await recordAudit(tx, ctx, {
    orgId: id,
    action: "create",
    entity: "organisation",
    entityId: id,
    after: created,
  });
  if (input.kind === "ayil-okmotu") await ensureRegisterDefaults(tx, id);
  return created!;
}

export async function getOrganisation(database: Database, ctx: RequestContext, orgId?: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const id = orgId ?? actor.orgId;
    const [org] = await tx.select().from(organisation).where(eq(organisation.id, id));
    if (!org) throw new DomainError("notFound.organisation");
    return {
      ...org,
      paperGaps: paperGaps(org.details),
      villageCodes: await servedVillages(tx, id),
      mergedInto: await mergedInto(tx, org.adminUnitCode),
    };
  });
}

/**
 * Where the organisation's unit went when it was merged away (the unit it stands in today, and
 * the day), so its people are told where its register is kept now; null while the unit is in force.
 */
async function mergedInto(executor: Executor, adminUnitCode: string) {
  // One row for a unit in force; the walk of its successors only for one merged away.
  const [unit] = await executor
    .select({ abolishedOn: adminUnit.abolishedOn, successorCode: adminUnit.successorCode })
    .from(adminUnit)
    .where(eq(adminUnit.code, adminUnitCode));
  if (!unit?.abolishedOn || !unit.successorCode) return null;
  const { current } = await resolveUnit(executor, adminUnitCode, unit.abolishedOn);
  return { code: current.code, name: current.versions.at(-1)!.name, on: unit.abolishedOn };
}

/**
 * The IANA zone of an organisation's local days and clock (water days and decades, acts, turns).
 * Any organisation may read its own row, so this works in every area's tenant transaction.
 */
export async function orgTimeZone(executor: Executor, orgId: string): Promise<string> {
  const [org] = await executor
    .select({ timeZone: organisation.timeZone })
    .from(organisation)
    .where(eq(organisation.id, orgId));
  return org?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Villages a water provider serves (read in the caller's transaction). */
export async function servedVillages(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ code: organisationVillage.villageCode })
    .from(organisationVillage)
    .where(eq(organisationVillage.orgId, orgId))
    .orderBy(organisationVillage.villageCode);
  return rows.map((r) => r.code);
}

async function assertVillages(tx: Tx, codes: string[]) {
  if (codes.length === 0) return;
  const found = await tx
    .select({ code: adminUnit.code })
    .from(adminUnit)
    .where(and(inArray(adminUnit.code, codes), eq(adminUnit.level, "village")));
  const known = new Set(found.map((f) => f.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new DomainError(
      "orgs.unknownVillages",
      { codes: unknown.join(", ") },
      unknown.map((code) => ({
        path: ["villageCodes", codes.indexOf(code)],
        code: "unknownVillage",
        params: { code },
      })),
    );
  }
}

export async function listReadableOrganisations(database: Database, actor: Actor) {
  return withTenant(database, actor, (tx) =>
    tx
      .select()
      .from(organisation)
      .where(inArray(organisation.id, actor.readOrgIds))
      .orderBy(organisation.kind),
  );
}

export interface OrganisationPatch {
  version: number;
  name?: LocalizedText;
  details?: OrganisationDetails;
  defaultLocale?: Locale;
  /** IANA name; an administrator sets it once (Tajik and Uzbek providers keep UTC+5). */
  timeZone?: string;
  /** Villages a water provider serves (they may lie in several municipalities). */
  villageCodes?: string[];
}

/** Edits the acting organisation's profile; a stale version changes nothing and is refused. */
export async function updateOrganisation(database: Database, ctx: RequestContext, patch: OrganisationPatch) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const [before] = await tx.select().from(organisation).where(eq(organisation.id, actor.orgId));
    if (!before) throw new DomainError("notFound.organisation");
    const { version, villageCodes, ...changes } = patch;
    if (
      changes.timeZone !== undefined &&
      changes.timeZone !== before.timeZone &&
      !roleAllows(actor.roles, "org.configure")
    )
      throw new DomainError("forbidden");
    if (changes.timeZone !== undefined && !isTimeZone(changes.timeZone))
      throw new DomainError("validation.fields", {}, [
        { path: ["timeZone"], code: "timeZoneUnknown", params: { value: changes.timeZone } },
      ]);
    const villagesBefore = await servedVillages(tx, actor.orgId);
    const [after] = await tx
      .update(organisation)
      .set({ ...changes, version: sql`${organisation.version} + 1` })
      .where(and(eq(organisation.id, actor.orgId), eq(organisation.version, version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    if (villageCodes) {
      if (before.kind !== "water-provider") throw new DomainError("orgs.villagesOnlyForWaterProviders");
      await assertVillages(tx, villageCodes);
      await tx.delete(organisationVillage).where(eq(organisationVillage.orgId, actor.orgId));
      if (villageCodes.length > 0) {
        await tx
          .insert(organisationVillage)
          .values([...new Set(villageCodes)].map((villageCode) => ({ orgId: actor.orgId, villageCode })));
      }
    }
    const villagesAfter = await servedVillages(tx, actor.orgId);
    await recordAudit(tx, ctx, {
      action: "update",
      entity: "organisation",
      entityId: after.id,
      before: { ...before, villageCodes: villagesBefore },
      after: { ...after, villageCodes: villagesAfter },
    });
    return { ...after, villageCodes: villagesAfter };
  });
}

/**
 * Municipalities whose territory holds any of these villages today. Organisations of other kinds
 * cannot read them under their own policies, so callers run this as the system role and pass on
 * no more than they need.
 */
export async function municipalitiesOver(
  executor: Executor,
  villageCodes: readonly string[],
): Promise<{ id: string; name: LocalizedText }[]> {
  if (villageCodes.length === 0) return [];
  return rows<{ id: string; name: LocalizedText }>(
    executor,
    sql`with recursive up(code) as (
      select unnest(string_to_array(${villageCodes.join(",")}, ','))
      union
      select v.parent_code from admin_unit_version v join up on v.code = up.code
      where v.valid_to is null and v.parent_code is not null
    ) select o.id, o.name from organisation o join up on o.admin_unit_code = up.code
      where o.kind = 'ayil-okmotu' order by o.id`,
  );
}

/** The municipalities (ayil okmotus) whose unit is one of these: what a merge of units concerns. */
export async function municipalitiesOnUnits(
  executor: Executor,
  unitCodes: readonly string[],
): Promise<{ id: string; adminUnitCode: string }[]> {
  if (unitCodes.length === 0) return [];
  return executor
    .select({ id: organisation.id, adminUnitCode: organisation.adminUnitCode })
    .from(organisation)
    .where(and(eq(organisation.kind, "ayil-okmotu"), inArray(organisation.adminUnitCode, [...unitCodes])));
}

/** Which of these organisations are municipalities, with their unit and name (read under the caller's policies). */
export async function municipalitiesAmong(
  executor: Executor,
  orgIds: readonly string[],
): Promise<{ id: string; adminUnitCode: string; name: LocalizedText }[]> {
  if (orgIds.length === 0) return [];
  return executor
    .select({ id: organisation.id, adminUnitCode: organisation.adminUnitCode, name: organisation.name })
    .from(organisation)
    .where(and(eq(organisation.kind, "ayil-okmotu"), inArray(organisation.id, [...orgIds])));
}

/** Every municipality with its clock (read as the caller may: the system for a service-wide pass). */
export async function everyMunicipality(executor: Executor): Promise<{ id: string; timeZone: string }[]> {
  return executor
    .select({ id: organisation.id, timeZone: organisation.timeZone })
    .from(organisation)
    .where(eq(organisation.kind, "ayil-okmotu"))
    .orderBy(organisation.adminUnitCode);
}
