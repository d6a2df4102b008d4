/**
 * Analytics: what the event store holds over the last 1/7/30 days, refreshed every 30 s: the mix
 * of event types, events over time, the busiest symbols and the largest traces.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useApi } from '../api/context.js';
import type { AnalyticsInterval } from '../api/types.js';
import { AXIS, GRID, TOOLTIP } from '../components/charts.js';
import { EventType } from '../components/EventType.js';
import { Card, Empty, ErrorNote, PageHeader, Segmented, TableShell, tdClass } from '../components/ui.js';
import { eventColour } from '../lib/catalogue.js';
import { dateTime, duration, time } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';

const REFRESH_MS = 30_000;
const DAYS = [1, 7, 30] as const;
const INTERVALS: AnalyticsInterval[] = ['1m', '5m', '15m', '1h'];
const INTERVAL_MINUTES: Record<AnalyticsInterval, number> = { '1m': 1, '5m': 5, '15m': 15, '1h': 60 };
const MAX_POINTS = 3000;

/** The requested interval, or the next coarser one that keeps the line under MAX_POINTS points. */
export function chartInterval(requested: AnalyticsInterval, days: number): AnalyticsInterval {
  const usable = INTERVALS.filter(
    (interval) =>
      INTERVAL_MINUTES[interval] >= INTERVAL_MINUTES[requested] &&
      (days * 1440) / INTERVAL_MINUTES[interval] <= MAX_POINTS,
  );
  return usable[0] ?? '1h';
}

function Distribution({ byType }: { byType: Record<string, number> }) {
  const data = Object.entries(byType)
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count);
  if (data.length === 0) return <Empty>No events in this period.</Empty>;
  return (
    <div className="grid items-center gap-3 md:grid-cols-[1fr_14rem]">
      <div className="h-64" role="img" aria-label="Event type distribution">
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie
              data={data}
              dataKey="count"
              nameKey="type"
              innerRadius="45%"
              outerRadius="85%"
              isAnimationActive={false}
            >
              {data.map((entry) => (
                <Cell key={entry.type} fill={eventColour(entry.type)} stroke="#0f172a" />
              ))}
            </Pie>
            <Tooltip {...TOOLTIP} />
          </PieChart>
        </ResponsiveContainer>
      </div>
      <ul className="max-h-64 space-y-0.5 overflow-auto text-sm">
        {data.map((entry) => (
          <li key={entry.type} className="flex justify-between gap-2">
            <EventType type={entry.type} />
            <span className="tabular-nums text-slate-400">{entry.count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function Analytics() {
  const api = useApi();
  const [days, setDays] = useState<(typeof DAYS)[number]>(1);
  const [interval, setInterval] = useState<AnalyticsInterval>('5m');
  const stats = useLoad(() => api.stats(days), [api, days], REFRESH_MS);
  const effectiveInterval = chartInterval(interval, days);
  const series = useLoad(
    () => api.timeseries(effectiveInterval, days),
    [api, effectiveInterval, days],
    REFRESH_MS,
  );
  const traces = useLoad(() => api.topTraces(days, 10), [api, days], REFRESH_MS);
  const points = (series.data?.buckets ?? []).map((bucket) => ({
    t: Date.parse(bucket.t),
    count: bucket.count,
  }));

  return (
    <>
      <PageHeader title="Analytics">
        <Segmented label="Days" options={DAYS} value={days} onChange={setDays} />
        <span className="text-xs text-slate-500">
          {stats.data ? `${stats.data.total} events · refreshes every 30 s` : 'Loading…'}
        </span>
      </PageHeader>
      <ErrorNote error={stats.error ?? series.error ?? traces.error} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Event types">
          {stats.data ? <Distribution byType={stats.data.by_event_type} /> : <Empty>Loading…</Empty>}
        </Card>
        <Card title="Top symbols">
          {stats.data && stats.data.top_symbols.length > 0 ? (
            <div className="h-64" role="img" aria-label="Top symbols">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={stats.data.top_symbols} layout="vertical" margin={{ left: 10, right: 10 }}>
                  <CartesianGrid {...GRID} />
                  <XAxis type="number" {...AXIS} allowDecimals={false} />
                  <YAxis type="category" dataKey="symbol" width={80} {...AXIS} />
                  <Tooltip {...TOOLTIP} cursor={{ fill: '#1e293b' }} />
                  <Bar dataKey="count" fill="#38bdf8" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          ) : (
            <Empty>No symbols in this period.</Empty>
          )}
        </Card>
        <Card
          title="Events over time"
          className="lg:col-span-2"
          actions={<Segmented label="Interval" options={INTERVALS} value={interval} onChange={setInterval} />}
        >
          {effectiveInterval !== interval ? (
            <p className="mb-2 text-xs text-slate-500">
              {days} days are shown in {effectiveInterval} buckets (at most {MAX_POINTS} points).
            </p>
          ) : null}
          <div className="h-64" role="img" aria-label="Events over time">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={points} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
                <CartesianGrid {...GRID} />
                <XAxis
                  dataKey="t"
                  type="number"
                  domain={['dataMin', 'dataMax']}
                  tickFormatter={(value: number) => (days === 1 ? time(value) : dateTime(value).slice(0, 10))}
                  minTickGap={50}
                  {...AXIS}
                />
                <YAxis allowDecimals={false} width={40} {...AXIS} />
                <Tooltip {...TOOLTIP} labelFormatter={(value) => dateTime(Number(value))} />
                <Line
                  type="monotone"
                  dataKey="count"
                  stroke="#a78bfa"
                  dot={false}
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </Card>
        <Card title="Top traces" className="lg:col-span-2">
          {traces.data && traces.data.length > 0 ? (
            <TableShell
              label="Top traces"
              headings={['Trace', 'Symbol', 'Events', 'Duration', 'First', 'Types']}
            >
              <tbody>
                {traces.data.map((trace) => (
                  <tr key={trace.trace_id}>
                    <td className={`${tdClass} font-mono text-xs`}>
                      <Link
                        className="text-sky-400 hover:underline"
                        to={`/timeline?trace=${encodeURIComponent(trace.trace_id)}`}
                      >
                        {trace.trace_id}
                      </Link>
                    </td>
                    <td className={tdClass}>{trace.symbol ?? ''}</td>
                    <td className={`${tdClass} tabular-nums`}>{trace.count}</td>
                    <td className={`${tdClass} tabular-nums`}>{duration(trace.duration_ms)}</td>
                    <td className={`${tdClass} whitespace-nowrap text-slate-400`}>
                      {dateTime(trace.first_ts)}
                    </td>
                    <td className={tdClass}>
                      <span className="flex flex-wrap gap-1">
                        {trace.event_types.map((type) => (
                          <span
                            key={type}
                            title={type}
                            aria-label={type}
                            className="inline-block size-2.5 rounded-full"
                            style={{ background: eventColour(type) }}
                          />
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableShell>
          ) : (
            <Empty>No traces in this period.</Empty>
          )}
        </Card>
      </div>
    </>
  );
}
