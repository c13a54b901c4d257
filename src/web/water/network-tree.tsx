import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { lineLengthM } from "../../domain/water/geometry.js";
import { api } from "../app/api.js";
import { formatMeasure, formatMetres, todayIso } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { Loaded, useLoad, useSavedNotice, useSubmit } from "../app/ui.js";
import type { Network, Reach } from "./network-api.js";
import { type Editing, ReachForm, StructureForm } from "./network-forms.js";
import { NetworkTabs } from "./network-ui.js";

/** The network as a tree from the head intakes, each reach with its figures, structures and actions. */
export default function NetworkTreePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const state = useLoad(() => api<Network>("GET", "/api/water/network"), "network");
  const [editing, setEditing] = useState<Editing | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  // A reach's actions show once it is tapped: a long tree stays readable on a phone.
  const [selected, setSelected] = useState<string | null>(null);
  const canEdit = can("water.network");
  const { notice, saved, clear } = useSavedNotice();
  const done = (said?: string) => {
    setEditing(null);
    saved(said);
    state.reload();
  };
  const retirement = useSubmit((said) => done(said));

  function retire(path: string, version: number, code: string) {
    clear();
    if (!window.confirm(t("network.retireConfirm", { code }))) return;
    void retirement.send("POST", path, { version, retiredOn: todayIso() });
  }
  const edit = (what: Editing) => {
    clear();
    setEditing(what);
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t("network.title")}</h1>
        {canEdit && (
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => edit({ what: "reach", reach: null, parentId: null })}
            >
              {t("network.addHead")}
            </button>
          </div>
        )}
      </div>
      <NetworkTabs />
      {retirement.message}
      {notice}
      <Loaded state={state}>
        {({ reaches, structures }) => {
          const children = new Map<string | null, Reach[]>();
          for (const r of reaches) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
          const toggle = (id: string) => {
            const next = new Set(collapsed);
            if (next.has(id)) next.delete(id);
            else next.add(id);
            setCollapsed(next);
          };
          const form = (at: string | null) => {
            if (!editing) return null;
            const here =
              editing.what === "reach"
                ? (editing.reach?.id ?? editing.parentId)
                : (editing.structure?.id ?? editing.reachId);
            if (here !== at) return null;
            return editing.what === "reach" ? (
              <ReachForm
                editing={editing}
                reaches={reaches}
                onDone={done}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <StructureForm editing={editing} onDone={done} onCancel={() => setEditing(null)} />
            );
          };
          const node = (r: Reach): ReactNode => {
            const below = children.get(r.id) ?? [];
            const onReach = structures.filter((s) => s.reachId === r.id);
            const open = !collapsed.has(r.id);
            return (
              <li key={r.id} className={`reach reach-${r.kind}`} data-code={r.code}>
                <div className="reach-row">
                  {below.length > 0 ? (
                    <button
                      type="button"
                      className="toggle"
                      aria-expanded={open}
                      aria-label={t(open ? "network.collapse" : "network.expand")}
                      onClick={() => toggle(r.id)}
                    >
                      {open ? "▾" : "▸"}
                    </button>
                  ) : (
                    <span className="toggle" />
                  )}
                  <button
                    type="button"
                    className="link reach-code"
                    aria-pressed={selected === r.id}
                    onClick={() => setSelected(selected === r.id ? null : r.id)}
                  >
                    {r.code}
                  </button>
                  <span>{r.name}</span>
                  <span className="muted">{t(`network.kind.${r.kind}`)}</span>
                  <span className="badge">
                    {t("network.capacity", { value: formatMeasure(r.capacityLps, currentLocale()) })}
                  </span>
                  <span className="badge">
                    {t("network.efficiencyShort", { value: formatMeasure(r.efficiency, currentLocale()) })}
                  </span>
                  {r.lengthM !== null && (
                    <span className="badge">
                      {t("network.length", { value: formatMetres(r.lengthM, currentLocale()) })}
                    </span>
                  )}
                  {r.geometry && (
                    <span className="badge muted">
                      {t("network.draw.drawnLength", {
                        value: formatMetres(lineLengthM(r.geometry) ?? 0, currentLocale()),
                      })}
                    </span>
                  )}
                  {selected === r.id && (
                    <Link className="button" to={`/water/map?reach=${r.id}`}>
                      {t("network.draw.showOnMap")}
                    </Link>
                  )}
                  {canEdit && selected === r.id && (
                    <span className="actions">
                      <button
                        type="button"
                        onClick={() => edit({ what: "reach", reach: r, parentId: r.parentId })}
                      >
                        {t("common.edit")}
                      </button>
                      {r.kind !== "outlet" && (
                        <button
                          type="button"
                          onClick={() => edit({ what: "reach", reach: null, parentId: r.id })}
                        >
                          {t("network.addChild")}
                        </button>
                      )}
                      <button
                        type="button"
                        onClick={() => edit({ what: "structure", structure: null, reachId: r.id })}
                      >
                        {t("network.addStructure")}
                      </button>
                      {below.length === 0 && onReach.length === 0 && (
                        <button
                          type="button"
                          onClick={() => void retire(`/api/water/reaches/${r.id}/retire`, r.version, r.code)}
                        >
                          {t("network.retire")}
                        </button>
                      )}
                    </span>
                  )}
                </div>
                {form(r.id)}
                {onReach.length > 0 && (
                  <ul className="structures" aria-label={t("network.structures")}>
                    {onReach.map((s) => (
                      <li key={s.id} data-code={s.code}>
                        <span>
                          {s.code} — {s.name} · {t(`network.structureKind.${s.kind}`)}
                          {s.gauge && ` · ${t(`network.gaugeKind.${s.gauge.kind}`)}`}
                        </span>
                        {canEdit && selected === r.id && (
                          <span className="actions">
                            <button
                              type="button"
                              onClick={() => edit({ what: "structure", structure: s, reachId: r.id })}
                            >
                              {t("common.edit")}
                            </button>
                            <button
                              type="button"
                              onClick={() =>
                                void retire(`/api/water/structures/${s.id}/retire`, s.version, s.code)
                              }
                            >
                              {t("network.retire")}
                            </button>
                          </span>
                        )}
                        {form(s.id)}
                      </li>
                    ))}
                  </ul>
                )}
                {open && below.length > 0 && <ul>{below.map(node)}</ul>}
              </li>
            );
          };
          const roots = reaches.filter(
            (r) => r.parentId === null || !reaches.some((p) => p.id === r.parentId),
          );
          return (
            <>
              {form(null)}
              {roots.length === 0 ? (
                <p className="state">{t("network.empty")}</p>
              ) : (
                <ul className="network-tree">{roots.map(node)}</ul>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
