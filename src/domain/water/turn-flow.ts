import { DomainError } from "../shared/errors.js";

/** An outlet as a turn's flow is held against it: what it carries at most, in l/s. */
export interface OutletCapacity {
  code: string;
  capacityLps: number;
}

/**
 * How far above its design capacity an outlet's measured flow may run: with the canal's head high a
 * gate passes more than it was designed for, so a water master's true measurement a little above
 * it is taken; half as much again is no such measurement.
 */
export const CAPACITY_TOLERANCE = 1.5;

/**
 * Why a turn measured as flow × time cannot have this flow: far more than the outlet carries is a
 * figure mistyped (99999 for 30 l/s made a two-hour turn an act of 720 000 m³, billed to the
 * user). An outlet of no known capacity (0) is not held to one. Null when the flow can be. One
 * rule for the service and the phone, which says so before the turn is queued.
 */
export function turnFlowRefusal(outlet: OutletCapacity, flowLps: number): DomainError | null {
  if (outlet.capacityLps <= 0 || flowLps <= outlet.capacityLps * CAPACITY_TOLERANCE) return null;
  return new DomainError("water.flowAboveCapacity", {
    code: outlet.code,
    flowLps,
    capacityLps: outlet.capacityLps,
  });
}

/**
 * Why a turn's volume typed from an act cannot be: far more than the outlet can carry in the turn's
 * time is a figure mistyped, as a flow is. Null when it can be.
 */
export function turnVolumeRefusal(
  outlet: OutletCapacity,
  volumeM3: number,
  seconds: number,
): DomainError | null {
  const mostM3 = (outlet.capacityLps * CAPACITY_TOLERANCE * seconds) / 1000;
  if (outlet.capacityLps <= 0 || volumeM3 <= mostM3) return null;
  return new DomainError("water.volumeAboveCapacity", {
    code: outlet.code,
    volumeM3,
    capacityLps: outlet.capacityLps,
    mostM3: Math.floor(mostM3),
  });
}

/** A turn as typed: how it is measured, and its figure (a flow, or an act's volume). */
export interface TypedTurn {
  method: string;
  flowLps?: number | undefined;
  volumeM3?: number | undefined;
}

/**
 * Why a turn's typed figure cannot be at its outlet over `seconds`: a flow or an act's volume held
 * to what the outlet carries (a gauge's turn types none). One rule for the service and the phone.
 */
export function turnAmountRefusal(outlet: OutletCapacity, turn: TypedTurn, seconds: number) {
  if (turn.method === "time-and-flow" && turn.flowLps !== undefined)
    return turnFlowRefusal(outlet, turn.flowLps);
  if (turn.method === "act" && turn.volumeM3 !== undefined)
    return turnVolumeRefusal(outlet, turn.volumeM3, seconds);
  return null;
}
