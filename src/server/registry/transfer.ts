import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { parseIsoDate } from "../../domain/shared/decade.js";
import { DomainError } from "../../domain/shared/errors.js";
import { handOverLogins } from "../access/system-users.js";
import { recordAudit } from "../audit/service.js";
import { findOrganisation, municipalitiesOnUnits } from "../orgs/service.js";
import { resolveUnit } from "../places/service.js";
import type { RequestContext } from "../platform/context.js";
import { bulkInsert, rows, type Tx } from "../platform/db.js";
import { repointMunicipalityLinks } from "../water/links.js";
import { householdNumberLockKey, registerLockKey } from "./households.js";
import {
  certificate,
  householdFlag,
  householdMember,
  landPlot,
  lifeEvent,
  livestockCount,
  person,
} from "./tables.js";

/** What one municipality's register brought into its successor's. */
export interface RegisterTransfer {
  fromOrgId: string;
  intoOrgId: string;
  households: number;
  people: number;
  /** The numbers the households carry in the successor's book, first and last; null when none moved. */
  numbers: [number, number] | null;
  /** Vulnerability criteria the successor lacked and the moved flags name, copied over. */
  criteriaCopied: string[];
  /** Certificates the merged municipality issued, kept by the successor now (still in the issuer's name). */
  certificates: number;
  /** Water providers' links to the moved people, now pointing at the successor. */
  links: number;
  /**
   * Logins whose home was the merged municipality: the successor is their home now (it manages their
   * name, language, password and disabling), as the merged municipality's legal successor.
   */
  loginsRehomed: number;
  /**
   * The merged municipality's logins that hold no role in the successor yet: they keep their roles
   * where they were, and the successor's administrator gives them roles by username.
   */
  loginsWithoutRole: string[];
}

/**
 * Moves a municipality's household register into the municipality its unit was merged into
 * (the 2024 reform merges ~450 ayil aimaks into 235): households, people, memberships, land,
 * livestock, life events and flags change organisation, keep their ids and history, and the
 * households are numbered on after the successor's book, each with a life event that records its
 * former number. The certificates it issued go with them: the successor keeps its archive and
 * answers for them (lists, reprints, revokes), while they keep their issuer, whose series their
 * numbers are and whose name their verification shows. Its logins keep their roles and take the
 * successor as their home. Water providers' links follow the people.
 * Runs in the caller's system transaction; running it again finds nothing left to move.
 */
