import { and, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { fullName, isCyrillicName, searchKey, toLatin } from "../../domain/registry/names.js";
import { checkPin, type Sex } from "../../domain/registry/pin.js";
import { DomainError, type FieldIssue } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import { type LabourMigration, person } from "./tables.js";

export interface PersonInput {
  pin?: string | null;
  surname: string;
  givenName: string;
  patronymic?: string | null;
  sex: Sex;
  birthDate?: string | null;
  citizenship?: string;
  disabilityGroup?: string | null;
  education?: string | null;
  occupation?: string | null;
  migration?: LabourMigration | null;
}

/**
 * The stored values of a person: names checked as Cyrillic, the PIN checked against sex and birth
 * date (a missing birth date is read from the PIN), the Latin form and search key derived.
 * All problems are reported at once, under `pathPrefix`.
 */
export function personValues(input: PersonInput, pathPrefix: (string | number)[] = []) {
  const fields: FieldIssue[] = [];
  const names = {
    surname: input.surname.trim(),
    givenName: input.givenName.trim(),
    patronymic: input.patronymic?.trim() || null,
  };
  for (const key of ["surname", "givenName", "patronymic"] as const) {
    const value = names[key];
    if (value && !isCyrillicName(value)) fields.push({ path: [...pathPrefix, key], code: "cyrillicName" });
  }
  let birthDate = input.birthDate ?? null;
  const pin = input.pin?.trim() || null;
  if (pin) {
    try {
      const facts = checkPin(pin, { sex: input.sex, birthDate: birthDate ?? pinBirthDate(pin) });
      birthDate ??= facts.birthDate;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const code = error.code === "pin.invalidDate" ? "pinInvalidDate" : "pinInvalid";
      const issues = error.fields.length > 0 ? error.fields : [{ path: ["pin"], code }];
      for (const issue of issues) fields.push({ ...issue, path: [...pathPrefix, ...issue.path] });
    }
  }
  if (fields.length > 0) throw new DomainError("validation.fields", {}, fields);
  return {
    pin,
    ...names,
    nameLatin: toLatin(fullName(names)),
    searchKey: searchKey(fullName(names)),
    sex: input.sex,
    birthDate,
    citizenship: input.citizenship ?? "KG",
    disabilityGroup: input.disabilityGroup ?? null,
    education: input.education ?? null,
    occupation: input.occupation ?? null,
    migration: input.migration ?? null,
  };
}

function pinBirthDate(pin: string): string {
  return /^\d{14}$/.test(pin) ? `${pin.slice(5, 9)}-${pin.slice(3, 5)}-${pin.slice(1, 3)}` : "";
}

export async function insertPerson(
  tx: Tx,
  ctx: RequestContext,
  input: PersonInput,
  pathPrefix: (string | number)[] = [],
) {
  const actor = requireActor(ctx);
  const [created] = await tx
    .insert(person)
    .values({ id: uuidv7(), orgId: actor.orgId, ...personValues(input, pathPrefix) })
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

/** Edits a person; a stale version is refused and changes nothing. */
export async function updatePersonRow(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  version: number,
  input: PersonInput,
) {
  const actor = requireActor(ctx);
  const before = await loadPerson(tx, actor.orgId, id);
  const [after] = await tx
    .update(person)
    .set({ ...personValues(input), version: sql`${person.version} + 1`, updatedAt: new Date() })
    .where(and(eq(person.id, id), eq(person.version, version)))
    .returning();
  if (!after) throw new DomainError("conflict.version", { current: before.version });
  await recordAudit(tx, ctx, { action: "update", entity: "person", entityId: id, before, after });
  return after;
}
