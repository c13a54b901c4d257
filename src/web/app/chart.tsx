import { formatNumber } from "./format.js";
import { currentLocale } from "./i18n.js";

/**
 * The one chart of the web app: bars (grouped when there are several series) or lines, over ordered
 * labels (days, decades, periods), in plain SVG. No chart library: it would weigh more than a whole
 * area of the app on a slow link. For screen readers the figure carries its title and the same
 * numbers as a table.
 */
export interface ChartSeries {
  label: string;
  /** A CSS colour; by default the series' place in the palette. */
  color?: string;
  /** One value per label; null: nothing known there (no bar, a break in the line). */
  values: readonly (number | null)[];
}

const PALETTE = ["#2f6f9f", "#38a169", "#94a3b8", "#d97706"];
const HEIGHT = 240;
const PAD = { left: 56, right: 12, top: 12, bottom: 44 };
/** The width of a digit of the axis's 11 px labels, a little over, for the room their column needs. */
const AXIS_DIGIT_PX = 7;
/** The axis's marks, as parts of its top. */
const AXIS_MARKS = [0, 0.25, 0.5, 0.75, 1];
/** About this many labels along the axis, whatever the number of points. */
const AXIS_LABELS = 12;

export function Chart({
  title,
  labels,
  series,
  kind,
  digits = 0,
  titleShown = true,
}: {
  title: string;
  labels: readonly string[];
  series: readonly ChartSeries[];
  kind: "bar" | "line";
  /** Decimals of the axis, the tooltips and the table. */
  digits?: number;
  /** False where a heading above already says it: the title is then for screen readers only. */
  titleShown?: boolean;
}) {
  const locale = currentLocale();
  const format = (v: number) => formatNumber(v, locale, digits);
  const colour = (s: ChartSeries, j: number) => s.color ?? PALETTE[j % PALETTE.length]!;
  // Bars stay at least a few pixels wide: a long season scrolls sideways instead.
  const minGroup = kind === "bar" ? series.length * 6 + 4 : 3;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  // The axis's labels have the room the longest needs: "1 000 000" would lose its first digit to
  // the edge in a fixed margin.
  const left = Math.max(
    PAD.left,
    10 + Math.max(...AXIS_MARKS.map((f) => format(f * max).length)) * AXIS_DIGIT_PX,
  );
  const width = Math.max(720, left + PAD.right + labels.length * minGroup);
  const innerW = width - left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = labels.length > 0 ? innerW / labels.length : innerW;
  const x = (i: number) => left + step * (i + 0.5);
  const y = (v: number) => PAD.top + innerH - (max === 0 ? 0 : (v / max) * innerH);
  const bar = (step * 0.8) / Math.max(1, series.length);
  const every = Math.max(1, Math.ceil(labels.length / AXIS_LABELS));
  return (
    <figure className="chart">
      <figcaption className={titleShown ? undefined : "visually-hidden"}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} style={{ minWidth: width }} role="img" aria-label={title}>
        {AXIS_MARKS.map((f) => (
          <g key={f}>
            <line x1={left} x2={width - PAD.right} y1={y(f * max)} y2={y(f * max)} stroke="#ddd" />
            <text x={left - 6} y={y(f * max) + 4} textAnchor="end" fontSize="11">
              {format(f * max)}
            </text>
          </g>
        ))}
        {series.map((s, j) =>
          kind === "bar" ? (
            <g key={s.label} fill={colour(s, j)}>
              {s.values.map((v, i) =>
                v === null ? null : (
                  <rect
                    // biome-ignore lint/suspicious/noArrayIndexKey: one bar per label, in order
                    key={i}
                    x={x(i) - step * 0.4 + j * bar}
                    width={Math.max(1, bar - 1)}
                    y={y(v)}
                    height={PAD.top + innerH - y(v)}
                  >
                    <title>{`${labels[i]} · ${s.label}: ${format(v)}`}</title>
                  </rect>
                ),
              )}
            </g>
          ) : (
            lineRuns(s.values).map((run) => (
              <polyline
                key={`${s.label}:${run[0]}`}
                fill="none"
                stroke={colour(s, j)}
                strokeWidth="2"
                points={run.map((i) => `${x(i)},${y(s.values[i]!)}`).join(" ")}
              />
            ))
          ),
        )}
        {labels.map((label, i) =>
          i % every === 0 ? (
            <text key={label} x={x(i)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" fontSize="10">
              {label}
            </text>
          ) : null,
        )}
      </svg>
      {series.length > 1 && (
        <p className="chart-legend" aria-hidden="true">
          {series.map((s, j) => (
            <span key={s.label}>
              <span className="swatch" style={{ background: colour(s, j) }} /> {s.label}
            </span>
          ))}
        </p>
      )}
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th />
            {series.map((s) => (
              <th key={s.label}>{s.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => (
            <tr key={label}>
              <th>{label}</th>
              {series.map((s) => {
                const v = s.values[i];
                return <td key={s.label}>{v === null || v === undefined ? "" : format(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The indexes of each unbroken stretch of known values, so a gap stays a gap. */
function lineRuns(values: readonly (number | null)[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** 1, 2 or 5 times a power of ten at or above the value, so the axis reads in round numbers. */
function niceMax(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}
