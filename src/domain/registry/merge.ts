import { DomainError } from "../shared/errors.js";

/** One of two records of a person to be merged, with what decides whether they may become one. */
export interface MergeRecord {
  id: string;
  pin: string | null;
  birthDate: string | null;
  /** The number of the household it is a member of now (an open membership), if any. */
  currentHousehold: number | null;
}

/**
 * Refuses a merge that would drop or contradict a fact: one person has one PIN, one birth date and
 * one household at a time. The clerk settles a contradiction on the records first (corrects the
 * wrong birth date, records the departure from one household), then merges; a fact only one record
 * knows is kept.
 */
export function checkMerge(keep: MergeRecord, duplicate: MergeRecord): void {
  if (keep.id === duplicate.id) throw new DomainError("registry.mergeSamePerson");
  if (keep.pin && duplicate.pin && keep.pin !== duplicate.pin)
    throw new DomainError("registry.mergeDifferentPins");
  if (keep.birthDate && duplicate.birthDate && keep.birthDate !== duplicate.birthDate)
    throw new DomainError("registry.mergeDifferentBirthDates", {
      kept: keep.birthDate,
      duplicate: duplicate.birthDate,
    });
  // Entered twice in one household is the commonest duplicate: merged, the household keeps one member.
  if (
    keep.currentHousehold !== null &&
    duplicate.currentHousehold !== null &&
    keep.currentHousehold !== duplicate.currentHousehold
  )
    throw new DomainError("registry.mergeBothMembers", {
      kept: keep.currentHousehold,
      duplicate: duplicate.currentHousehold,
    });
}
