/**
 * Event types and their colours. The list of types is the server's own catalogue
 * (src/events/catalogue.ts, imported at build time); each type has one fixed colour everywhere in
 * the panel, and types outside the catalogue (posted by clients) get a stable colour of their own.
 */
import { CATALOGUE_EVENT_TYPES, type CatalogueEventType, EVENT_CATALOGUE } from '@levibot/catalogue';
import type { Severity } from '../api/types.js';

export { CATALOGUE_EVENT_TYPES, EVENT_CATALOGUE, type CatalogueEventType };

// Families share a hue range (signals blue, routing indigo, orders green, positions violet, risk
// orange/red, alerts warm, system neutral) so the timeline reads at a glance; every colour differs.
const COLOURS: Record<CatalogueEventType, string> = {
  SIGNAL_INGEST: '#7dd3fc',
  SIGNAL_SCORED: '#0ea5e9',
  AUTO_ROUTE_DRYRUN: '#a5b4fc',
  AUTO_ROUTE_EXECUTED: '#6366f1',
  AUTO_ROUTE_SKIPPED: '#94a3b8',
  ORDER_NEW: '#6ee7b7',
  ORDER_PARTIAL_FILL: '#a3e635',
  ORDER_FILLED: '#22c55e',
  ORDER_REJECTED: '#f43f5e',
  ORDER_CANCELED: '#fda4af',
  RISK_SLTP: '#fbbf24',
  POSITION_OPENED: '#a78bfa',
  POSITION_CLOSED: '#e879f9',
  RISK_BLOCKED: '#f97316',
  KILL_SWITCH: '#dc2626',
  RISK_DAILY_RESET: '#b45309',
  RISK_POLICY_CHANGED: '#fef08a',
  EQUITY_SNAPSHOT: '#0d9488',
  FEED_STATUS: '#67e8f9',
  DS_APPEND: '#f9a8d4',
  MODEL_TRAINED: '#ec4899',
  ALERT_TRIGGERED: '#fdba74',
  ALERT_SENT: '#5eead4',
  ALERT_FAILED: '#f87171',
  CONFIG_CHANGED: '#d6d3d1',
  BOT_STARTED: '#86efac',
  BOT_STOPPED: '#ca8a04',
};

function isCatalogued(type: string): type is CatalogueEventType {
  return Object.hasOwn(COLOURS, type);
}

export function eventColour(type: string): string {
  if (isCatalogued(type)) return COLOURS[type];
  let hash = 0;
  for (let i = 0; i < type.length; i++) hash = (hash * 31 + type.charCodeAt(i)) | 0;
  return `hsl(${Math.abs(hash) % 360} 70% 65%)`;
}

export function describeEventType(type: string): string {
  return isCatalogued(type) ? EVENT_CATALOGUE[type] : 'Event type posted by a client';
}

export const SEVERITY_STYLES: Record<Severity, string> = {
  debug: 'bg-slate-700/60 text-slate-300',
  info: 'bg-sky-900/60 text-sky-200',
  warning: 'bg-amber-900/70 text-amber-200',
  error: 'bg-red-900/70 text-red-200',
  critical: 'bg-fuchsia-900/80 text-fuchsia-100 ring-1 ring-fuchsia-400',
};

export const SEVERITY_RANK: Record<Severity, number> = {
  debug: 0,
  info: 1,
  warning: 2,
  error: 3,
  critical: 4,
};
