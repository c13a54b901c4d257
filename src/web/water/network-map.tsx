import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { REACH_KINDS } from "../../domain/water/network.js";
import type { Geometry } from "../../domain/water/network-check.js";
import { api } from "../app/api.js";
import { Loaded, useLoad } from "../app/ui.js";
import { KIND_COLOURS, type NetworkMap } from "./network-api.js";
import { NetworkTabs } from "./network-ui.js";

/** Upstream canals are drawn wider, so the tree reads at a glance. */
const WEIGHT = { head: 7, main: 6, secondary: 4, tertiary: 3, outlet: 2 } as const;
const STRUCTURE_COLOUR = "#b30000";
const PLOT_COLOUR = "#31a354";
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

function NetworkMapView({ data }: { data: NetworkMap }) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    // No tile server is needed: without one the map is drawn on the page's plain background.
    const map = L.map(element.current, { zoomControl: true, attributionControl: Boolean(data.tileUrl) });
    if (data.tileUrl)
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution ?? "", maxZoom: 19 }).addTo(map);
    const drawn = L.featureGroup().addTo(map);
    const geo = (g: Geometry, style: L.PathOptions) => L.geoJSON(g as GeoJSON.Geometry, { style });
    for (const p of data.plots) {
      if (!p.geometry) continue;
      geo(p.geometry, { color: PLOT_COLOUR, weight: 1, fillOpacity: 0.35, className: "map-plot" })
        .bindPopup(
          popup([
            t("network.plot", {
              cadastral: p.cadastralNumber ?? "—",
              area: p.areaHa,
              user: p.userName,
              number: p.userNumber,
            }),
          ]),
        )
        .addTo(drawn);
    }
    for (const r of data.reaches) {
      if (!r.geometry) continue;
      geo(r.geometry, {
        color: KIND_COLOURS[r.kind],
        weight: WEIGHT[r.kind],
        className: `map-reach map-${r.kind}`,
      })
        .bindPopup(
          popup([
            `${r.code} — ${r.name}`,
            t(`network.kind.${r.kind}`),
            `${t("network.capacity", { value: r.capacityLps })} · ${t("network.efficiencyShort", { value: r.efficiency })}`,
          ]),
        )
        .addTo(drawn);
    }
    for (const s of data.structures) {
      if (s.geometry?.type !== "Point") continue;
      const [lon, lat] = s.geometry.coordinates;
      L.circleMarker([lat, lon], {
        radius: 6,
        color: STRUCTURE_COLOUR,
        fillColor: "#fff",
        fillOpacity: 1,
        weight: 2,
        className: "map-structure",
      })
        .bindPopup(
          popup([
            `${s.code} — ${s.name}`,
            t(`network.structureKind.${s.kind}`),
            ...(s.gauge ? [t(`network.gaugeKind.${s.gauge.kind}`)] : []),
          ]),
        )
        .addTo(drawn);
    }
    const bounds = drawn.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
    else map.setView(DEFAULT_CENTRE, 13);
    return () => {
      map.remove();
    };
  }, [data, t]);

  const empty = ![...data.reaches, ...data.structures, ...data.plots].some((x) => x.geometry);
  return (
    <>
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
  return (
    <section>
      <h1>{t("network.title")}</h1>
      <NetworkTabs />
      <Loaded state={state}>{(data) => <NetworkMapView data={data} />}</Loaded>
    </section>
  );
}
