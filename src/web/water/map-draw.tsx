import type L from "leaflet";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { lineLengthM, polygonAreaHa } from "../../domain/water/geometry.js";
import type { Geometry } from "../../domain/water/network-check.js";
import { ApiProblem, api, FIRST_SENDING_SAVED } from "../app/api.js";
import { formatHectares, formatMetres } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { problemText } from "../app/ui.js";
import { drawnGeometry, type EditorState, editablePositions, MapEditor } from "./map-editor.js";
import { type MapPlot, type NetworkMap, type Reach, type Structure, treeOrder } from "./network-api.js";
import { ProblemBox, useProblem } from "./network-forms.js";
import { type DrawShape, MIN_VERTICES } from "./vertex-edit.js";

/** The thing chosen on the map page, to be drawn: a canal, a structure or a plot. */
export type Target =
  | { what: "reach"; item: Reach }
  | { what: "structure"; item: Structure }
  | { what: "plot"; item: MapPlot };
type Saved = Reach | Structure | Pick<MapPlot, "id" | "areaHa" | "geometry" | "version">;

const SHAPE_OF: Record<Target["what"], DrawShape> = { reach: "line", structure: "point", plot: "polygon" };

/** The target named in the page's address (`?reach=…`, `?structure=…`, `?plot=…`), if it exists. */
export function targetOf(data: NetworkMap, params: URLSearchParams): Target | null {
  const reach = data.reaches.find((r) => r.id === params.get("reach"));
  if (reach) return { what: "reach", item: reach };
  const structure = data.structures.find((s) => s.id === params.get("structure"));
  if (structure) return { what: "structure", item: structure };
  const plot = data.plots.find((p) => p.id === params.get("plot"));
  return plot ? { what: "plot", item: plot } : null;
}

export const targetKey = (target: Target | null) => (target ? `${target.what}:${target.item.id}` : "");

/** The page's address for a target's key ("reach:<id>"); nothing chosen for "". */
export function keyParams(key: string): URLSearchParams {
  const [what, id] = key.split(":");
  return new URLSearchParams(what && id ? { [what]: id } : {});
}

const put = (target: Target, body: { version: number; geometry: Geometry | null }) => {
  const id = target.item.id;
  switch (target.what) {
    case "reach":
      return api<Saved>("PUT", `/api/water/reaches/${id}/geometry`, body);
    case "structure":
      return api<Saved>("PUT", `/api/water/structures/${id}/geometry`, body);
    case "plot":
      return api<Saved>("PUT", `/api/water/plots/${id}/geometry`, body);
  }
};

/** The drawn length or area beside the recorded one: a check on either. */
function Measures({ target, geometry }: { target: Target; geometry: Geometry | null }) {
  const { t } = useTranslation();
  const drawn = (text: string | null) => <span className="badge">{text ?? t("network.draw.notDrawn")}</span>;
  if (target.what === "reach") {
    const m = geometry && lineLengthM(geometry);
    return (
      <p className="map-measures" data-testid="map-measures">
        <span>
          {target.item.lengthM === null
            ? t("network.draw.noRecordedLength")
            : t("network.draw.recordedLength", { value: formatMetres(target.item.lengthM, currentLocale()) })}
        </span>
        {drawn(m ? t("network.draw.drawnLength", { value: formatMetres(m, currentLocale()) }) : null)}
      </p>
    );
  }
  if (target.what === "plot") {
    const ha = geometry && polygonAreaHa(geometry);
    return (
      <p className="map-measures" data-testid="map-measures">
        <span>
          {t("network.draw.recordedArea", { value: formatHectares(target.item.areaHa, currentLocale()) })}
        </span>
        {drawn(ha ? t("network.draw.drawnArea", { value: formatHectares(ha, currentLocale()) }) : null)}
      </p>
    );
  }
  return geometry ? null : <p className="map-measures">{drawn(null)}</p>;
}

/**
 * The map page's drawing panel: choose what to draw (in the tree's order), then draw, change or
 * remove its geometry on the map. Saving replaces only the geometry, with the version read.
 */
