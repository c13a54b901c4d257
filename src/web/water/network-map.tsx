import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { REACH_KINDS } from "../../domain/water/network.js";
import type { Geometry } from "../../domain/water/network-check.js";
import { api } from "../app/api.js";
import { formatHectares, formatMeasure } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { Loaded, useLoad } from "../app/ui.js";
import { DrawPanel, keyParams, type Target, targetKey, targetOf } from "./map-draw.js";
import { KIND_COLOURS, type MapPlot, type NetworkMap } from "./network-api.js";
import { NetworkTabs } from "./network-ui.js";

/** Upstream canals are drawn wider, so the tree reads at a glance. */
const WEIGHT = { head: 7, main: 6, secondary: 4, tertiary: 3, outlet: 2 } as const;
const STRUCTURE_COLOUR = "#b30000";
const PLOT_COLOUR = "#31a354";
const SELECTED_COLOUR = "#e7298a";
// Near the demo WUA, when nothing has a place yet.
const DEFAULT_CENTRE: L.LatLngExpression = [42.5, 74.6];

/** A popup's text as a DOM node: names come from users, so never as HTML. */
function popup(lines: string[]): HTMLElement {
  const div = document.createElement("div");
  for (const line of lines) {
    const p = document.createElement("p");
    p.textContent = line;
    div.append(p);
  }
  return div;
}

/** A geometry's bounds, to bring a chosen thing into view. */
const boundsOf = (g: Geometry) => L.geoJSON(g as GeoJSON.Geometry).getBounds();

