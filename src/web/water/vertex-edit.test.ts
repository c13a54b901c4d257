import { describe, expect, it } from "vitest";
import type { Position } from "../../domain/water/network-check.js";
import { applyEdit, canDelete, type Drawing, type Edit, segments, startDrawing } from "./vertex-edit.js";

const line: Position[] = [
  [74, 42],
  [74.1, 42],
  [74.2, 42.1],
];
const square: Position[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];
const edits = (d: Drawing, ...all: Edit[]) => all.reduce(applyEdit, d);

describe("editing a drawn line or outline", () => {
  it("inserts a vertex in the middle of a line's segment, and undo takes it back", () => {
    const d = startDrawing("line", line);
    expect(d.adding).toBe(false);
    expect(segments(d)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    const inserted = applyEdit(d, { kind: "insert", segment: 1, at: [74.15, 42.05] });
    expect(inserted.positions).toEqual([line[0], line[1], [74.15, 42.05], line[2]]);
    expect(applyEdit(inserted, { kind: "undo" })).toEqual(d);
  });

  it("inserts on a polygon's closing edge once it is closed, not while its corners are being added", () => {
    const closed = startDrawing("polygon", square);
    expect(segments(closed)).toContainEqual([3, 0]);
    expect(applyEdit(closed, { kind: "insert", segment: 3, at: [0, 0.5] }).positions).toEqual([
      ...square,
      [0, 0.5],
    ]);
    const open = applyEdit(closed, { kind: "resume" });
    expect(segments(open)).not.toContainEqual([3, 0]);
    expect(applyEdit(open, { kind: "insert", segment: 3, at: [0, 0.5] })).toBe(open);
  });

  it("deletes a vertex but keeps a line at 2 and a polygon at 3", () => {
    const d = startDrawing("line", line);
    const once = applyEdit(d, { kind: "delete", index: 1 });
    expect(once.positions).toEqual([line[0], line[2]]);
    expect(canDelete(once)).toBe(false);
    expect(applyEdit(once, { kind: "delete", index: 0 })).toBe(once);

    const p = edits(startDrawing("polygon", square), { kind: "delete", index: 0 });
    expect(p.positions).toEqual(square.slice(1));
    expect(applyEdit(p, { kind: "delete", index: 1 })).toBe(p);
    expect(canDelete(startDrawing("point", [[1, 1]]))).toBe(false);
  });

  it("undoes deletes, inserts, moves and added vertices one by one, newest first", () => {
    const start = startDrawing("polygon", square);
    const steps: Edit[] = [
      { kind: "delete", index: 2 },
      { kind: "insert", segment: 0, at: [0.5, -0.1] },
      { kind: "move", index: 0, at: [-0.1, -0.1] },
      { kind: "resume" },
      { kind: "add", at: [-0.5, 0.5] },
    ];
    const states = [start];
    for (const e of steps) states.push(applyEdit(states.at(-1)!, e));
    const end = states.at(-1)!;
    expect(end.positions).toEqual([
      [-0.1, -0.1],
      [0.5, -0.1],
      [1, 0],
      [0, 1],
      [-0.5, 0.5],
    ]);
    // "resume" is no change of the positions: undo skips over it to the move.
    const undone = [1, 2, 3, 4].map(
      (n) => Array.from({ length: n }).reduce<Drawing>((d) => applyEdit(d, { kind: "undo" }), end).positions,
    );
    expect(undone).toEqual([states[3]!.positions, states[2]!.positions, states[1]!.positions, square]);
    const all = Array.from({ length: 6 }).reduce<Drawing>((d) => applyEdit(d, { kind: "undo" }), end);
    expect(all.positions).toEqual(square);
    expect(all.past).toEqual([]);
  });

  it("adds only while adding; an added vertex undone lets taps add again; a point is moved, not added", () => {
    const empty = startDrawing("line", []);
    expect(empty.adding).toBe(true);
    const two = edits(empty, { kind: "add", at: [1, 1] }, { kind: "add", at: [2, 2] }, { kind: "finish" });
    expect(applyEdit(two, { kind: "add", at: [3, 3] })).toBe(two);
    const back = applyEdit(two, { kind: "undo" });
    expect(back).toMatchObject({ positions: [[1, 1]], adding: true });

    const point = edits(startDrawing("point", [[5, 5]]), { kind: "add", at: [6, 6] });
    expect(point.positions).toEqual([[6, 6]]);
    expect(applyEdit(point, { kind: "undo" }).positions).toEqual([[5, 5]]);
  });
});
