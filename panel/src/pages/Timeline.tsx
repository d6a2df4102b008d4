/**
 * Event Timeline: every event of a time range as a scatter (time × type, one colour per type),
 * filters, a live mode over the WebSocket that resumes where it left off (at most 1,500 events
 * kept), 10 s polling when live is off, and a trace view: clicking an event highlights every event
 * of its trace and tells the trace's story step by step.
 */
import { Fragment, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  CartesianGrid,
  ResponsiveContainer,
  ScatterChart,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
} from 'recharts';
import type { Api } from '../api/api.js';
import { useApi, useChannel } from '../api/context.js';
import type { LeviBotEvent, Severity } from '../api/types.js';
import { AXIS, GRID } from '../components/charts.js';
import { EventType } from '../components/EventType.js';
import { JsonView } from '../components/JsonView.js';
import { MultiSelect } from '../components/MultiSelect.js';
import { paginate, Pagination } from '../components/Pagination.js';
import {
  Button,
  Card,
  Empty,
  ErrorNote,
  Field,
  inputClass,
  PageHeader,
  Segmented,
  SeverityBadge,
  TableShell,
  tdClass,
  MinimumSeverityField,
} from '../components/ui.js';
import { CATALOGUE_EVENT_TYPES, eventColour } from '../lib/catalogue.js';
import { dateTime, duration, time } from '../lib/format.js';
import { MAX_LIVE_EVENTS, mergeEvents, traceSteps } from '../lib/events.js';
import { useDebounced, useLoad } from '../lib/hooks.js';
import { useMediaQuery } from '../lib/media.js';
import { payloadSummary } from '../lib/payload.js';

const RANGES = { '24h': 1, '7d': 7, '30d': 30 } as const;
type RangeName = keyof typeof RANGES;
const POLL_MS = 10_000;
const LIVE_FLUSH_MS = 250;
const PAGE_LIMIT = 1000;

export interface TimelineFilters {
  event_type: string[];
  symbol: string;
  q: string;
  severity: Severity | '';
}

/** The newest events of the range matching the filters, at most MAX_LIVE_EVENTS (two pages). */
export async function loadWindow(api: Api, filters: TimelineFilters, days: number): Promise<LeviBotEvent[]> {
  const query = { ...filters, days, limit: PAGE_LIMIT };
  const first = await api.events(query);
  let events = first.events;
  if (first.next_cursor !== null && events.length < MAX_LIVE_EVENTS) {
    const second = await api.events({
      ...query,
      limit: MAX_LIVE_EVENTS - events.length,
      before_id: first.next_cursor,
    });
    events = events.concat(second.events);
  }
  return events;
}

// Events never change once stored: their hover text is formatted once, not on every live update.
const titles = new WeakMap<LeviBotEvent, string>();
function titleOf(event: LeviBotEvent): string {
  let title = titles.get(event);
  if (title === undefined) {
    title = `${event.event_type} ${dateTime(event.ts)}${event.symbol ? ` ${event.symbol}` : ''}${event.trace_id ? ` · trace ${event.trace_id}` : ''}`;
    titles.set(event, title);
  }
  return title;
}

interface ChartProps {
  events: LeviBotEvent[];
  types: string[];
  selectedTrace: string | null;
  selectedId: number | null;
  onSelect: (event: LeviBotEvent) => void;
}

interface PointProps {
  event: LeviBotEvent;
  cx: number;
  cy: number;
  inTrace: boolean;
  dimmed: boolean;
  onSelect: (event: LeviBotEvent) => void;
}

/** One event; re-rendered only when its own position or highlight changes. */
const TimelinePoint = memo(function TimelinePoint({ event, cx, cy, inTrace, dimmed, onSelect }: PointProps) {
  return (
    <circle
      cx={cx}
      cy={cy}
      r={inTrace ? 6 : 4}
      fill={eventColour(event.event_type)}
      fillOpacity={dimmed ? 0.18 : 0.9}
      stroke={inTrace ? '#f8fafc' : 'none'}
      strokeWidth={inTrace ? 1.5 : 0}
      data-event-id={event.id}
      data-trace={event.trace_id ?? ''}
      data-highlighted={inTrace ? 'true' : 'false'}
      style={POINT_STYLE}
      onClick={() => onSelect(event)}
    >
      <title>{titleOf(event)}</title>
    </circle>
  );
});

