import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lapInPieces } from "./rotation-laps.js";

/** Users in order, each with water in each piece; one who leaves has none after their last piece. */
const lapArbitrary = fc.integer({ min: 1, max: 4 }).chain((pieces) =>
  fc.array(
    fc.record({
      water: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true })), {
        minLength: pieces,
        maxLength: pieces,
      }),
      lastPiece: fc.integer({ min: 0, max: pieces - 1 }),
    }),
    { minLength: 1, maxLength: 7 },
  ),
);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("a cycle's lap over pieces cut where users leave", () => {
  it("keeps the order, the turn a cut runs through going on after it", () => {
    const laps = lapInPieces([
      { id: "a", pieceM3: [10, 30] },
      { id: "b", pieceM3: [10, 30] },
      { id: "c", pieceM3: [10, 30] },
    ]);
    // The first piece holds 30 m³: a's 40 begin there and go on in the second, then b's and c's.
    expect(laps).toEqual([
      [{ id: "a", volumeM3: 30 }],
      [
        { id: "a", volumeM3: 10 },
        { id: "b", volumeM3: 40 },
        { id: "c", volumeM3: 40 },
      ],
    ]);
  });

  it("serves a user who leaves where the lap reaches them in time, else before the turn the cut runs through", () => {
    // b and d leave after the first piece, which holds 17 m³: the lap reaches b in it, but would
    // reach d only after c's turn, which runs on in the second piece.
    expect(
      lapInPieces([
        { id: "a", pieceM3: [2, 3] },
        { id: "b", pieceM3: [5, 0] },
        { id: "c", pieceM3: [5, 10] },
        { id: "d", pieceM3: [5, 0] },
      ]),
    ).toEqual([
      [
        { id: "a", volumeM3: 5 },
        { id: "b", volumeM3: 5 },
        { id: "d", volumeM3: 5 },
        { id: "c", volumeM3: 2 },
      ],
      [{ id: "c", volumeM3: 13 }],
    ]);
  });

  it("for any users and pieces, gives each user their water, fills each piece with its own, none after a user leaves, in the lap's order but for those who leave", () => {
    fc.assert(
      fc.property(lapArbitrary, (drawn) => {
        const pieces = drawn[0]!.water.length;
        const users = drawn.map((u, i) => ({
          id: `u${i}`,
          pieceM3: u.water.map((m3, p) => (p <= u.lastPiece ? m3 : 0)),
        }));
        const laps = lapInPieces(users);
        expect(laps).toHaveLength(pieces);
        const tolerance = 1e-9 * (1 + sum(users.flatMap((u) => u.pieceM3)));
        for (const u of users) {
          const got = sum(laps.flatMap((lap) => lap.filter((t) => t.id === u.id).map((t) => t.volumeM3)));
          expect(Math.abs(got - sum(u.pieceM3))).toBeLessThanOrEqual(tolerance);
          // Nothing in a piece after the last where they have water.
          const last = u.pieceM3.findLastIndex((m3) => m3 > 0);
          laps.forEach((lap, p) => {
            if (p > last) expect(lap.map((t) => t.id)).not.toContain(u.id);
          });
        }
        laps.forEach((lap, p) => {
          expect(
            Math.abs(sum(lap.map((t) => t.volumeM3)) - sum(users.map((u) => u.pieceM3[p]!))),
          ).toBeLessThanOrEqual(tolerance);
          expect(new Set(lap.map((t) => t.id)).size).toBe(lap.length);
        });
        // Those with water to the cycle's end come in the lap's order.
        const staying = new Set(users.filter((u) => u.pieceM3[pieces - 1]! > 0).map((u) => u.id));
        const order = laps.flat().flatMap((t) => (staying.has(t.id) ? [Number(t.id.slice(1))] : []));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
    );
  });
});
