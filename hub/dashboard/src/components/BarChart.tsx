/** A hand-made SVG bar chart: stacked series per column, a y-axis with round ticks, labels below. */
export interface Series {
  key: string;
  label: string;
  color: string;
}

export function BarChart(props: {
  columns: { label: string; values: Record<string, number> }[];
  series: Series[];
  height?: number;
  title: string;
}) {
  const { columns, series } = props;
  const height = props.height ?? 220;
  const width = 760;
  const pad = { left: 40, right: 8, top: 10, bottom: 28 };
  const totals = columns.map((c) => series.reduce((n, s) => n + (c.values[s.key] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const plotH = height - pad.top - pad.bottom;
  const step = (width - pad.left - pad.right) / Math.max(1, columns.length);
  const bar = Math.max(2, step * 0.7);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  const labelEvery = Math.ceil(columns.length / 15);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} class="grid" />
            <text x={pad.left - 6} y={y(v) + 4} class="axis" text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          let base = 0;
          const x = pad.left + i * step + (step - bar) / 2;
          return (
            <g key={c.label}>
              {series.map((s) => {
                const v = c.values[s.key] ?? 0;
                if (v === 0) return null;
                const top = y(base + v);
                const rect = <rect key={s.key} x={x} y={top} width={bar} height={y(base) - top} fill={s.color} />;
                base += v;
                return rect;
              })}
              <title>{`${c.label}: ${totals[i]}`}</title>
              {i % labelEvery === 0 && (
                <text x={x + bar / 2} y={height - 10} class="axis" text-anchor="middle">
                  {c.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <figcaption class="legend">
          {series.map((s) => (
            <span key={s.key}>
              <i style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