function NetworkMapView({
  data,
  onSaved,
  onStale,
}: {
  data: NetworkMap;
  onSaved: Parameters<typeof DrawPanel>[0]["onSaved"];
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const target = targetOf(data, params);
  const selected = targetKey(target);
  const [editing, setEditing] = useState(false);
  const element = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const features = useRef<L.FeatureGroup | null>(null);
  const fitted = useRef(false);
  // The tiles are the service's setting: read once, when the map is made.
  const tiles = useRef({ url: data.tileUrl, attribution: data.tileAttribution });

  /** Chooses a thing (from the list, or by a tap on the map); the address keeps it, as the tree's link does. */
  const pick = (key: string, zoom: boolean) => {
    setParams(keyParams(key), { replace: true });
    const chosen = targetOf(data, keyParams(key));
    if (zoom && map && chosen?.item.geometry)
      map.fitBounds(boundsOf(chosen.item.geometry), { padding: [40, 40], maxZoom: 17 });
  };
  // The layers' handlers are made once per drawing; they call the latest `pick`.
  const picking = useRef(pick);
  picking.current = pick;
  /** A thing tapped on the map: its popup opens again once the layers are redrawn around it. */
  const tapped = useRef<{ key: string; at: L.LatLng } | null>(null);

  useEffect(() => {
    if (!element.current) return;
    // No tile server is needed: without one the map is drawn on the page's plain background.
    const { url, attribution } = tiles.current;
    const made = L.map(element.current, { zoomControl: true, attributionControl: Boolean(url) });
    if (url) L.tileLayer(url, { attribution: attribution ?? "", maxZoom: 19 }).addTo(made);
    features.current = L.featureGroup().addTo(made);
    setMap(made);
    return () => {
      made.remove();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    const drawn = features.current;
    if (!map || !drawn) return;
    drawn.clearLayers();
    // While drawing, the other things only show where they are: a tap on them adds a vertex.
    const interactive = !editing;
    const shown = (key: string) => !(editing && key === selected);
    const mark = (key: string, className: string) =>
      key === selected ? `${className} map-selected` : className;
    const geo = (g: Geometry, style: L.PathOptions) =>
      L.geoJSON(g as GeoJSON.Geometry, { style, interactive } as L.GeoJSONOptions);
    let chosenLayer: L.Layer | null = null;
    /** A thing's layer with its popup; a tap on it chooses the thing. */
    const add = (key: string, layer: L.Layer, lines: string[]) => {
      layer
        .bindPopup(popup(lines))
        .on("click", (e: L.LeafletMouseEvent) => {
          tapped.current = { key, at: e.latlng };
          picking.current(key, false);
        })
        .addTo(drawn);
      if (key === selected) chosenLayer = layer;
    };
    for (const p of data.plots) {
      const key = `plot:${p.id}`;
      if (!p.geometry || !shown(key)) continue;
      const style = { color: PLOT_COLOUR, weight: key === selected ? 3 : 1, fillOpacity: 0.35 };
      add(key, geo(p.geometry, { ...style, className: mark(key, "map-plot") }), [
        t("network.plot", {
          cadastral: p.cadastralNumber ?? "—",
          area: formatHectares(p.areaHa, currentLocale()),
          user: p.userName,
          number: p.userNumber,
        }),
      ]);
    }
    for (const r of data.reaches) {
      const key = `reach:${r.id}`;
      if (!r.geometry || !shown(key)) continue;
      const style = {
        color: key === selected ? SELECTED_COLOUR : KIND_COLOURS[r.kind],
        weight: WEIGHT[r.kind] + (key === selected ? 3 : 0),
      };
      add(key, geo(r.geometry, { ...style, className: mark(key, `map-reach map-${r.kind}`) }), [
        `${r.code} — ${r.name}`,
        t(`network.kind.${r.kind}`),
        `${t("network.capacity", { value: formatMeasure(r.capacityLps, currentLocale()) })} · ${t("network.efficiencyShort", { value: formatMeasure(r.efficiency, currentLocale()) })}`,
      ]);
    }
    for (const s of data.structures) {
      const key = `structure:${s.id}`;
      if (s.geometry?.type !== "Point" || !shown(key)) continue;
      const [lon, lat] = s.geometry.coordinates;
      const marker = L.circleMarker([lat, lon], {
        radius: key === selected ? 9 : 6,
        color: key === selected ? SELECTED_COLOUR : STRUCTURE_COLOUR,
        fillColor: "#fff",
        fillOpacity: 1,
        weight: 2,
        interactive,
        className: mark(key, "map-structure"),
      });
      add(key, marker, [
        `${s.code} — ${s.name}`,
        t(`network.structureKind.${s.kind}`),
        ...(s.gauge ? [t(`network.gaugeKind.${s.gauge.kind}`)] : []),
      ]);
    }
    if (tapped.current?.key === selected) (chosenLayer as L.Layer | null)?.openPopup(tapped.current.at);
    tapped.current = null;
    if (fitted.current) return;
    fitted.current = true;
    // A thing chosen from the tree comes into view; otherwise the whole network.
    const chosen = targetOf(data, keyParams(selected))?.item.geometry;
    const first = chosen ? boundsOf(chosen) : drawn.getBounds();
    if (first.isValid()) map.fitBounds(first, { padding: [20, 20], maxZoom: 17 });
    else map.setView(DEFAULT_CENTRE, 13);
  }, [map, data, selected, editing, t]);

  const empty = ![...data.reaches, ...data.structures, ...data.plots].some((x) => x.geometry);
  return (
    <>
      <DrawPanel
        data={data}
        target={target}
        map={map}
        onPick={(key) => pick(key, true)}
        onEditing={setEditing}
        onSaved={onSaved}
        onStale={onStale}
      />
      {empty && <p className="state">{t("network.mapEmpty")}</p>}
      <div ref={element} className="network-map" data-testid="network-map" />
      <ul className="map-legend" aria-label={t("network.map")}>
        {REACH_KINDS.map((k) => (
          <li key={k}>
            <span className="swatch" style={{ background: KIND_COLOURS[k] }} />
            {t(`network.kind.${k}`)}
          </li>
        ))}
        <li>
          <span className="swatch swatch-round" style={{ borderColor: STRUCTURE_COLOUR }} />
          {t("network.layers.structures")}
        </li>
        <li>
          <span className="swatch" style={{ background: PLOT_COLOUR, opacity: 0.5 }} />
          {t("network.layers.plots")}
        </li>
      </ul>
    </>
  );
}

/** The network on a map: canals as lines coloured by kind, structures as markers, plots as areas. */
export default function NetworkMapPage() {
  const { t } = useTranslation();
  const state = useLoad(() => api<NetworkMap>("GET", "/api/water/map"), "map");
  /** What the server kept replaces the thing in place: the map stays where the user is. */
  const saved = (target: Target, kept: { id: string; geometry: Geometry | null; version: number }) => {
    const merge = <T extends { id: string }>(list: T[]) =>
      list.map((x) => (x.id === target.item.id ? { ...x, ...kept } : x));
    state.setData((d) =>
      d === null
        ? d
        : target.what === "reach"
          ? { ...d, reaches: merge(d.reaches) }
          : target.what === "structure"
            ? { ...d, structures: merge(d.structures) }
            : { ...d, plots: merge<MapPlot>(d.plots) },
    );
  };
  return (
    <section>
      <h1>{t("network.title")}</h1>
      <NetworkTabs />
      <Loaded state={state}>
        {(data) => <NetworkMapView data={data} onSaved={saved} onStale={state.reload} />}
      </Loaded>
    </section>
  );
}
