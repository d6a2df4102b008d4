/**
 * Events: the model, the catalogue, the EventStore port with its adapters, and the EventLog that
 * every component records through.
 */

// Commonly used
export { EventLog, MAX_BATCH_EVENTS } from './log.js';
export { EVENT_CATALOGUE, CATALOGUE_EVENT_TYPES, type CatalogueEventType } from './catalogue.js';
export {
  type EventInput,
  type EventPayload,
  type Severity,
  type StoredEvent,
  SEVERITIES,
  isSeverity,
  parseIsoTime,
  severityRank,
} from './model.js';
export type {
  EventFilter,
  EventPage,
  EventQuery,
  EventStats,
  EventStore,
  TimeBucket,
  TraceSummary,
} from './store.js';

// Adapters
export { SqliteEventStore } from './sqlite/store.js';
export { PostgresEventStore } from './postgres/store.js';

// For adapters and tests
export { type NewEvent, toNewEvent, searchTerms, searchText, MAX_PAYLOAD_BYTES } from './model.js';
