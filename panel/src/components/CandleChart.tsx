/**
 * A candlestick chart on Recharts, which has none built in: each candle is a range bar from low to
 * high, drawn by a custom shape as a wick plus an open-close body.
 */
import { Bar, CartesianGrid, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Candle } from '../api/types.js';
import { price, time } from '../lib/format.js';
import { AXIS, GRID, TOOLTIP } from './charts.js';

interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: Candle;
}

function CandleShape({ x = 0, y = 0, width = 0, height = 0, payload }: ShapeProps) {
  if (!payload) return null;
  const { o, h, l, c } = payload;
  const up = c >= o;
  const colour = up ? '#34d399' : '#fb7185';
  const span = h - l;
  const at = (value: number) => (span === 0 ? y : y + ((h - value) / span) * height);
  const bodyTop = at(Math.max(o, c));
  const bodyHeight = Math.max(1, at(Math.min(o, c)) - bodyTop);
  const centre = x + width / 2;
  const bodyWidth = Math.min(24, Math.max(1, width * 0.7));
  return (
    <g>
      <line x1={centre} x2={centre} y1={y} y2={y + height} stroke={colour} strokeWidth={1} />
      <rect x={centre - bodyWidth / 2} y={bodyTop} width={bodyWidth} height={bodyHeight} fill={colour} />
    </g>
  );
}

export function CandleChart({ candles, label }: { candles: Candle[]; label: string }) {
  const data = candles.map((candle) => ({ ...candle, range: [candle.l, candle.h] as [number, number] }));
  return (
    <div className="h-80" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="t" tickFormatter={(value: number) => time(value)} minTickGap={40} {...AXIS} />
          <YAxis
            domain={['auto', 'auto']}
            width={72}
            tickFormatter={(value: number) => price(value)}
            {...AXIS}
          />
          <Tooltip
            {...TOOLTIP}
            cursor={{ fill: '#1e293b' }}
            content={({ active, payload }) => {
              const candle = active ? (payload?.[0]?.payload as Candle | undefined) : undefined;
              if (!candle) return null;
              return (
                <div className="rounded border border-slate-700 bg-slate-900 px-2 py-1 text-xs tabular-nums">
                  <div className="text-slate-400">{time(candle.t)}</div>
                  <div>
                    O {price(candle.o)} H {price(candle.h)} L {price(candle.l)} C {price(candle.c)}
                  </div>
                  <div className="text-slate-400">
                    {candle.n} trades · vol {candle.v.toFixed(4)}
                  </div>
                </div>
              );
            }}
          />
          <Bar dataKey="range" shape={<CandleShape />} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
