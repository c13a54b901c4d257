/**
 * A grouped bar chart in plain SVG: a few series over a few dozen periods needs no chart library
 * (which would weigh more than the whole measurement area on a slow link).
 */
export interface BarSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

export function BarChart({
  labels,
  series,
  title,
}: {
  labels: string[];
  series: BarSeries[];
  title: string;
}) {
  const width = Math.max(320, labels.length * (series.length * 10 + 8) + 48);
  const height = 200;
  const top = 12;
  const bottom = 40;
  const left = 40;
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const plotHeight = height - top - bottom;
  const group = (width - left) / Math.max(1, labels.length);
  const bar = Math.max(2, (group - 6) / series.length);
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
        <line x1={left} y1={top + plotHeight} x2={width} y2={top + plotHeight} stroke="#888" />
        <text x={2} y={top + 8} fontSize="9">
          {Math.round(max).toLocaleString()}
        </text>
        {labels.map((label, i) => (
          <g key={label}>
            {series.map((s, j) => {
              const v = s.values[i];
              if (v === null || v === undefined) return null;
              return (
                <rect
                  key={s.label}
                  x={left + i * group + 3 + j * bar}
                  y={y(v)}
                  width={bar - 1}
                  height={top + plotHeight - y(v)}
                  fill={s.color}
                >
                  <title>{`${label} · ${s.label}: ${Math.round(v).toLocaleString()}`}</title>
                </rect>
              );
            })}
            <text
              x={left + i * group + group / 2}
              y={height - bottom + 12}
              fontSize="8"
              textAnchor="end"
              transform={`rotate(-45 ${left + i * group + group / 2} ${height - bottom + 12})`}
            >
              {label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.label}>
            <span className="swatch" style={{ background: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
