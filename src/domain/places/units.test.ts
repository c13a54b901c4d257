import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import {
  type AdminUnit,
  ancestorsOn,
  currentSuccessor,
  pickName,
  planMerge,
  planRename,
  versionOn,
} from "./units.js";

function unit(code: string, level: AdminUnit["level"], parentCode: string | null, ky: string): AdminUnit {
  return {
    code,
    countryCode: "KG",
    level,
    createdOn: null,
    abolishedOn: null,
    successorCode: null,
    versions: [{ validFrom: "1991-01-01", validTo: null, parentCode, name: { ky, ru: `${ky} (ru)` } }],
  };
}

function world(): Map<string, AdminUnit> {
  const list = [
    unit("417", "country", null, "Кыргызстан"),
    unit("41703", "oblast", "417", "Жалал-Абад"),
    unit("41703220", "rayon", "41703", "Сузак"),
    unit("A1", "ayil-aimak", "41703220", "Биринчи"),
    unit("A2", "ayil-aimak", "41703220", "Экинчи"),
    unit("V1", "village", "A1", "Жаңы-Жол"),
    unit("V2", "village", "A2", "Көк-Арт"),
  ];
  return new Map(list.map((u) => [u.code, u]));
}

describe("administrative units", () => {
  it("falls back to Russian when a Kyrgyz name is missing", () => {
    expect(pickName({ ru: "Сузак" }, "ky")).toBe("Сузак");
    expect(pickName({ ky: "Сузак", en: "Suzak" }, "en")).toBe("Suzak");
  });

  it("writes a name with no English form in Latin for an English reader, from its Kyrgyz name", () => {
    expect(pickName({ ky: "Жаңы-Жол айыл өкмөтү", ru: "Айыл окмоту Жаны-Жол" }, "en")).toBe(
      "Jany-Jol aiyl okmotu",
    );
    expect(pickName({ ru: "Жаны-Жол" }, "en")).toBe("Jany-Jol");
    expect(pickName({ ky: "Жаңы-Жол айыл өкмөтү", ru: "Айыл окмоту Жаны-Жол" }, "uz")).toBe(
      "Айыл окмоту Жаны-Жол",
    );
  });

  it("writes for a reader of Uzbek in Latin letters the name a reader of Uzbek Cyrillic gets", () => {
    expect(pickName({ ky: "Жаңы-Жол айыл өкмөтү", ru: "Айыл окмоту Жаны-Жол" }, "uz-Latn")).toBe(
      "Ayil okmotu Jani-Jol",
    );
    expect(pickName({ ky: "Ош облусу", uz: "Ўш вилояти" }, "uz-Latn")).toBe("Oʻsh viloyati");
    expect(pickName({ uz: "Ўш вилояти", "uz-Latn": "Osh viloyati" }, "uz-Latn")).toBe("Osh viloyati");
  });

  it("plans a merge that moves the villages and leaves a successor", () => {
    const units = world();
    const change = planMerge(units, ["A1", "A2"], "A1", "2024-06-01");
    expect(change.abolish).toEqual([{ code: "A2", successorCode: "A1" }]);
    expect(change.open).toEqual([{ code: "V2", parentCode: "A1", name: expect.any(Object) }]);
    expect(change.close.sort()).toEqual(["A2", "V2"]);
  });

  it("resolves a record made before a merge to the unit that holds it now", () => {
    const units = world();
    const a2 = units.get("A2")!;
    a2.successorCode = "A1";
    a2.abolishedOn = "2024-06-01";
    a2.versions[0]!.validTo = "2024-06-01";
    const v2 = units.get("V2")!;
    v2.versions[0]!.validTo = "2024-06-01";
    v2.versions.push({ validFrom: "2024-06-01", validTo: null, parentCode: "A1", name: { ky: "Көк-Арт" } });

    expect(currentSuccessor(units, "A2").code).toBe("A1");
    expect(ancestorsOn(units, "V2", "2023-01-01").map((u) => u.code)).toEqual([
      "A2",
      "41703220",
      "41703",
      "417",
    ]);
    expect(ancestorsOn(units, "V2", "2025-01-01").map((u) => u.code)).toEqual([
      "A1",
      "41703220",
      "41703",
      "417",
    ]);
    expect(versionOn(a2, "2025-01-01")).toBeNull();
  });

  it("refuses to merge units of different levels", () => {
    expect(() => planMerge(world(), ["V1"], "A1", "2024-06-01")).toThrow(/places.levelMismatch/);
  });
});

describe("a unit's rename", () => {
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof DomainError) return { code: error.code, params: error.params };
      throw error;
    }
    return null;
  };

  it("ends the version in force on the day and opens one of the new name under the same parent", () => {
    const village = unit("V1", "village", "A1", "Ленин");
    expect(planRename(village, { ky: " Жаңы-Жол ", ru: "Жаны-Жол", uz: "" }, "2023-04-01")).toEqual({
      closeOn: "2023-04-01",
      open: { parentCode: "A1", name: { ky: "Жаңы-Жол", ru: "Жаны-Жол" } },
    });
  });

  it("renames a version begun that same day in place, leaving no empty version", () => {
    const village = unit("V1", "village", "A1", "Ленин");
    village.versions[0]!.validFrom = "2023-04-01";
    expect(planRename(village, { ky: "Жаңы-Жол", ru: "Жаны-Жол" }, "2023-04-01").closeOn).toBeNull();
  });

  it("refuses a name without Kyrgyz or Russian, the same name, a day before the unit or after it ended", () => {
    const village = unit("V1", "village", "A1", "Ленин");
    expect(refusal(() => planRename(village, { ky: "Жаңы-Жол" }, "2023-04-01"))).toEqual({
      code: "places.renameNeedsKyRu",
      params: { code: "V1" },
    });
    expect(refusal(() => planRename(village, { ky: "Ленин", ru: "Ленин (ru)" }, "2023-04-01"))).toEqual({
      code: "places.sameName",
      params: { code: "V1" },
    });
    expect(refusal(() => planRename(village, { ky: "А", ru: "А" }, "1990-12-31"))?.code).toBe(
      "places.notInForce",
    );
    const merged = { ...village, abolishedOn: "2024-07-01", successorCode: "V2" };
    expect(refusal(() => planRename(merged, { ky: "А", ru: "А" }, "2024-08-01"))?.code).toBe(
      "places.notInForce",
    );
  });

  it("refuses a day that a later change of the unit already followed, naming that change's day", () => {
    const village = unit("V1", "village", "A1", "Ленин");
    village.versions = [
      { ...village.versions[0]!, validTo: "2024-07-01" },
      { validFrom: "2024-07-01", validTo: null, parentCode: "A2", name: village.versions[0]!.name },
    ];
    expect(refusal(() => planRename(village, { ky: "А", ru: "А" }, "2023-04-01"))).toEqual({
      code: "places.laterVersion",
      params: { code: "V1", date: "2024-07-01" },
    });
    expect(planRename(village, { ky: "А", ru: "А" }, "2025-01-01").open.parentCode).toBe("A2");
  });
});