export async function transferRegister(
  tx: Tx,
  ctx: RequestContext,
  input: { fromOrgId: string; intoOrgId: string; on: string },
): Promise<RegisterTransfer> {
  const { fromOrgId, intoOrgId, on } = input;
  parseIsoDate(on);
  if (fromOrgId === intoOrgId) throw new DomainError("registry.transfer.sameOrganisation");
  const from = await findOrganisation(tx, fromOrgId);
  const into = await findOrganisation(tx, intoOrgId);
  if (!from || !into) throw new DomainError("notFound.organisation");
  if (from.kind !== "ayil-okmotu" || into.kind !== "ayil-okmotu")
    throw new DomainError("registry.notAMunicipality");
  const stands = await resolveUnit(tx, from.adminUnitCode, on);
  if (stands.current.code !== into.adminUnitCode)
    throw new DomainError("registry.transfer.notMerged", {
      from: from.adminUnitCode,
      into: into.adminUnitCode,
    });

  // The old register's writers finish first or wait, and find their households gone after; new
  // households of either book wait for the numbering locks every new household takes.
  await tx.execute(sql`select pg_advisory_xact_lock(${registerLockKey(fromOrgId)})`);
  for (const orgId of [fromOrgId, intoOrgId].sort())
    await tx.execute(sql`select pg_advisory_xact_lock(${householdNumberLockKey(orgId)})`);

  const moving = await rows<{ id: string; number: number }>(
    tx,
    sql`select id, number from household where org_id = ${fromOrgId} order by number`,
  );
  const [last] = await rows<{ n: number }>(
    tx,
    sql`select coalesce(max(number), 0)::int as n from household where org_id = ${intoOrgId}`,
  );
  const numbers = moving.map((_, i) => last!.n + i + 1);
  if (moving.length > 0)
    await tx.execute(
      sql`update household h set org_id = ${intoOrgId}, number = m.number, former_number = h.number,
            version = h.version + 1, updated_at = now()
          from unnest(${sql.param(moving.map((h) => h.id))}::uuid[], ${sql.param(numbers)}::int[]) as m(id, number)
          where h.id = m.id`,
    );
  const movedPeople = await tx
    .update(person)
    .set({ orgId: intoOrgId, version: sql`${person.version} + 1`, updatedAt: new Date() })
    .where(eq(person.orgId, fromOrgId))
    .returning({ id: person.id });
  for (const table of [householdMember, landPlot, livestockCount, lifeEvent])
    await tx.update(table).set({ orgId: intoOrgId }).where(eq(table.orgId, fromOrgId));

  const movedCertificates = await tx
    .update(certificate)
    .set({ orgId: intoOrgId })
    .where(eq(certificate.orgId, fromOrgId))
    .returning({ id: certificate.id });
  const criteriaCopied = await copyMissingCriteria(tx, fromOrgId, intoOrgId);
  await tx.update(householdFlag).set({ orgId: intoOrgId }).where(eq(householdFlag.orgId, fromOrgId));

  await bulkInsert(
    tx,
    lifeEvent,
    moving.map((h, i) => ({
      id: uuidv7(),
      orgId: intoOrgId,
      kind: "household-transferred" as const,
      occurredOn: on,
      householdId: h.id,
      recordedBy: ctx.actor?.userId ?? null,
      details: {
        formerNumber: h.number,
        fromOrganisation: { id: fromOrgId, name: from.name },
        number: numbers[i],
      },
    })),
  );
  const links = await repointMunicipalityLinks(tx, ctx, fromOrgId, intoOrgId);
  const logins = await handOverLogins(tx, fromOrgId, intoOrgId);

  const result: RegisterTransfer = {
    fromOrgId,
    intoOrgId,
    households: moving.length,
    people: movedPeople.length,
    numbers: moving.length > 0 ? [numbers[0]!, numbers.at(-1)!] : null,
    criteriaCopied,
    certificates: movedCertificates.length,
    links,
    loginsRehomed: logins.rehomed,
    loginsWithoutRole: logins.withoutRole,
  };
  const summary = {
    households: result.households,
    people: result.people,
    numbers: result.numbers,
    certificates: result.certificates,
    loginsRehomed: result.loginsRehomed,
    on,
  };
  await recordAudit(tx, ctx, {
    orgId: fromOrgId,
    action: "transfer-out",
    entity: "register",
    entityId: intoOrgId,
    after: summary,
  });
  await recordAudit(tx, ctx, {
    orgId: intoOrgId,
    action: "transfer-in",
    entity: "register",
    entityId: fromOrgId,
    after: { ...summary, criteriaCopied, links },
  });
  return result;
}

/** The criteria the moved flags name that the successor does not have, copied as they were. */
async function copyMissingCriteria(tx: Tx, fromOrgId: string, intoOrgId: string): Promise<string[]> {
  const copied = await rows<{ code: string }>(
    tx,
    sql`insert into vulnerability_criterion (org_id, code, name, rule, active, sort)
        select ${intoOrgId}, c.code, c.name, c.rule, c.active, c.sort from vulnerability_criterion c
        where c.org_id = ${fromOrgId}
          and c.code in (select criterion_code from household_flag where org_id = ${fromOrgId})
        on conflict do nothing
        returning code`,
  );
  return copied.map((c) => c.code).sort();
}

/**
 * After units are merged: each municipality on a merged unit hands its register to the
 * municipality on the unit they were merged into, when there is exactly one. Returns what moved,
 * and the municipalities that keep their register for now: the target unit has no municipality yet,
 * or several, and then `npx aimak register transfer` says which one takes it.
 */
export async function transferMergedRegisters(
  tx: Tx,
  ctx: RequestContext,
  mergedCodes: readonly string[],
  targetCode: string,
  on: string,
): Promise<{ transfers: RegisterTransfer[]; waiting: string[]; successors: number }> {
  const municipalities = await municipalitiesOnUnits(tx, [...mergedCodes, targetCode]);
  const successors = municipalities.filter((m) => m.adminUnitCode === targetCode);
  const merged = municipalities.filter((m) => m.adminUnitCode !== targetCode);
  if (successors.length !== 1)
    return { transfers: [], waiting: merged.map((m) => m.id), successors: successors.length };
  const transfers: RegisterTransfer[] = [];
  for (const m of merged)
    transfers.push(await transferRegister(tx, ctx, { fromOrgId: m.id, intoOrgId: successors[0]!.id, on }));
  return { transfers, waiting: [], successors: 1 };
}
