import L from "leaflet";
import type { Geometry, Position } from "../../domain/water/network-check.js";
import {
  applyEdit,
  canDelete,
  type Drawing,
  type DrawShape,
  type Edit,
  midpoint,
  segments,
  startDrawing,
} from "./vertex-edit.js";

// ~1 cm at these latitudes: finer digits are noise from the pointer, and they bloat the JSON.
const round = (x: number) => Math.round(x * 1e7) / 1e7;
const DRAWING_COLOUR = "#e7298a";
/** Two taps closer than this (screen pixels) are one tap repeated, as a double-tap's second half. */
const SAME_TAP_PX = 8;

/**
 * The positions a user edits in a stored geometry: a line's vertices, a point, a polygon's outline
 * without its closing position. A geometry in several parts is not edited: drawing replaces it.
 */
export function editablePositions(g: Geometry | null): Position[] {
  if (g?.type === "LineString") return g.coordinates.map(([lon, lat]) => [lon, lat]);
  if (g?.type === "Point") return [[g.coordinates[0], g.coordinates[1]]];
  if (g?.type === "Polygon") return g.coordinates[0]!.slice(0, -1).map(([lon, lat]) => [lon, lat]);
  return [];
}

/** The GeoJSON to save for the drawn positions; a polygon keeps the holes it had. */
export function drawnGeometry(shape: DrawShape, positions: Position[], before: Geometry | null): Geometry {
  if (shape === "point") return { type: "Point", coordinates: positions[0]! };
  if (shape === "line") return { type: "LineString", coordinates: positions };
  const holes = before?.type === "Polygon" ? before.coordinates.slice(1) : [];
  return { type: "Polygon", coordinates: [[...positions, positions[0]!], ...holes] };
}

/** What the page shows of the drawing: its positions, whether taps add, what its buttons may do. */
export interface EditorState {
  positions: Position[];
  adding: boolean;
  canUndo: boolean;
  /** A vertex is chosen and the shape keeps enough vertices without it. */
  canDeleteSelected: boolean;
}

const toLatLng = ([lon, lat]: Position) => L.latLng(lat, lon);
const toPosition = ({ lat, lng }: L.LatLng): Position => [round(lng), round(lat)];

/**
 * Drawing on a Leaflet map with Leaflet's own API, by mouse or by finger: a tap on the map adds a
 * vertex (or puts the point there), each vertex is a draggable marker, a double-tap or `finish()`
 * stops adding (a tap on a polygon's first corner closes it). Once finished, each segment shows a
 * small handle at its middle that becomes a vertex when dragged or tapped; a tapped vertex is
 * chosen for `deleteSelected()` (a right-click or long-press deletes it at once). `undo()` takes
 * back the last change. The edits themselves are `applyEdit`'s; this class only draws them.
 */
export class MapEditor {
  private readonly group = L.layerGroup();
  private readonly handles = L.layerGroup();
  private readonly outline: L.Polyline<
    GeoJSON.LineString | GeoJSON.MultiLineString | GeoJSON.Polygon | GeoJSON.MultiPolygon
  > | null;
  private drawing: Drawing;
  private selected: number | null = null;

  constructor(
    private readonly map: L.Map,
    private readonly shape: DrawShape,
    start: readonly Position[],
    private readonly onChange: (state: EditorState) => void,
  ) {
    const style = { color: DRAWING_COLOUR, weight: 4, interactive: false, className: "map-drawing" };
    this.outline =
      shape === "line"
        ? L.polyline([], style)
        : shape === "polygon"
          ? L.polygon([], { ...style, weight: 3, fillOpacity: 0.2 })
          : null;
    this.outline?.addTo(this.group);
    this.handles.addTo(this.group);
    this.group.addTo(map);
    this.drawing = startDrawing(
      shape,
      start.map(([lon, lat]) => [round(lon), round(lat)]),
    );
    map.doubleClickZoom.disable();
    map.on("click", this.onMapClick);
    map.on("dblclick", this.onMapDoubleClick);
    this.render();
  }

  undo() {
    this.edit({ kind: "undo" });
  }

  /** Stops adding vertices; they can still be moved, inserted and deleted. */
  finish() {
    this.edit({ kind: "finish" });
  }

  /** Adds vertices again, after the last one. */
  resume() {
    this.edit({ kind: "resume" });
  }

  deleteSelected() {
    if (this.selected !== null) this.edit({ kind: "delete", index: this.selected });
  }

  destroy() {
    this.map.off("click", this.onMapClick);
    this.map.off("dblclick", this.onMapDoubleClick);
    this.map.doubleClickZoom.enable();
    this.map.getContainer().classList.remove("map-adding");
    this.group.remove();
  }

