import { fullName, searchKey } from "../registry/names.js";
import { nameIssues } from "../registry/person.js";
import { parsePin } from "../registry/pin.js";
import { DomainError, type FieldIssue } from "../shared/errors.js";
import { phoneOfField } from "../shared/phone.js";

/**
 * A water user as a provider's staff enter it: a person (names in Cyrillic, PIN when known) or a
 * legal entity (farm, cooperative, school, the municipality itself…, with its tax number).
 */
export interface WaterUserInput {
  kind: "person" | "legal-entity";
  pin?: string | null;
  surname?: string | null;
  givenName?: string | null;
  patronymic?: string | null;
  legalName?: string | null;
  legalEntityKind?: string | null;
  taxId?: string | null;
  phone?: string | null;
}

/** A tax number (ИНН): 14 digits in Kyrgyzstan, 9–12 elsewhere in the region. */
const TAX_ID = /^\d{9,14}$/;

/**
 * The stored identity of a water user: checked all at once (every problem reported under its
 * field), with the one-line name lists and SMS show and its search key. Fields of the other kind
 * are cleared, so a person never keeps a stale tax number.
 */
export function waterUserIdentity(input: WaterUserInput) {
  const fields: FieldIssue[] = [];
  const clean = (s?: string | null) => s?.trim() || null;
  const phone = phoneOfField(input.phone);
  if (phone === "invalid") fields.push({ path: ["phone"], code: "phoneInvalid" });
  const normalizedPhone = phone === "invalid" ? null : phone;
  if (input.kind === "person") {
    const names = {
      surname: clean(input.surname),
      givenName: clean(input.givenName),
      patronymic: clean(input.patronymic),
    };
    if (!names.surname) fields.push({ path: ["surname"], code: "required" });
    if (!names.givenName) fields.push({ path: ["givenName"], code: "required" });
    fields.push(...nameIssues(names));
    const pin = clean(input.pin);
    if (pin) {
      try {
        parsePin(pin);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        fields.push({
          path: ["pin"],
          code: error.code === "pin.invalidDate" ? "pinInvalidDate" : "pinInvalid",
        });
      }
    }
    if (fields.length > 0) throw new DomainError("validation.fields", {}, fields);
    const name = fullName({
      surname: names.surname!,
      givenName: names.givenName!,
      patronymic: names.patronymic,
    });
    return {
      kind: "person" as const,
      pin,
      ...names,
      legalName: null,
      legalEntityKind: null,
      taxId: null,
      displayName: name,
      searchKey: searchKey(name),
      phone: normalizedPhone,
    };
  }
  const legalName = clean(input.legalName);
  const taxId = clean(input.taxId);
  if (!legalName) fields.push({ path: ["legalName"], code: "required" });
  if (!clean(input.legalEntityKind)) fields.push({ path: ["legalEntityKind"], code: "required" });
  if (taxId && !TAX_ID.test(taxId)) fields.push({ path: ["taxId"], code: "taxIdInvalid" });
  if (fields.length > 0) throw new DomainError("validation.fields", {}, fields);
  return {
    kind: "legal-entity" as const,
    pin: null,
    surname: null,
    givenName: null,
    patronymic: null,
    legalName,
    legalEntityKind: clean(input.legalEntityKind),
    taxId,
    displayName: legalName!,
    searchKey: searchKey(legalName!),
    phone: normalizedPhone,
  };
}
