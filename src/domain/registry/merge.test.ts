import { describe, expect, it } from "vitest";
import { checkMerge, type MergeRecord } from "./merge.js";

const record = (over: Partial<MergeRecord> = {}): MergeRecord => ({
  id: "a",
  pin: null,
  birthDate: null,
  currentHousehold: null,
  ...over,
});
const refusal = (keep: MergeRecord, duplicate: MergeRecord) => {
  try {
    checkMerge(keep, duplicate);
    return null;
  } catch (e) {
    return e;
  }
};

describe("merging two records of a person", () => {
  it("allows records that agree, or where only one knows a fact or has a household", () => {
    expect(
      refusal(
        record({ pin: "21010197500011", birthDate: "1975-10-10", currentHousehold: 2 }),
        record({ id: "b", birthDate: "1975-10-10" }),
      ),
    ).toBeNull();
    expect(refusal(record(), record({ id: "b", pin: "21010197500011", currentHousehold: 9 }))).toBeNull();
  });

  it("refuses a record merged with itself, and two PINs", () => {
    expect(refusal(record(), record())).toMatchObject({ code: "registry.mergeSamePerson" });
    expect(
      refusal(record({ pin: "21010197500011" }), record({ id: "b", pin: "21010197500022" })),
    ).toMatchObject({
      code: "registry.mergeDifferentPins",
    });
  });

  it("refuses two known birth dates that differ, naming both", () => {
    expect(
      refusal(record({ birthDate: "1975-10-10" }), record({ id: "b", birthDate: "1975-01-10" })),
    ).toMatchObject({
      code: "registry.mergeDifferentBirthDates",
      params: { kept: "1975-10-10", duplicate: "1975-01-10" },
    });
  });

  it("refuses two records that are members of two households now, naming both", () => {
    expect(refusal(record({ currentHousehold: 2 }), record({ id: "b", currentHousehold: 9 }))).toMatchObject({
      code: "registry.mergeBothMembers",
      params: { kept: 2, duplicate: 9 },
    });
  });

  it("allows two records that are members of the same household (entered twice)", () => {
    expect(refusal(record({ currentHousehold: 4 }), record({ id: "b", currentHousehold: 4 }))).toBeNull();
  });
});
