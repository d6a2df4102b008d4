/** Shared look of the Recharts charts on the dark theme. */
export const AXIS = { stroke: '#475569', tick: { fill: '#94a3b8', fontSize: 11 } } as const;
export const GRID = { stroke: '#1e293b', strokeDasharray: '3 3' } as const;
export const TOOLTIP = {
  contentStyle: { background: '#0f172a', border: '1px solid #334155', borderRadius: 6, fontSize: 12 },
  labelStyle: { color: '#cbd5e1' },
  itemStyle: { color: '#e2e8f0' },
} as const;
