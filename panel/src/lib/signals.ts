/**
 * Reading signals back from the event store: a SIGNAL_SCORED event's score and fields (the
 * signals domain nests them under `score`; older producers put them at the top of the payload),
 * with the text and routing outcome found in the other events of the same trace.
 */
import type { ExtractedFields, LeviBotEvent, SignalLabel } from '../api/types.js';

export type RoutedKind = 'executed' | 'dry-run' | 'no';

export interface SignalRow {
  id: number;
  ts: string;
  trace_id: string | null;
  symbol: string | undefined;
  label: SignalLabel;
  confidence: number;
  reasons: string[];
  fe: ExtractedFields | null;
  text: string;
  source: string;
  routed: RoutedKind;
}

const ROUTED_BY_TYPE: Record<string, RoutedKind> = {
  AUTO_ROUTE_EXECUTED: 'executed',
  AUTO_ROUTE_DRYRUN: 'dry-run',
};

export const SIGNAL_TRACE_TYPES = [
  'SIGNAL_INGEST',
  'SIGNAL_SCORED',
  'AUTO_ROUTE_EXECUTED',
  'AUTO_ROUTE_DRYRUN',
];

interface ScoredPayload {
  score?: { label?: SignalLabel; confidence?: number; reasons?: string[] };
  label?: SignalLabel;
  confidence?: number;
  reasons?: string[];
  fe?: ExtractedFields;
  text?: string;
  source?: string;
}

export function signalOf(event: LeviBotEvent, text = '', routed: RoutedKind = 'no'): SignalRow {
  const payload = event.payload as ScoredPayload;
  return {
    id: event.id,
    ts: event.ts,
    trace_id: event.trace_id ?? null,
    symbol: event.symbol,
    label: payload.score?.label ?? payload.label ?? 'NO-TRADE',
    confidence: payload.score?.confidence ?? payload.confidence ?? 0,
    reasons: payload.score?.reasons ?? payload.reasons ?? [],
    fe: payload.fe ?? null,
    text: payload.text ?? text,
    source: payload.source ?? event.source,
    routed,
  };
}

/** Signals (newest first) from a mix of SIGNAL_INGEST, SIGNAL_SCORED and AUTO_ROUTE_* events. */
export function foldSignals(events: readonly LeviBotEvent[]): SignalRow[] {
  const texts = new Map<string, { text: string; source: string }>();
  const routed = new Map<string, RoutedKind>();
  for (const event of events) {
    if (!event.trace_id) continue;
    if (event.event_type === 'SIGNAL_INGEST') {
      const payload = event.payload as { text?: string; source?: string };
      texts.set(event.trace_id, { text: payload.text ?? '', source: payload.source ?? event.source });
    }
    const kind = ROUTED_BY_TYPE[event.event_type];
    // A multi-symbol signal may be executed for one symbol and a dry run for another: executed wins.
    if (kind && routed.get(event.trace_id) !== 'executed') routed.set(event.trace_id, kind);
  }
  return events
    .filter((event) => event.event_type === 'SIGNAL_SCORED')
    .map((event) => {
      const ingest = event.trace_id ? texts.get(event.trace_id) : undefined;
      const row = signalOf(event, ingest?.text ?? '', (event.trace_id && routed.get(event.trace_id)) || 'no');
      if (ingest && row.source === event.source) row.source = ingest.source;
      return row;
    })
    .sort((a, b) => b.id - a.id);
}

export const LABEL_STYLES: Record<SignalLabel, string> = {
  BUY: 'bg-emerald-900/70 text-emerald-200',
  SELL: 'bg-rose-900/70 text-rose-200',
  'NO-TRADE': 'bg-slate-700/70 text-slate-300',
};

export const ROUTED_STYLES: Record<RoutedKind, string> = {
  executed: 'bg-indigo-700 text-indigo-50',
  'dry-run': 'bg-indigo-950 text-indigo-200 ring-1 ring-indigo-500',
  no: 'bg-slate-800 text-slate-400',
};
