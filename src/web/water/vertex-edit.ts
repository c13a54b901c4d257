import type { Position } from "../../domain/water/network-check.js";

/** What is drawn: a canal's line, a structure's point, a plot's outline. */
export type DrawShape = "line" | "point" | "polygon";

/** Fewest positions each shape needs before it can be saved; deleting never goes below it. */
export const MIN_VERTICES: Record<DrawShape, number> = { line: 2, point: 1, polygon: 3 };

/** The positions being drawn and whether taps on the map add to them. */
export interface Sketch {
  positions: Position[];
  adding: boolean;
}

/** A sketch with the sketches before each change, newest last, so every change can be undone. */
export interface Drawing extends Sketch {
  shape: DrawShape;
  past: Sketch[];
}

/** One change to a drawing, as the map's gestures and the panel's buttons make it. */
export type Edit =
  | { kind: "add"; at: Position }
  | { kind: "move"; index: number; at: Position }
  | { kind: "insert"; segment: number; at: Position }
  | { kind: "delete"; index: number }
  | { kind: "finish" }
  | { kind: "resume" }
  | { kind: "undo" };

/** A new drawing of stored positions (nothing to undo); an empty one, or a point, starts adding. */
export function startDrawing(shape: DrawShape, positions: readonly Position[]): Drawing {
  return { shape, positions: [...positions], adding: shape === "point" || positions.length === 0, past: [] };
}

/**
 * The segments between vertices, each as the indexes of its two ends. A polygon's closing edge
 * (last → first) counts once it has its three corners and is no longer being added to.
 */
export function segments(d: Drawing): Array<[number, number]> {
  const n = d.positions.length;
  const open = Array.from({ length: Math.max(n - 1, 0) }, (_, i): [number, number] => [i, i + 1]);
  return d.shape === "polygon" && !d.adding && n >= MIN_VERTICES.polygon ? [...open, [n - 1, 0]] : open;
}

export const midpoint = (a: Position, b: Position): Position => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/** Whether the vertex count allows one to be deleted (a line keeps 2, a polygon 3, a point its one). */
export const canDelete = (d: Drawing) => d.shape !== "point" && d.positions.length > MIN_VERTICES[d.shape];

/** The drawing after an edit; an edit that cannot apply (a vertex too few, nothing to undo) changes nothing. */
export function applyEdit(d: Drawing, edit: Edit): Drawing {
  const changed = (positions: Position[], adding = d.adding): Drawing => ({
    ...d,
    positions,
    adding,
    past: [...d.past, { positions: d.positions, adding: d.adding }],
  });
  const { positions } = d;
  switch (edit.kind) {
    case "add":
      if (!d.adding) return d;
      return changed(d.shape === "point" ? [edit.at] : [...positions, edit.at]);
    case "move":
      if (edit.index < 0 || edit.index >= positions.length) return d;
      return changed(positions.map((p, i) => (i === edit.index ? edit.at : p)));
    case "insert": {
      // Segment s runs from vertex s to the next one (the first, for a polygon's closing edge).
      if (!segments(d).some(([from]) => from === edit.segment)) return d;
      const after = edit.segment + 1;
      return changed([...positions.slice(0, after), edit.at, ...positions.slice(after)]);
    }
    case "delete":
      if (!canDelete(d) || edit.index < 0 || edit.index >= positions.length) return d;
      return changed(positions.filter((_, i) => i !== edit.index));
    case "finish":
      return d.shape === "point" ? d : { ...d, adding: false };
    case "resume":
      return { ...d, adding: true };
    case "undo": {
      const before = d.past.at(-1);
      return before ? { ...d, ...before, past: d.past.slice(0, -1) } : d;
    }
  }
}
