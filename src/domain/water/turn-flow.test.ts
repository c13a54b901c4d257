import { describe, expect, it } from "vitest";
import { turnFlowRefusal } from "./turn-flow.js";

describe("a turn's flow against its outlet", () => {
  const outlet = { code: "СБ-1-1", capacityLps: 130 };

  it("takes a flow up to the outlet's capacity, and a measurement somewhat above it (a high head)", () => {
    expect(turnFlowRefusal(outlet, 30)).toBeNull();
    expect(turnFlowRefusal(outlet, 130)).toBeNull();
    expect(turnFlowRefusal(outlet, 156)).toBeNull();
    expect(turnFlowRefusal(outlet, 195)).toBeNull();
    expect(turnFlowRefusal(outlet, 196)?.code).toBe("water.flowAboveCapacity");
  });

  it("refuses a flow above the outlet's capacity, naming both", () => {
    const refusal = turnFlowRefusal(outlet, 99_999);
    expect(refusal?.code).toBe("water.flowAboveCapacity");
    expect(refusal?.params).toEqual({ code: "СБ-1-1", flowLps: 99_999, capacityLps: 130 });
  });

  it("holds an outlet of no known capacity to none", () => {
    expect(turnFlowRefusal({ code: "СБ-9", capacityLps: 0 }, 500)).toBeNull();
  });
});
