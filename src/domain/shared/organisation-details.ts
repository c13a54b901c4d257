/**
 * An organisation's details, as its profile page asks for them and its papers print them (the
 * server's `OrganisationDetails`): the profile's form and the audit trail's names list these.
 */
export const ORGANISATION_DETAIL_FIELDS = [
  "address",
  "addressRu",
  "phone",
  "email",
  "taxId",
  "bankName",
  "bankAccount",
  "bankCode",
  "headName",
] as const;
