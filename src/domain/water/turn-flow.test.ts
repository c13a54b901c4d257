import { describe, expect, it } from "vitest";
import { turnAmountRefusal, turnFlowRefusal, turnVolumeRefusal } from "./turn-flow.js";

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

  it("refuses an act's volume far more than the outlet carries in the turn's time, naming the most it can", () => {
    // 130 l/s for an hour: 468 m³, half as much again 702 m³.
    expect(turnVolumeRefusal(outlet, 468, 3600)).toBeNull();
    expect(turnVolumeRefusal(outlet, 702, 3600)).toBeNull();
    const refusal = turnVolumeRefusal(outlet, 7020, 3600);
    expect(refusal?.code).toBe("water.volumeAboveCapacity");
    expect(refusal?.params).toEqual({ code: "СБ-1-1", volumeM3: 7020, capacityLps: 130, mostM3: 702 });
    expect(turnVolumeRefusal({ code: "СБ-9", capacityLps: 0 }, 1e7, 60)).toBeNull();
  });

  it("holds a turn's typed figure by its method: a flow, an act's volume, a gauge's none", () => {
    expect(turnAmountRefusal(outlet, { method: "time-and-flow", flowLps: 99_999 }, 3600)?.code).toBe(
      "water.flowAboveCapacity",
    );
    expect(turnAmountRefusal(outlet, { method: "act", volumeM3: 7020 }, 3600)?.code).toBe(
      "water.volumeAboveCapacity",
    );
    expect(turnAmountRefusal(outlet, { method: "act", volumeM3: 468 }, 3600)).toBeNull();
    expect(turnAmountRefusal(outlet, { method: "gauge" }, 3600)).toBeNull();
  });

  it("holds an outlet of no known capacity to none", () => {
    expect(turnFlowRefusal({ code: "СБ-9", capacityLps: 0 }, 500)).toBeNull();
  });
});
