/**
 * Alerts: the alert events (rule matched, delivered, delivery failed) with severity colours, the
 * ones not seen before marked new, filters and pagination. Opening the page marks them read.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useApi, useChannel } from '../api/context.js';
import type { Severity } from '../api/types.js';
import { ALERT_EVENT_TYPES, useUnreadAlerts } from '../app/alerts-state.js';
import { EventType } from '../components/EventType.js';
import { paginate, Pagination } from '../components/Pagination.js';
import {
  Badge,
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
import { dateTime } from '../lib/format.js';
import { useCoalesced, useLoad } from '../lib/hooks.js';

const DAYS = [1, 7, 30] as const;
const ROW_ACCENT: Record<Severity, string> = {
  debug: 'border-l-slate-600',
  info: 'border-l-sky-500',
  warning: 'border-l-amber-400',
  error: 'border-l-red-500',
  critical: 'border-l-fuchsia-400',
};

function message(payload: Record<string, unknown>): string {
  const text = payload.message ?? payload.error ?? payload.rule ?? '';
  return typeof text === 'string' ? text : JSON.stringify(text);
}

export default function Alerts() {
  const api = useApi();
  const { readId, markRead } = useUnreadAlerts();
  const [days, setDays] = useState<(typeof DAYS)[number]>(7);
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [source, setSource] = useState('');
  const [page, setPage] = useState(0);
  const [size, setSize] = useState(25);
  // What was unread when the page opened stays marked "new" for this visit.
  const [seenBefore] = useState(readId);

  const alerts = useLoad(
    () => api.events({ event_type: ALERT_EVENT_TYPES, days, severity, limit: 1000 }),
    [api, days, severity],
  );
  useChannel('alerts', useCoalesced(alerts.reload, 500));

  const events = useMemo(() => alerts.data?.events ?? [], [alerts.data]);
  useEffect(() => {
    const newest = events[0]?.id;
    if (newest !== undefined) markRead(newest);
  }, [events, markRead]);
  useEffect(() => setPage(0), [days, severity, source]);

  const sources = useMemo(() => [...new Set(events.map((event) => event.source))].sort(), [events]);
  const shown = source ? events.filter((event) => event.source === source) : events;
  const fresh = shown.filter((event) => event.id > seenBefore).length;

  return (
    <>
      <PageHeader title="Alerts">
        {fresh > 0 ? <Badge className="bg-rose-600 text-white">{fresh} new</Badge> : null}
      </PageHeader>
      <Card>
        <div className="mb-3 flex flex-wrap items-end gap-3">
          <Segmented label="Days" options={DAYS} value={days} onChange={setDays} />
          <MinimumSeverityField value={severity} onChange={setSeverity} />
          <Field label="Source">
            <select className={inputClass} value={source} onChange={(event) => setSource(event.target.value)}>
              <option value="">any</option>
              {sources.map((each) => (
                <option key={each} value={each}>
                  {each}
                </option>
              ))}
            </select>
          </Field>
          <span className="text-xs text-slate-500">Delivery channels are configured on the server.</span>
        </div>
        <ErrorNote error={alerts.error} />
        {shown.length === 0 ? (
          <Empty>{alerts.loading ? 'Loading…' : 'No alerts in this period.'}</Empty>
        ) : (
          <TableShell
            label="Alerts"
            headings={['Time', 'Severity', 'Type', 'Symbol', 'Message', 'Channel', 'Source', '']}
          >
            <tbody>
              {paginate(shown, page, size).map((event) => (
                <tr
                  key={event.id}
                  data-alert-row={event.id}
                  className={`border-l-4 ${ROW_ACCENT[event.severity]}`}
                >
                  <td className={`${tdClass} whitespace-nowrap text-slate-400`}>
                    {dateTime(event.ts)}
                    {event.id > seenBefore ? (
                      <Badge className="ml-2 bg-rose-600 text-white">new</Badge>
                    ) : null}
                  </td>
                  <td className={tdClass}>
                    <SeverityBadge severity={event.severity} />
                  </td>
                  <td className={tdClass}>
                    <EventType type={event.event_type} />
                  </td>
                  <td className={tdClass}>{event.symbol ?? ''}</td>
                  <td className={`${tdClass} max-w-md`}>{message(event.payload)}</td>
                  <td className={`${tdClass} text-slate-400`}>{String(event.payload.channel ?? '')}</td>
                  <td className={`${tdClass} text-slate-400`}>{event.source}</td>
                  <td className={tdClass}>
                    {event.trace_id ? (
                      <Link
                        className="text-xs text-sky-400 hover:underline"
                        to={`/timeline?trace=${encodeURIComponent(event.trace_id)}`}
                      >
                        trace
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableShell>
        )}
        <Pagination total={shown.length} page={page} size={size} onPage={setPage} onSize={setSize} />
      </Card>
    </>
  );
}
