/**
 * A small SVG chart of one series over ordered labels (days, decades): a line for daily values, bars
 * for decade totals. No chart library: the pages stay light on a slow link.
 */
export function SeriesChart({
  title,
  labels,
  values,
  kind,
  digits = 1,
}: {
  title: string;
  labels: readonly string[];
  values: readonly number[];
  kind: "line" | "bar";
  digits?: number;
}) {
  const width = 720;
  const height = 240;
  const pad = { left: 56, right: 12, top: 12, bottom: 40 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const max = niceMax(Math.max(0, ...values));
  const step = values.length > 0 ? innerW / values.length : innerW;
  const x = (i: number) => pad.left + step * (i + 0.5);
  const y = (v: number) => pad.top + innerH - (max === 0 ? 0 : (v / max) * innerH);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  // About ten labels along the axis, whatever the number of points.
  const every = Math.max(1, Math.ceil(labels.length / 10));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#ddd" />
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11">
              {v.toFixed(max < 10 ? digits : 0)}
            </text>
          </g>
        ))}
        {kind === "bar"
          ? values.map((v, i) => (
              <rect
                key={labels[i]}
                x={x(i) - step * 0.35}
                width={step * 0.7}
                y={y(v)}
                height={pad.top + innerH - y(v)}
                fill="#2f6f9f"
              >
                <title>{`${labels[i]}: ${v.toFixed(digits)}`}</title>
              </rect>
            ))
          : values.length > 0 && (
              <polyline
                fill="none"
                stroke="#2f6f9f"
                strokeWidth="2"
                points={values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
              />
            )}
        {labels.map((label, i) =>
          i % every === 0 ? (
            <text key={label} x={x(i)} y={height - pad.bottom + 16} textAnchor="middle" fontSize="10">
              {label}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}

/** 1, 2 or 5 times a power of ten at or above the value, so the axis reads in round numbers. */
function niceMax(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}
