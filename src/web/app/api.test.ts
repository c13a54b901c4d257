import { describe, expect, it } from "vitest";
import { ApiProblem, sendForOrganisation, switchOrganisation } from "./api.js";

describe("a refusal's field messages", () => {
  it("keeps every message of a field, one a line, keyed by the path without a query's or a path's part", () => {
    const problem = new ApiProblem(400, "validation.fields", "Маалымат туура эмес толтурулган", [
      {
        path: "members.0.person.pin",
        code: "pinBirthDateMismatch",
        message: "ПИН боюнча туулган күн 01.05.1990",
      },
      {
        path: "members.0.person.pin",
        code: "pinSexMismatch",
        message: "ПИНдин биринчи цифрасы жынысына дал келбейт",
      },
      { path: "members.1.person.surname", code: "required", message: "Толтуруу милдеттүү" },
      { path: "querystring.q", code: "too_big", message: "Өтө узун" },
    ]);
    expect(problem.fieldErrors()).toEqual({
      "members.0.person.pin":
        "ПИН боюнча туулган күн 01.05.1990\nПИНдин биринчи цифрасы жынысына дал келбейт",
      "members.1.person.surname": "Толтуруу милдеттүү",
      q: "Өтө узун",
    });
  });

  it("says a message repeated for one field once", () => {
    const twice = { path: "querystring.reason", code: "required", message: "Толтуруу милдеттүү" };
    expect(new ApiProblem(400, "validation.fields", "", [twice, twice]).fieldErrors()).toEqual({
      reason: "Толтуруу милдеттүү",
    });
  });
});

describe("a switch of organisation and the sends for the present one", () => {
  it("switches once the sends under way are answered, and sends nothing for the organisation meanwhile", async () => {
    const steps: string[] = [];
    let answer = () => {};
    const sending = sendForOrganisation(
      () =>
        new Promise<void>((done) => {
          answer = () => {
            steps.push("send answered");
            done();
          };
        }),
    );
    expect(sending).toBeDefined();
    const switched = switchOrganisation(async () => {
      steps.push("switched");
    });
    expect(sendForOrganisation(() => Promise.resolve(steps.push("sent during the switch")))).toBeUndefined();
    await Promise.resolve();
    expect(steps).toEqual([]);
    answer();
    await switched;
    expect(steps).toEqual(["send answered", "switched"]);
    expect(sendForOrganisation(() => Promise.resolve("sent after"))).toBeDefined();
  });

  it("switches after a send that failed too", async () => {
    const failed = sendForOrganisation(() => Promise.reject(new ApiProblem(0, "network", "")));
    await expect(switchOrganisation(() => Promise.resolve("switched"))).resolves.toBe("switched");
    await expect(failed).rejects.toThrow(ApiProblem);
  });
});
