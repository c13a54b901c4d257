import { addDays } from "../../domain/billing/calendar.js";
import { dayStartMs } from "../../domain/shared/local-time.js";
import { recordedStatesAt } from "../audit/service.js";
import type { Tx } from "../platform/db.js";

/**
 * The fields of a household and of a person that carry no dates of their own: an address, a
 * phone, a name, a disability group. Memberships, land, livestock and flags are dated; these are
 * read as they were recorded by the end of a past day, from the audit trail's `before` records.
 */
const UNDATED = {
  household: ["villageCode", "street", "house", "dwelling", "phone", "notes"],
  person: [
    "pin",
    "surname",
    "givenName",
    "patronymic",
    "nameLatin",
    "searchKey",
    "sex",
    "birthDate",
    "citizenship",
    "disabilityGroup",
    "education",
    "occupation",
    "migration",
  ],
} as const;

/**
 * The rows with their undated fields as recorded by the end of `day` in the organisation's time
 * zone: a change recorded later is undone; a row recorded only later stays as it is.
 */
export async function asRecordedBy<T extends { id: string }>(
  tx: Tx,
  orgId: string,
  entity: keyof typeof UNDATED,
  rows: readonly T[],
  day: string,
  timeZone: string,
): Promise<T[]> {
  const endOfDay = new Date(dayStartMs(addDays(day, 1), timeZone));
  const states = await recordedStatesAt(
    tx,
    orgId,
    entity,
    rows.map((r) => r.id),
    endOfDay,
  );
  return rows.map((row) => {
    const before = states.get(row.id);
    if (!before) return row;
    const undone: Record<string, unknown> = { ...row };
    for (const field of UNDATED[entity]) if (field in before) undone[field] = before[field];
    return undone as T;
  });
}
