import L from "leaflet";
import type { Geometry, Position } from "../../domain/water/network-check.js";

/** What is drawn: a canal's line, a structure's point, a plot's outline. */
export type DrawShape = "line" | "point" | "polygon";

/** Fewest positions each shape needs before it can be saved. */
export const MIN_VERTICES: Record<DrawShape, number> = { line: 2, point: 1, polygon: 3 };

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

/**
 * Drawing on a Leaflet map with Leaflet's own API, by mouse or by finger: a tap on the map adds a
 * vertex (or puts the point there), each vertex is a draggable marker, a double-tap or `finish()`
 * stops adding (a tap on a polygon's first corner closes it), `undo()` takes the last vertex back.
 * The page owns the buttons; the editor tells it every change through `onChange`.
 */
export class MapEditor {
  private readonly group = L.layerGroup();
  private readonly outline: L.Polyline<
    GeoJSON.LineString | GeoJSON.MultiLineString | GeoJSON.Polygon | GeoJSON.MultiPolygon
  > | null;
  private readonly vertices: L.Marker[] = [];
  private adding: boolean;

  constructor(
    private readonly map: L.Map,
    private readonly shape: DrawShape,
    start: readonly Position[],
    private readonly onChange: (positions: Position[], adding: boolean) => void,
  ) {
    const style = { color: DRAWING_COLOUR, weight: 4, interactive: false, className: "map-drawing" };
    this.outline =
      shape === "line"
        ? L.polyline([], style)
        : shape === "polygon"
          ? L.polygon([], { ...style, weight: 3, fillOpacity: 0.2 })
          : null;
    this.outline?.addTo(this.group);
    this.group.addTo(map);
    for (const [lon, lat] of start) this.addVertex(L.latLng(lat, lon));
    this.adding = shape === "point" || start.length === 0;
    map.doubleClickZoom.disable();
    map.on("click", this.onMapClick);
    map.on("dblclick", this.onMapDoubleClick);
    this.changed();
  }

  positions(): Position[] {
    return this.vertices.map((m) => {
      const { lat, lng } = m.getLatLng();
      return [round(lng), round(lat)];
    });
  }

  /** Takes the last vertex back (a point is taken away). */
  undo() {
    const last = this.vertices.pop();
    if (!last) return;
    this.group.removeLayer(last);
    if (this.shape !== "point") this.adding = true;
    this.changed();
  }

  /** Stops adding vertices; they can still be moved. */
  finish() {
    if (this.shape === "point") return;
    this.adding = false;
    this.changed();
  }

  /** Adds vertices again, after the last one. */
  resume() {
    this.adding = true;
    this.changed();
  }

  destroy() {
    this.map.off("click", this.onMapClick);
    this.map.off("dblclick", this.onMapDoubleClick);
    this.map.doubleClickZoom.enable();
    this.map.getContainer().classList.remove("map-adding");
    this.group.remove();
  }

  private readonly onMapClick = (e: L.LeafletMouseEvent) => {
    if (!this.adding) return;
    if (this.shape === "point" && this.vertices.length > 0) this.vertices[0]!.setLatLng(e.latlng);
    else this.addVertex(e.latlng);
    this.changed();
  };

  /**
   * A double-tap on one spot ends the line or the outline (its second tap added the same vertex
   * again). Two quick taps far apart are two vertices, which a phone may still report as a dblclick.
   */
  private readonly onMapDoubleClick = () => {
    if (this.shape === "point" || !this.adding) return;
    const [before, last] = this.vertices.slice(-2);
    if (!before || !last) return;
    const apart = this.map
      .latLngToContainerPoint(before.getLatLng())
      .distanceTo(this.map.latLngToContainerPoint(last.getLatLng()));
    if (apart >= SAME_TAP_PX) return;
    this.group.removeLayer(this.vertices.pop()!);
    this.finish();
  };

  private addVertex(at: L.LatLng) {
    const marker = L.marker(at, {
      draggable: true,
      keyboard: false,
      // A finger needs a bigger target than a cursor: 24 px, centred on the vertex.
      icon: L.divIcon({ className: "map-vertex", iconSize: [24, 24] }),
    });
    marker.on("drag", () => this.changed());
    marker.on("click", () => {
      const closes = this.shape === "polygon" && this.adding && marker === this.vertices[0];
      if (closes && this.vertices.length >= MIN_VERTICES.polygon) this.finish();
    });
    marker.addTo(this.group);
    this.vertices.push(marker);
  }

  private changed() {
    this.outline?.setLatLngs(this.vertices.map((m) => m.getLatLng()));
    this.vertices.forEach((m, i) => {
      m.getElement()?.classList.toggle("map-vertex-first", i === 0 && this.shape === "polygon");
    });
    this.map.getContainer().classList.toggle("map-adding", this.adding);
    this.onChange(this.positions(), this.adding);
  }
}
