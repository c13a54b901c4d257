import { describe, expect, it } from "vitest";
import { runAllocateCase } from "./allocate.js";

const good = {
  policy: "equal-depth-per-hectare",
  supplyM3: 1000,
  reaches: [
    { id: "main", parent: null, capacityM3: 5000, efficiency: 0.8 },
    { id: "tail", parent: "main", capacityM3: 100, efficiency: 0.5 },
  ],
  users: [
    { id: "a", reach: "main", demandM3: 2000, weight: 2 },
    { id: "b", reach: "tail", demandM3: 500, weight: 1, guaranteeM3: 20 },
  ],
};

describe("npx aimak allocate", () => {
  it("prints each user's volume and what bounds it, and each reach's inflow", () => {
    const run = runAllocateCase(JSON.stringify(good));
    expect(run.exitCode).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.users.map((u: { id: string }) => u.id)).toEqual(["a", "b"]);
    expect(out.users[1]).toEqual({ id: "b", allocatedM3: 50, boundBy: { kind: "reach", reach: "tail" } });
    expect(out.reaches[0].inflowM3).toBeCloseTo(1000, 9);
  });

  it.each([
    [
      "a cycle",
      {
        reaches: [
          { id: "x", parent: "y", capacityM3: 1, efficiency: 1 },
          { id: "y", parent: "x", capacityM3: 1, efficiency: 1 },
        ],
        users: [],
      },
      "reaches form a cycle",
    ],
    [
      "an unknown parent",
      { reaches: [{ id: "x", parent: "nowhere", capacityM3: 1, efficiency: 1 }], users: [] },
      "parent reach that does not exist",
    ],
    [
      "a negative demand",
      { users: [{ id: "a", reach: "main", demandM3: -5, weight: 1 }] },
      "users.0.demandM3: must be a number, zero or more",
    ],
    [
      "an efficiency above 1",
      { reaches: [{ id: "main", parent: null, capacityM3: 1, efficiency: 1.2 }] },
      "efficiency must be above 0",
    ],
    ["a missing field", { supplyM3: undefined }, "supplyM3"],
  ])("refuses a case with %s, exit code 2", (_name, change, message) => {
    const run = runAllocateCase(JSON.stringify({ ...good, ...change }));
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
  });

  it("refuses text that is not JSON", () => {
    const run = runAllocateCase("{policy:");
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("not valid JSON");
  });
});