  private edit(edit: Edit) {
    const next = applyEdit(this.drawing, edit);
    if (next === this.drawing) return;
    // Indexes move when vertices come and go: the choice is only kept while they stay put.
    if (next.positions.length !== this.drawing.positions.length) this.selected = null;
    this.drawing = next;
    this.render();
  }

  private readonly onMapClick = (e: L.LeafletMouseEvent) => {
    if (!this.drawing.adding && this.selected !== null) {
      this.selected = null;
      this.render();
    }
    this.edit({ kind: "add", at: toPosition(e.latlng) });
  };

  /**
   * A double-tap on one spot ends the line or the outline (its second tap added the same vertex
   * again, which is taken back). Two quick taps far apart are two vertices, which a phone may
   * still report as a dblclick.
   */
  private readonly onMapDoubleClick = () => {
    const { shape, adding, positions } = this.drawing;
    if (shape === "point" || !adding) return;
    const [before, last] = positions.slice(-2);
    if (!before || !last) return;
    const apart = this.map
      .latLngToContainerPoint(toLatLng(before))
      .distanceTo(this.map.latLngToContainerPoint(toLatLng(last)));
    if (apart >= SAME_TAP_PX) return;
    this.edit({ kind: "undo" });
    this.edit({ kind: "finish" });
  };

  /** Redraws the outline, the vertices and the segments' handles from the drawing. */
  private render() {
    this.group.eachLayer((layer) => {
      if (layer instanceof L.Marker) this.group.removeLayer(layer);
    });
    for (const [i, p] of this.drawing.positions.entries()) this.addVertex(p, i);
    this.drawOutline(this.drawing.positions);
    const { positions, adding } = this.drawing;
    this.map.getContainer().classList.toggle("map-adding", adding);
    this.onChange({
      positions,
      adding,
      canUndo: this.drawing.past.length > 0,
      canDeleteSelected: this.selected !== null && canDelete(this.drawing),
    });
  }

  /** The outline through the given positions, with a handle in the middle of each segment. */
  private drawOutline(positions: Position[], withHandles = true) {
    this.outline?.setLatLngs(positions.map(toLatLng));
    if (!withHandles) return;
    this.handles.clearLayers();
    if (this.drawing.adding) return; // while adding, a tap near a segment must add at the end
    for (const [from, to] of segments({ ...this.drawing, positions })) {
      this.addHandle(from, midpoint(positions[from]!, positions[to]!));
    }
  }

  /**
   * While a marker is dragged: the outline follows, and the page sees the positions it would save.
   * A dragged handle keeps the handles as they are (redrawing them would drop the one in hand).
   */
  private preview(positions: Position[], withHandles = true) {
    this.drawOutline(positions, withHandles);
    const { adding, past } = this.drawing;
    this.onChange({ positions, adding, canUndo: past.length > 0, canDeleteSelected: false });
  }

  private addVertex(at: Position, index: number) {
    const first = index === 0 && this.shape === "polygon";
    const marker = L.marker(toLatLng(at), {
      draggable: true,
      keyboard: false,
      // A finger needs a bigger target than a cursor: 24 px, centred on the vertex.
      icon: L.divIcon({
        className: `map-vertex${first ? " map-vertex-first" : ""}${index === this.selected ? " map-vertex-selected" : ""}`,
        iconSize: [24, 24],
      }),
    });
    marker.on("drag", () => {
      const moved = [...this.drawing.positions];
      moved[index] = toPosition(marker.getLatLng());
      this.preview(moved);
    });
    marker.on("dragend", () => this.edit({ kind: "move", index, at: toPosition(marker.getLatLng()) }));
    marker.on("click", () => {
      const closes = first && this.drawing.adding && this.drawing.positions.length >= 3;
      if (closes) return this.finish();
      this.selected = this.selected === index ? null : index;
      this.render();
    });
    marker.on("contextmenu", (e) => {
      L.DomEvent.preventDefault(e.originalEvent);
      this.edit({ kind: "delete", index });
    });
    marker.addTo(this.group);
  }

  /** A segment's middle: tapped, a vertex is put there; dragged, the new vertex follows the finger. */
  private addHandle(segment: number, at: Position) {
    const handle = L.marker(toLatLng(at), {
      draggable: true,
      keyboard: false,
      icon: L.divIcon({ className: "map-midpoint", iconSize: [20, 20] }),
    });
    const inserted = () => {
      const p = [...this.drawing.positions];
      p.splice(segment + 1, 0, toPosition(handle.getLatLng()));
      return p;
    };
    handle.on("drag", () => this.preview(inserted(), false));
    handle.on("dragend", () => this.edit({ kind: "insert", segment, at: toPosition(handle.getLatLng()) }));
    handle.on("click", () => this.edit({ kind: "insert", segment, at: toPosition(handle.getLatLng()) }));
    handle.addTo(this.handles);
  }
}