const POINT_STYLE = { cursor: 'pointer' } as const;
/** How far the x scale may stretch from the frame the points were placed in before they are placed anew. */
const MAX_FRAME_STRETCH = 0.02;

interface Frame {
  /** Two times and where the x scale put them when the points were placed. */
  t1: number;
  t2: number;
  x1: number;
  x2: number;
}

/**
 * The points of the timeline, placed with the chart's own axis scales. One plain circle per event
 * instead of a Recharts <Scatter> series per type: with 1,500 events and live updates several
 * times a second, Scatter's per-point machinery kept the main thread busy (measured 98 % in long
 * tasks at 50 events/s).
 *
 * Live, the time axis slides with every batch, which moved every circle: 1,500 attribute updates
 * plus React's comparison of each (measured 59-62 % of the main thread in long tasks). So points
 * are placed in a frame (the x scale at some moment) and the group is moved from that frame to the
 * current scale by one transform; a point re-renders only when it is new or its highlight changes,
 * and all are placed anew once the scale has stretched by more than 2 % (circles would turn oval).
 */
const TimelinePoints = memo(function TimelinePoints({
  events,
  types,
  selectedTrace,
  selectedId,
  onSelect,
}: ChartProps) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const rows = useMemo(() => new Map(types.map((type, index) => [type, index])), [types]);
  const [frame, setFrame] = useState<Frame | null>(null);
  if (!x || !y) return null;
  const at = (time: number) => x(time) ?? Number.NaN;
  const stretch = frame ? (at(frame.t2) - at(frame.t1)) / (frame.x2 - frame.x1) : Number.NaN;
  let placed = frame;
  if (placed === null || !(Math.abs(stretch - 1) <= MAX_FRAME_STRETCH)) {
    // Any two distinct times will do; the first event's keeps the numbers small.
    const t1 = Date.parse(events[0]?.ts ?? '') || 0;
    placed = { t1, t2: t1 + 60_000, x1: at(t1), x2: at(t1 + 60_000) };
    // A scale that cannot place two times apart (no plot width yet) draws nothing and stores no frame.
    if (!(Number.isFinite(placed.x1) && Number.isFinite(placed.x2) && placed.x1 !== placed.x2)) return null;
    setFrame(placed);
  }
  const pxPerMs = (placed.x2 - placed.x1) / (placed.t2 - placed.t1);
  const scale = (at(placed.t2) - at(placed.t1)) / (placed.x2 - placed.x1);
  const shift = at(placed.t1) - scale * placed.x1;
  return (
    <g transform={`translate(${shift} 0) scale(${scale} 1)`}>
      {events.map((event) => {
        const row = rows.get(event.event_type);
        if (row === undefined) return null;
        const inTrace = selectedTrace !== null && event.trace_id === selectedTrace;
        return (
          <TimelinePoint
            key={event.id}
            event={event}
            cx={Math.round((placed.x1 + (Date.parse(event.ts) - placed.t1) * pxPerMs) * 10) / 10}
            cy={y(row) ?? 0}
            inTrace={inTrace}
            dimmed={selectedTrace !== null && !inTrace && event.id !== selectedId}
            onSelect={onSelect}
          />
        );
      })}
    </g>
  );
});

