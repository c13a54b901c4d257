import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import { waterUserIdentity } from "./water-user.js";

const issues = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.fields.map((x) => `${x.path.join(".")}:${x.code}`);
    throw e;
  }
  return [];
};

describe("a water user's identity", () => {
  it("derives the one-line name, its Latin search key and the E.164 phone of a person", () => {
    expect(
      waterUserIdentity({
        kind: "person",
        surname: " Жээнбеков ",
        givenName: "Азамат",
        pin: "21505198012345",
        phone: "0555 12 34 56",
        taxId: "123",
      }),
    ).toMatchObject({
      displayName: "Жээнбеков Азамат",
      searchKey: "jenbekov azamat",
      phone: "+996555123456",
      pin: "21505198012345",
      taxId: null,
    });
  });

  it("reports every problem of a person at once", () => {
    expect(
      issues(() =>
        waterUserIdentity({
          kind: "person",
          surname: "Asanov",
          givenName: "",
          pin: "31505198012345",
          phone: "x",
        }),
      ),
    ).toEqual(["phone:phoneInvalid", "givenName:required", "surname:cyrillicName", "pin:pinInvalid"]);
    expect(
      issues(() =>
        waterUserIdentity({ kind: "person", surname: "Асанов", givenName: "Айбек", pin: "23113198012345" }),
      ),
    ).toEqual(["pin:pinInvalidDate"]);
  });

  it("keeps a legal entity's name as registered, needs its kind, checks its tax number, drops person fields", () => {
    expect(
      waterUserIdentity({
        kind: "legal-entity",
        legalName: "«Береке» кооперативи",
        legalEntityKind: "cooperative",
        pin: "21505198012345",
        surname: "X",
      }),
    ).toMatchObject({ displayName: "«Береке» кооперативи", pin: null, surname: null });
    expect(issues(() => waterUserIdentity({ kind: "legal-entity", legalName: " ", taxId: "12ab" }))).toEqual([
      "legalName:required",
      "legalEntityKind:required",
      "taxId:taxIdInvalid",
    ]);
  });
});