export function DrawPanel({
  data,
  target,
  map,
  onPick,
  onEditing,
  onSaved,
  onStale,
}: {
  data: NetworkMap;
  target: Target | null;
  map: L.Map | null;
  onPick: (key: string) => void;
  onEditing: (editing: boolean) => void;
  onSaved: (target: Target, saved: Saved) => void;
  /** What the page shows may be older than what the server keeps: read it again. */
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const editor = useRef<MapEditor | null>(null);
  const [draft, setDraft] = useState<EditorState | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { problem, clear, report } = useProblem();
  useEffect(() => () => editor.current?.destroy(), []);

  const allowed = target !== null && can(target.what === "plot" ? "water.users" : "water.network");
  const shape = target ? SHAPE_OF[target.what] : "line";
  const geometry = target?.item.geometry ?? null;
  const multiPart = geometry?.type === "MultiLineString" || geometry?.type === "MultiPolygon";
  const complete = draft !== null && draft.positions.length >= MIN_VERTICES[shape];

  function stop() {
    editor.current?.destroy();
    editor.current = null;
    setDraft(null);
    onEditing(false);
  }

  function start() {
    if (!map || !target) return;
    clear();
    setStatus(null);
    onEditing(true);
    editor.current = new MapEditor(map, shape, editablePositions(geometry), setDraft);
  }

  async function write(next: Geometry | null, done: string) {
    if (!target) return;
    clear();
    setSaving(true);
    try {
      const saved = await put(target, { version: target.item.version, geometry: next });
      stop();
      onSaved(target, saved);
      setStatus(t(done));
    } catch (err) {
      // Saved again after a lost answer, and the first sending had been kept: the drawing is done,
      // and the page shows what the server kept, not the correction made since.
      if (err instanceof ApiProblem && FIRST_SENDING_SAVED.has(err.code)) {
        stop();
        if (err.firstAnswer) onSaved(target, err.firstAnswer as Saved);
        else onStale();
        setStatus(problemText(err, t));
      } else report(err);
    } finally {
      setSaving(false);
    }
  }

  const name =
    target?.what === "plot"
      ? (target.item.cadastralNumber ?? target.item.userName)
      : target
        ? `${target.item.code} — ${target.item.name}`
        : "";
  return (
    <div className="map-draw">
      <label className="field">
        <span>{t("network.draw.pick")}</span>
        <select
          name="target"
          value={targetKey(target)}
          disabled={draft !== null}
          onChange={(e) => {
            setStatus(null);
            clear();
            onPick(e.target.value);
          }}
        >
          <option value="">{t("network.draw.none")}</option>
          <optgroup label={t("network.draw.reaches")}>
            {treeOrder(data.reaches).map(({ reach, depth }) => (
              <option key={reach.id} value={`reach:${reach.id}`}>
                {"\u2003".repeat(depth)}
                {reach.code} — {reach.name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("network.layers.structures")}>
            {data.structures.map((s) => (
              <option key={s.id} value={`structure:${s.id}`}>
                {s.code} — {s.name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("network.layers.plots")}>
            {data.plots.map((p) => (
              <option key={p.id} value={`plot:${p.id}`}>
                {t("network.draw.plotOption", {
                  number: p.userNumber,
                  user: p.userName,
                  cadastral: p.cadastralNumber ?? "—",
                  area: formatHectares(p.areaHa, currentLocale()),
                })}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {target && (
        <Measures
          target={target}
          geometry={draft ? (complete ? drawnGeometry(shape, draft.positions, geometry) : null) : geometry}
        />
      )}
      {target && multiPart && !draft && <p className="muted">{t("network.draw.manyParts")}</p>}
      {allowed && !draft && (
        <div className="actions">
          <button type="button" className="primary" disabled={!map} onClick={start}>
            {t(geometry && !multiPart ? "network.draw.edit" : "network.draw.draw")}
          </button>
          {geometry && (
            <button
              type="button"
              disabled={saving}
              onClick={() => {
                if (window.confirm(t("network.draw.removeConfirm", { name })))
                  void write(null, "network.draw.removed");
              }}
            >
              {t("network.draw.remove")}
            </button>
          )}
        </div>
      )}
      {draft && (
        <>
          <p className="muted">
            {t(
              shape === "point"
                ? "network.draw.hintPoint"
                : !draft.adding
                  ? "network.draw.hintShape"
                  : shape === "line"
                    ? "network.draw.hintLine"
                    : "network.draw.hintPolygon",
            )}
          </p>
          <div className="actions">
            <button type="button" disabled={!draft.canUndo} onClick={() => editor.current?.undo()}>
              {t("network.draw.undo")}
            </button>
            {shape !== "point" && (
              <button
                type="button"
                disabled={!draft.canDeleteSelected}
                onClick={() => editor.current?.deleteSelected()}
              >
                {t("network.draw.deletePoint")}
              </button>
            )}
            {shape !== "point" &&
              (draft.adding ? (
                <button type="button" disabled={!complete} onClick={() => editor.current?.finish()}>
                  {t("network.draw.finish")}
                </button>
              ) : (
                <button type="button" onClick={() => editor.current?.resume()}>
                  {t("network.draw.addPoints")}
                </button>
              ))}
            <button
              type="button"
              className="primary"
              disabled={!complete || saving}
              onClick={() =>
                void write(drawnGeometry(shape, draft.positions, geometry), "network.draw.saved")
              }
            >
              {t(saving ? "common.saving" : "common.save")}
            </button>
            <button type="button" disabled={saving} onClick={stop}>
              {t("common.cancel")}
            </button>
          </div>
        </>
      )}
      <ProblemBox problem={problem} fields={[]} />
      {status && (
        <p className="state" role="status">
          {status}
        </p>
      )}
    </div>
  );
}