function TimelineChart(props: ChartProps) {
  const { events, types } = props;
  const wide = useMediaQuery('(min-width: 640px)');
  const [from, to] = useMemo(() => {
    let min = Infinity;
    let max = -Infinity;
    for (const event of events) {
      const at = Date.parse(event.ts);
      if (at < min) min = at;
      if (at > max) max = at;
    }
    // A single event (or a burst within one millisecond) still gets a readable axis.
    return max - min < 60_000 ? [min - 30_000, max + 30_000] : [min, max];
  }, [events]);

  if (events.length === 0) return <Empty>No events in this range match the filters.</Empty>;
  const height = Math.max(220, types.length * 20 + 50);
  return (
    <div style={{ height }} data-testid="timeline-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid {...GRID} />
          <XAxis
            type="number"
            dataKey="x"
            domain={[from, to]}
            allowDataOverflow
            tickFormatter={(value: number) => time(value)}
            minTickGap={50}
            {...AXIS}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[-0.5, types.length - 0.5]}
            allowDataOverflow
            ticks={types.map((_, index) => index)}
            tickFormatter={(value: number) => (wide ? (types[value] ?? '') : '')}
            width={wide ? 150 : 8}
            interval={0}
            reversed
            {...AXIS}
            tick={{ ...AXIS.tick, fontSize: 10 }}
          />
          <TimelinePoints {...props} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

function Legend({
  types,
  counts,
  selected,
  onToggle,
}: {
  types: string[];
  counts: Map<string, number>;
  selected: readonly string[];
  onToggle: (type: string) => void;
}) {
  return (
    <ul aria-label="Event types" className="mt-3 flex flex-wrap gap-x-3 gap-y-1">
      {types.map((type) => (
        <li key={type}>
          <button
            type="button"
            aria-pressed={selected.includes(type)}
            title={`Show only ${type} (toggle)`}
            onClick={() => onToggle(type)}
            className={`rounded px-1 py-0.5 hover:bg-slate-800 ${selected.length > 0 && !selected.includes(type) ? 'opacity-50' : ''}`}
          >
            <EventType type={type} />
            <span className="ml-1 text-xs text-slate-500">{counts.get(type) ?? 0}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function TraceStory({
  traceId,
  selectedId,
  onSelect,
}: {
  traceId: string;
  selectedId: number | null;
  onSelect: (event: LeviBotEvent) => void;
}) {
  const api = useApi();
  const story = useLoad(() => api.trace(traceId), [api, traceId]);
  const steps = useMemo(() => traceSteps(story.data?.events ?? []), [story.data]);
  return (
    <Card title={`Trace ${traceId}`} className="mb-4">
      <ErrorNote error={story.error} />
      {story.data ? (
        <p className="mb-2 text-sm text-slate-400">
          {story.data.count} events over {duration(story.data.duration_ms)}, from{' '}
          {dateTime(story.data.first_ts)}
        </p>
      ) : null}
      <ol aria-label="Trace story" className="space-y-1">
        {steps.map((step, index) => (
          <li key={step.event.id}>
            <button
              type="button"
              onClick={() => onSelect(step.event)}
              aria-current={step.event.id === selectedId ? 'true' : undefined}
              className={`grid w-full grid-cols-[2rem_1fr_auto] items-baseline gap-2 rounded px-2 py-1 text-left text-sm hover:bg-slate-800 sm:grid-cols-[2rem_16rem_1fr_auto] ${
                step.event.id === selectedId ? 'bg-slate-800' : ''
              }`}
            >
              <span className="text-slate-500 tabular-nums">{index + 1}.</span>
              <EventType type={step.event.event_type} />
              <span className="hidden truncate text-xs text-slate-400 sm:block">
                {payloadSummary(step.event.payload, 3)}
              </span>
              <span className="text-xs whitespace-nowrap text-slate-400 tabular-nums">
                {index === 0 ? time(step.event.ts) : `+${duration(step.sincePreviousMs)}`}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </Card>
  );
}

export default function Timeline() {
  const api = useApi();
  const [searchParams, setSearchParams] = useSearchParams();
  const [range, setRange] = useState<RangeName>('24h');
  const [types, setTypes] = useState<string[]>([]);
  const [symbol, setSymbol] = useState('');
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [live, setLive] = useState(true);
  const [events, setEvents] = useState<LeviBotEvent[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<Error>();
  const [resumeFrom, setResumeFrom] = useState<number>();
  const [selected, setSelected] = useState<LeviBotEvent | null>(null);
  const [expanded, setExpanded] = useState<number | null>(null);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const selectedTrace = searchParams.get('trace');

  const q = useDebounced(text.trim(), 400);
  const symbolFilter = useDebounced(symbol.trim(), 400);
  const filters = useMemo<TimelineFilters>(
    () => ({ event_type: types, symbol: symbolFilter, q, severity }),
    [types, symbolFilter, q, severity],
  );
  const days = RANGES[range];

  const eventsRef = useRef(events);
  eventsRef.current = events;
  const pending = useRef<LeviBotEvent[]>([]);

  // A full load whenever the range or the filters change.
  useEffect(() => {
    let cancelled = false;
    setLoaded(false);
    setPage(0);
    loadWindow(api, filters, days).then(
      (window) => {
        if (cancelled) return;
        pending.current = [];
        setEvents(window);
        setError(undefined);
        setResumeFrom(window[0]?.id);
        setLoaded(true);
      },
      (failure: unknown) => {
        if (!cancelled) setError(failure as Error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, filters, days]);

  // With live off, the same window again every 10 s.
  useEffect(() => {
    if (live || !loaded) return undefined;
    let cancelled = false;
    const timer = setInterval(() => {
      loadWindow(api, filters, days).then(
        (window) => {
          if (!cancelled) setEvents(window);
        },
        (failure: unknown) => {
          if (!cancelled) setError(failure as Error);
        },
      );
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, filters, days, live, loaded]);

  // Live events are batched: a burst of hundreds re-renders the chart a few times per second.
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => {
      if (pending.current.length === 0) return;
      const batch = pending.current;
      pending.current = [];
      setEvents((current) => mergeEvents(current, batch));
    }, LIVE_FLUSH_MS);
    return () => clearInterval(timer);
  }, [live]);

  const liveFilters = useMemo(() => {
    const out: { event_type?: string[]; symbol?: string; q?: string; severity?: Severity } = {};
    if (filters.event_type.length > 0) out.event_type = filters.event_type;
    if (filters.symbol) out.symbol = filters.symbol;
    if (filters.q) out.q = filters.q;
    if (filters.severity) out.severity = filters.severity;
    return out;
  }, [filters]);
  useChannel(live && loaded ? 'events' : null, (message) => pending.current.push(message.data), {
    filters: liveFilters,
    ...(resumeFrom !== undefined ? { sinceId: resumeFrom } : {}),
  });

  const toggleLive = () => {
    if (!live) setResumeFrom(eventsRef.current[0]?.id);
    else pending.current = [];
    setLive(!live);
  };

  const select = useCallback(
    (event: LeviBotEvent) => {
      setSelected(event);
      setSearchParams(
        (params) => {
          const next = new URLSearchParams(params);
          if (event.trace_id) next.set('trace', event.trace_id);
          else next.delete('trace');
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  const shownTypes = useMemo(() => {
    const seen = new Set<string>(CATALOGUE_EVENT_TYPES);
    for (const event of events) seen.add(event.event_type);
    const all = [...seen];
    return types.length > 0 ? all.filter((type) => types.includes(type)) : all;
  }, [events, types]);
  const counts = useMemo(() => {
    const out = new Map<string, number>();
    for (const event of events) out.set(event.event_type, (out.get(event.event_type) ?? 0) + 1);
    return out;
  }, [events]);
  const allTypes = useMemo(() => {
    const seen = new Set<string>(CATALOGUE_EVENT_TYPES);
    for (const event of events) seen.add(event.event_type);
    return [...seen];
  }, [events]);
  const toggleType = (type: string) =>
    setTypes((current) =>
      current.includes(type) ? current.filter((each) => each !== type) : [...current, type],
    );

  const rows = paginate(events, page, pageSize);
  return (
    <>
      <PageHeader title="Event Timeline">
        <Segmented
          label="Time range"
          options={Object.keys(RANGES) as RangeName[]}
          value={range}
          onChange={setRange}
        />
        <Button
          tone={live ? 'success' : 'neutral'}
          aria-pressed={live}
          onClick={toggleLive}
          data-live={live ? 'on' : 'off'}
        >
          {live ? '● Live' : '○ Live off (polling 10 s)'}
        </Button>
      </PageHeader>
      <Card className="mb-4">
        <div className="flex flex-wrap items-end gap-3">
          <MultiSelect
            label="Event types"
            options={allTypes}
            selected={types}
            onChange={setTypes}
            renderOption={(type) => <EventType type={type} />}
          />
          <Field label="Symbol">
            <input
              className={`${inputClass} w-32`}
              value={symbol}
              placeholder="BTC/USDT"
              onChange={(e) => setSymbol(e.target.value)}
            />
          </Field>
          <Field label="Search" className="min-w-40 flex-1">
            <input
              className={inputClass}
              type="search"
              value={text}
              placeholder="text in type or payload"
              onChange={(e) => setText(e.target.value)}
            />
          </Field>
          <MinimumSeverityField value={severity} onChange={setSeverity} />
        </div>
        <ErrorNote error={error} />
        <p className="mt-3 text-xs text-slate-500" aria-live="polite">
          {loaded
            ? `${events.length} events${events.length >= MAX_LIVE_EVENTS ? ` (the newest ${MAX_LIVE_EVENTS})` : ''}`
            : 'Loading…'}
          {selectedTrace ? (
            <>
              {' · '}trace {selectedTrace}{' '}
              <button
                type="button"
                className="text-sky-400 hover:underline"
                onClick={() => setSearchParams({}, { replace: true })}
              >
                clear
              </button>
            </>
          ) : null}
        </p>
        <TimelineChart
          events={events}
          types={shownTypes}
          selectedTrace={selectedTrace}
          selectedId={selected?.id ?? null}
          onSelect={select}
        />
        <Legend types={allTypes} counts={counts} selected={types} onToggle={toggleType} />
      </Card>
      {selectedTrace || selected ? (
        <div className="mb-4 grid gap-4 lg:grid-cols-2">
          {selectedTrace ? (
            <TraceStory traceId={selectedTrace} selectedId={selected?.id ?? null} onSelect={select} />
          ) : null}
          {selected ? (
            <Card title={`Event ${selected.id}`} className={selectedTrace ? '' : 'lg:col-span-2'}>
              <JsonView value={selected} label="Selected event JSON" />
            </Card>
          ) : null}
        </div>
      ) : null}
      <Card title="Recent events">
        <TableShell
          label="Recent events"
          headings={['Time', 'Type', 'Severity', 'Symbol', 'Trace', 'Payload', '']}
        >
          <tbody>
            {rows.map((event) => {
              const inTrace = selectedTrace !== null && event.trace_id === selectedTrace;
              const open = expanded === event.id;
              return (
                <Fragment key={event.id}>
                  <tr
                    data-event-row={event.id}
                    data-highlighted={inTrace ? 'true' : 'false'}
                    className={`${inTrace ? 'bg-sky-950/60' : ''} ${selected?.id === event.id ? 'outline outline-sky-600' : ''}`}
                  >
                    <td className={`${tdClass} whitespace-nowrap text-slate-400 tabular-nums`}>
                      {dateTime(event.ts)}
                    </td>
                    <td className={tdClass}>
                      <button
                        type="button"
                        className="hover:underline"
                        onClick={() => select(event)}
                        aria-label={`Select event ${event.id}${event.trace_id ? ' and highlight its trace' : ''}`}
                      >
                        <EventType type={event.event_type} />
                      </button>
                    </td>
                    <td className={tdClass}>
                      <SeverityBadge severity={event.severity} />
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>{event.symbol ?? ''}</td>
                    <td
                      className={`${tdClass} max-w-32 truncate font-mono text-xs text-slate-400`}
                      title={event.trace_id}
                    >
                      {event.trace_id ?? ''}
                    </td>
                    <td className={`${tdClass} max-w-[18rem] truncate text-xs text-slate-400`}>
                      {payloadSummary(event.payload)}
                    </td>
                    <td className={tdClass}>
                      <button
                        type="button"
                        aria-expanded={open}
                        aria-label={`JSON of event ${event.id}`}
                        className="rounded border border-slate-700 px-1.5 text-xs text-slate-300 hover:bg-slate-800"
                        onClick={() => setExpanded(open ? null : event.id)}
                      >
                        {open ? 'Hide' : 'JSON'}
                      </button>
                    </td>
                  </tr>
                  {open ? (
                    <tr>
                      <td colSpan={7} className="p-2">
                        <JsonView value={event} label={`Event ${event.id} JSON`} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </TableShell>
        <Pagination total={events.length} page={page} size={pageSize} onPage={setPage} onSize={setPageSize} />
      </Card>
    </>
  );
}
