import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { decimalsOf } from "../../domain/shared/number-format.js";
import { PARSHALL_FREE_FLOW } from "../../domain/water/discharge.js";
import { REACH_KINDS } from "../../domain/water/network.js";
import { GAUGE_KINDS, LININGS, STRUCTURE_KINDS } from "../../domain/water/network-sheet.js";
import { ApiProblem } from "../app/api.js";
import { formatNumber, numberForField, typedNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { Check, Field, FormActions, problemText, useSubmit } from "../app/ui.js";
import type { Reach, Structure } from "./network-api.js";

// The forms of the network tree: a reach, and a structure with a form per gauging device.
/** A recorded figure as its field shows it for typing, with the page's decimal mark ("0,82"). */
const text = (n: number | null | undefined) =>
  n === null || n === undefined ? "" : numberForField(n, currentLocale());

export type Editing =
  | { what: "reach"; reach: Reach | null; parentId: string | null }
  | { what: "structure"; structure: Structure | null; reachId: string };

/** A problem from the server: its title, each field's message, and what it says of other canals. */
export function useProblem() {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<{ title: string; fields: Record<string, string> } | null>(null);
  return {
    problem,
    clear: () => setProblem(null),
    report: (err: unknown) => {
      if (!(err instanceof ApiProblem)) throw err;
      setProblem({ title: problemText(err, t), fields: err.fieldErrors() });
    },
  };
}

/**
 * A form's save (useSubmit): its refusal shown in the form, with what the server said of fields
 * the form does not show (another canal's); the form closed once it went through.
 */
function useSave(onDone: (said?: string) => void) {
  const { send, fields, message, busy } = useSubmit((said) => onDone(said));
  const error = (k: string) => fields[k];
  const elsewhere = (shown: string[]) => <FieldsElsewhere fields={fields} shown={shown} />;
  return { send, error, message, elsewhere, saving: busy };
}

/** A refusal's messages of fields a form does not show, one a line. */
function FieldsElsewhere({ fields, shown }: { fields: Record<string, string>; shown: string[] }) {
  const elsewhere = Object.entries(fields).filter(([k]) => !shown.includes(k));
  if (elsewhere.length === 0) return null;
  return (
    <ul>
      {elsewhere.map(([k, m]) => (
        <li key={k}>{m}</li>
      ))}
    </ul>
  );
}

export function ProblemBox({
  problem,
  fields,
}: {
  problem: { title: string; fields: Record<string, string> } | null;
  fields: string[];
}) {
  if (!problem) return null;
  return (
    <div className="state state-error" role="alert">
      <p>{problem.title}</p>
      <FieldsElsewhere fields={problem.fields} shown={fields} />
    </div>
  );
}

const REACH_FIELDS = [
  "code",
  "name",
  "kind",
  "parentId",
  "lengthM",
  "lining",
  "capacityLps",
  "efficiency",
  "capacityOverride",
];

export function ReachForm({
  editing,
  reaches,
  onDone,
  onCancel,
}: {
  editing: Extract<Editing, { what: "reach" }>;
  reaches: Reach[];
  onDone: (said?: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const r = editing.reach;
  const parent = reaches.find((x) => x.id === (r?.parentId ?? editing.parentId));
  const [d, setD] = useState({
    code: r?.code ?? "",
    name: r?.name ?? "",
    kind: r?.kind ?? (parent ? nextKind(parent.kind) : "head"),
    parentId: r?.parentId ?? editing.parentId ?? "",
    lengthM: text(r?.lengthM),
    lining: r?.lining ?? "",
    capacityLps: text(r?.capacityLps),
    efficiency: text(r?.efficiency ?? 1),
    capacityOverride: r?.capacityOverride ?? false,
  });
  const { send, error, message, elsewhere, saving } = useSave(onDone);
  const set = (k: keyof typeof d) => (e: { target: { value: string } }) =>
    setD({ ...d, [k]: e.target.value });

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      code: d.code,
      name: d.name,
      kind: d.kind,
      parentId: d.parentId || null,
      lengthM: typedNumber(d.lengthM),
      lining: d.lining || null,
      capacityLps: typedNumber(d.capacityLps) ?? 0,
      efficiency: typedNumber(d.efficiency) ?? 1,
      capacityOverride: d.capacityOverride,
    };
    if (r) void send("PATCH", `/api/water/reaches/${r.id}`, { ...body, version: r.version });
    else void send("POST", "/api/water/reaches", body);
  }
  const label = (k: string) => t(`network.columns.${k}`);
  return (
    <form className="card form" onSubmit={submit} aria-label={r ? r.code : t("network.newReach")}>
      <h2>{r ? `${r.code} — ${r.name}` : t("network.newReach")}</h2>
      {message}
      {elsewhere(REACH_FIELDS)}
      <div className="form-grid">
        <CodeAndName d={d} set={set} error={error} />
        <Field label={label("kind")} error={error("kind")}>
          <select name="kind" value={d.kind} onChange={set("kind")}>
            {REACH_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`network.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={label("parentId")} error={error("parentId")}>
          <select name="parentId" value={d.parentId} onChange={set("parentId")}>
            <option value="">—</option>
            {reaches
              .filter((x) => x.kind !== "outlet" && x.id !== r?.id)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.code} — {x.name}
                </option>
              ))}
          </select>
        </Field>
        <Field label={label("capacityLps")} error={error("capacityLps")}>
          <input
            name="capacityLps"
            inputMode="decimal"
            required
            value={d.capacityLps}
            onChange={set("capacityLps")}
          />
        </Field>
        <Field label={label("efficiency")} error={error("efficiency")}>
          <input name="efficiency" inputMode="decimal" value={d.efficiency} onChange={set("efficiency")} />
        </Field>
        <Field label={label("lengthM")} error={error("lengthM")}>
          <input name="lengthM" inputMode="decimal" value={d.lengthM} onChange={set("lengthM")} />
        </Field>
        <Field label={label("lining")} error={error("lining")}>
          <select name="lining" value={d.lining} onChange={set("lining")}>
            <option value="">—</option>
            {LININGS.map((k) => (
              <option key={k} value={k}>
                {t(`network.lining.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Check
          name="capacityOverride"
          checked={d.capacityOverride}
          onChange={(capacityOverride) => setD({ ...d, capacityOverride })}
        >
          {label("capacityOverride")}
        </Check>
      </div>
      <FormActions saving={saving} onCancel={onCancel} />
    </form>
  );
}

/** The two fields every reach and structure has: its code on the scheme and its name. */
function CodeAndName({
  d,
  set,
  error,
}: {
  d: { code: string; name: string };
  set: (k: "code" | "name") => (e: { target: { value: string } }) => void;
  error: (k: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("network.columns.code")} error={error("code")}>
        <input name="code" required value={d.code} onChange={set("code")} />
      </Field>
      <Field label={t("network.columns.name")} error={error("name")}>
        <input name="name" required value={d.name} onChange={set("name")} />
      </Field>
    </>
  );
}

const nextKind = (kind: Reach["kind"]): Reach["kind"] =>
  REACH_KINDS[Math.min(REACH_KINDS.indexOf(kind) + 1, REACH_KINDS.length - 1)]!;

const PARSHALL_WIDTHS = PARSHALL_FREE_FLOW.map((p) => Number(p.throatWidthM.toFixed(4)));

export function StructureForm({
  editing,
  onDone,
  onCancel,
}: {
  editing: Extract<Editing, { what: "structure" }>;
  onDone: (said?: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const s = editing.structure;
  const g = s?.gauge ?? null;
  const point = s?.geometry?.type === "Point" ? s.geometry.coordinates : null;
  const [d, setD] = useState({
    code: s?.code ?? "",
    name: s?.name ?? "",
    kind: s?.kind ?? "gauging-post",
    gaugeKind: g?.kind ?? "rectangular-weir",
    crestWidthM: g && "crestWidthM" in g ? text(g.crestWidthM) : "",
    contracted: g?.kind === "rectangular-weir" ? g.contracted : true,
    throatWidthM: g?.kind === "parshall-flume" ? String(g.throatWidthM) : String(PARSHALL_WIDTHS[5]),
    ratingTable: g?.kind === "rating-table" ? g.points.map((p) => `${p.levelM}:${p.flowLps}`).join("\n") : "",
    lon: text(point?.[0]),
    lat: text(point?.[1]),
  });
  const { send, error, message, elsewhere, saving } = useSave(onDone);
  const set = (k: keyof typeof d) => (e: { target: { value: string } }) =>
    setD({ ...d, [k]: e.target.value });

  function gauge() {
    if (d.kind !== "gauging-post") return null;
    switch (d.gaugeKind) {
      case "rectangular-weir":
        return { kind: d.gaugeKind, crestWidthM: typedNumber(d.crestWidthM) ?? 0, contracted: d.contracted };
      case "cipoletti-weir":
        return { kind: d.gaugeKind, crestWidthM: typedNumber(d.crestWidthM) ?? 0 };
      case "parshall-flume":
        return { kind: d.gaugeKind, throatWidthM: Number(d.throatWidthM) };
      case "rating-table":
        return {
          kind: d.gaugeKind,
          points: d.ratingTable
            .split("\n")
            .filter((l) => l.trim())
            .map((l) => {
              const [levelM, flowLps] = l.split(":").map((x) => typedNumber(x) ?? Number.NaN);
              return { levelM, flowLps };
            }),
        };
      default:
        return { kind: "v-notch-90" };
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const lon = typedNumber(d.lon);
    const lat = typedNumber(d.lat);
    const body = {
      code: d.code,
      name: d.name,
      kind: d.kind,
      gauge: gauge(),
      geometry: lon !== null && lat !== null ? { type: "Point", coordinates: [lon, lat] } : null,
    };
    if (s) void send("PATCH", `/api/water/structures/${s.id}`, { ...body, version: s.version });
    else void send("POST", "/api/water/structures", { ...body, reachId: editing.reachId });
  }
  const label = (k: string) => t(`network.columns.${k}`);
  const device: Record<string, ReactNode> = {
    "rectangular-weir": (
      <>
        <Field label={label("crestWidthM")}>
          <input name="crestWidthM" inputMode="decimal" value={d.crestWidthM} onChange={set("crestWidthM")} />
        </Field>
        <Check name="contracted" checked={d.contracted} onChange={(contracted) => setD({ ...d, contracted })}>
          {label("contracted")}
        </Check>
      </>
    ),
    "cipoletti-weir": (
      <Field label={label("crestWidthM")}>
        <input name="crestWidthM" inputMode="decimal" value={d.crestWidthM} onChange={set("crestWidthM")} />
      </Field>
    ),
    "parshall-flume": (
      <Field label={label("throatWidthM")}>
        <select name="throatWidthM" value={d.throatWidthM} onChange={set("throatWidthM")}>
          {PARSHALL_WIDTHS.map((w) => (
            <option key={w} value={String(w)}>
              {formatNumber(w, currentLocale(), decimalsOf(w, 4))}
            </option>
          ))}
        </select>
      </Field>
    ),
    "rating-table": (
      <Field label={label("ratingTable")}>
        <textarea name="ratingTable" rows={5} value={d.ratingTable} onChange={set("ratingTable")} />
      </Field>
    ),
  };
  return (
    <form className="card form" onSubmit={submit} aria-label={s ? s.code : t("network.newStructure")}>
      <h2>{s ? `${s.code} — ${s.name}` : t("network.newStructure")}</h2>
      {message}
      {elsewhere(["code", "name", "kind", "gauge", "geometry", "reachId"])}
      <div className="form-grid">
        <CodeAndName d={d} set={set} error={error} />
        <Field label={label("structureKind")} error={error("kind")}>
          <select name="kind" value={d.kind} onChange={set("kind")}>
            {STRUCTURE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`network.structureKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {d.kind === "gauging-post" && (
          <>
            <Field label={label("gaugeKind")} error={error("gauge")}>
              <select name="gaugeKind" value={d.gaugeKind} onChange={set("gaugeKind")}>
                {GAUGE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`network.gaugeKind.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
            {device[d.gaugeKind]}
          </>
        )}
        <Field label={label("lon")} error={error("geometry")}>
          <input name="lon" inputMode="decimal" value={d.lon} onChange={set("lon")} />
        </Field>
        <Field label={label("lat")}>
          <input name="lat" inputMode="decimal" value={d.lat} onChange={set("lat")} />
        </Field>
      </div>
      <FormActions saving={saving} onCancel={onCancel} />
    </form>
  );
}
