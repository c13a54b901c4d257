import type { GaugeStructure } from "../../domain/water/discharge.js";
import type { ReachKind } from "../../domain/water/network.js";
import type { Geometry, Position } from "../../domain/water/network-check.js";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import {
  createReach,
  createStructure,
  listNetwork,
  type Reach,
  type ReachInput,
  type StructureInput,
} from "../water/network.js";

/**
 * A small WUA's network around a village of the Chüy valley (near 42.5° N, 74.6° E, fictional):
 * a head intake on the river, a main canal running east, four secondaries to the north and south,
 * three outlets on each, and gauging posts with each kind of device.
 */
const MAIN_WEST = 74.56;
const MAIN_EAST = 74.64;
const MAIN_LAT = 42.5;

interface DemoReach {
  code: string;
  name: string;
  parent: string | null;
  kind: ReachKind;
  capacityLps: number;
  efficiency: number;
  lengthM: number;
  lining: NonNullable<ReachInput["lining"]>;
  line: Position[];
}

/** Metres along a line of longitude/latitude positions (equirectangular; fine at village scale). */
function lengthOf(line: Position[]): number {
  let metres = 0;
  for (let i = 1; i < line.length; i++) {
    const [lon0, lat0] = line[i - 1]!;
    const [lon1, lat1] = line[i]!;
    const x = (lon1 - lon0) * Math.cos(((lat0 + lat1) / 2) * (Math.PI / 180)) * 111_320;
    const y = (lat1 - lat0) * 110_574;
    metres += Math.hypot(x, y);
  }
  return Math.round(metres);
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

function demoReaches(): DemoReach[] {
  const reach = (r: Omit<DemoReach, "lengthM">): DemoReach => ({ ...r, lengthM: lengthOf(r.line) });
  const reaches: DemoReach[] = [
    reach({
      code: "БС-1",
      name: "Көк-Арт баш суу алгычы",
      parent: null,
      kind: "head",
      capacityLps: 1800,
      // The intake's settling basin and lined head canal lose a little before the main canal.
      efficiency: 0.98,
      lining: "concrete",
      line: [
        [MAIN_WEST - 0.004, MAIN_LAT + 0.002],
        [MAIN_WEST, MAIN_LAT],
      ],
    }),
    reach({
      code: "МК-1",
      name: "Көк-Арт магистралдык каналы",
      parent: "БС-1",
      kind: "main",
      capacityLps: 1700,
      efficiency: 0.88,
      lining: "concrete",
      line: [
        [MAIN_WEST, MAIN_LAT],
        [74.58, MAIN_LAT + 0.001],
        [74.6, MAIN_LAT - 0.001],
        [74.62, MAIN_LAT],
        [MAIN_EAST, MAIN_LAT + 0.001],
      ],
    }),
  ];
  // Four secondaries leave the main canal, alternately north and south; three outlets on each.
  const secondaries = [
    { n: 1, lon: 74.57, dir: 1, capacityLps: 500, efficiency: 0.82, lining: "earth" as const },
    { n: 2, lon: 74.59, dir: -1, capacityLps: 450, efficiency: 0.8, lining: "earth" as const },
    { n: 3, lon: 74.61, dir: 1, capacityLps: 400, efficiency: 0.85, lining: "concrete" as const },
    { n: 4, lon: 74.63, dir: -1, capacityLps: 300, efficiency: 0.78, lining: "earth" as const },
  ];
  for (const s of secondaries) {
    const code = `Р-${s.n}`;
    const end = MAIN_LAT + s.dir * 0.025;
    reaches.push(
      reach({
        code,
        name: `${s.n}-бөлүштүргүч канал`,
        parent: "МК-1",
        kind: "secondary",
        capacityLps: s.capacityLps,
        efficiency: s.efficiency,
        lining: s.lining,
        line: [
          [s.lon, MAIN_LAT],
          [round(s.lon + 0.002), round(MAIN_LAT + s.dir * 0.012)],
          [s.lon, round(end)],
        ],
      }),
    );
    for (let o = 1; o <= 3; o++) {
      const lat = round(MAIN_LAT + s.dir * 0.007 * o);
      const lon = round(s.lon + (o === 2 ? 0.002 : 0.001));
      reaches.push(
        reach({
          code: `СБ-${s.n}-${o}`,
          name: `${code} каналындагы ${o}-суу бөлгүч`,
          parent: code,
          kind: "outlet",
          capacityLps: Math.round(s.capacityLps / 4 / 10) * 10,
          efficiency: 0.95,
          lining: "earth",
          line: [
            [lon, lat],
            [round(lon + 0.006), round(lat + s.dir * 0.001)],
          ],
        }),
      );
    }
  }
  return reaches;
}

interface DemoStructure {
  code: string;
  name: string;
  reach: string;
  kind: StructureInput["kind"];
  gauge: GaugeStructure | null;
  at: Position;
}

function demoStructures(reaches: DemoReach[]): DemoStructure[] {
  const startOf = (code: string) => reaches.find((r) => r.code === code)!.line[0]!;
  const post = (code: string, reach: string, gauge: GaugeStructure, name: string): DemoStructure => ({
    code,
    name,
    reach,
    kind: "gauging-post",
    gauge,
    at: startOf(reach),
  });
  return [
    post("ГП-БС-1", "БС-1", { kind: "parshall-flume", throatWidthM: 1.219 }, "Баш суу алгычтагы гидропост"),
    // Where the main canal leaves the head works: without it the balance has no inflow for the main
    // canal, nor an outflow for the head, and says so rather than guess.
    post(
      "ГП-МК-1",
      "МК-1",
      { kind: "parshall-flume", throatWidthM: 1.219 },
      "Магистралдык канал башындагы гидропост",
    ),
    post("ГП-Р-1", "Р-1", { kind: "cipoletti-weir", crestWidthM: 1.5 }, "Р-1 башындагы гидропост"),
    post(
      "ГП-Р-2",
      "Р-2",
      { kind: "rectangular-weir", crestWidthM: 1.2, contracted: true },
      "Р-2 башындагы гидропост",
    ),
    post(
      "ГП-Р-3",
      "Р-3",
      {
        kind: "rating-table",
        // Down to the gauge's zero, so a canal running low reads what it carries, not the table's first point.
        points: [
          { levelM: 0.02, flowLps: 0 },
          { levelM: 0.05, flowLps: 9 },
          { levelM: 0.1, flowLps: 35 },
          { levelM: 0.2, flowLps: 105 },
          { levelM: 0.3, flowLps: 200 },
          { levelM: 0.4, flowLps: 310 },
          { levelM: 0.5, flowLps: 430 },
        ],
      },
      "Р-3 башындагы гидропост",
    ),
    post("ГП-Р-4", "Р-4", { kind: "parshall-flume", throatWidthM: 0.61 }, "Р-4 башындагы гидропост"),
    post("ГП-СБ-1-1", "СБ-1-1", { kind: "v-notch-90" }, "СБ-1-1 суу бөлгүчүндөгү гидропост"),
    post(
      "ГП-СБ-3-2",
      "СБ-3-2",
      { kind: "parshall-flume", throatWidthM: 0.305 },
      "СБ-3-2 суу бөлгүчүндөгү гидропост",
    ),
    ...[1, 2, 3, 4].map(
      (n): DemoStructure => ({
        code: `Т-Р-${n}`,
        name: `Р-${n} башындагы затвор`,
        reach: `Р-${n}`,
        kind: "gate",
        gauge: null,
        at: [round(startOf(`Р-${n}`)[0] + 0.0005), startOf(`Р-${n}`)[1]],
      }),
    ),
    {
      code: "П-МК-1",
      name: "Магистралдык каналдагы шаркыратма",
      reach: "МК-1",
      kind: "drop",
      gauge: null,
      at: [74.6, MAIN_LAT - 0.001],
    },
  ];
}

export interface DemoNetwork {
  /** The outlets (turnouts) the demo water users' plots can take water from. */
  outlets: { id: string; code: string; name: string }[];
}

/**
 * Loads the demo network into the WUA through the network's own service (so the demo is checked
 * like any user's input). Safe to call again: when the head intake is already there, nothing is
 * added and the existing outlets are returned.
 */
export async function loadDemoNetwork(database: Database, ctx: RequestContext): Promise<DemoNetwork> {
  const existing = await listNetwork(database, ctx, false);
  const outletsOf = (reaches: Reach[]) => ({
    outlets: reaches
      .filter((r) => r.kind === "outlet")
      .map((r) => ({ id: r.id, code: r.code, name: r.name })),
  });
  if (existing.reaches.length > 0) return outletsOf(existing.reaches);
  const reaches = demoReaches();
  const idOf = new Map<string, string>();
  const created: Reach[] = [];
  for (const r of reaches) {
    const row = await createReach(database, ctx, {
      code: r.code,
      name: r.name,
      parentId: r.parent === null ? null : idOf.get(r.parent)!,
      kind: r.kind,
      lengthM: r.lengthM,
      lining: r.lining,
      capacityLps: r.capacityLps,
      efficiency: r.efficiency,
      capacityOverride: false,
      geometry: { type: "LineString", coordinates: r.line } satisfies Geometry,
    });
    idOf.set(r.code, row.id);
    created.push(row);
  }
  for (const s of demoStructures(reaches)) {
    await createStructure(database, ctx, {
      reachId: idOf.get(s.reach)!,
      code: s.code,
      name: s.name,
      kind: s.kind,
      gauge: s.gauge,
      geometry: { type: "Point", coordinates: s.at },
    });
  }
  return outletsOf(created);
}
