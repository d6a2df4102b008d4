/**
 * Live evaluation of an EventFilter, with exactly the meaning the store gives it, so that a
 * stream resumed from the store and continued live never disagrees about what matches.
 */
import { searchTerms, searchText, severityRank } from '../events/model.js';
import type { EventFilter } from '../events/store.js';
import type { BusMessage } from './message.js';

export type MessageMatcher = (message: BusMessage) => boolean;

/** Memo key of the padded search text on a BusMessage (one per process). */
const SEARCH_TEXT = {};

/** ` word word ... `: the words the store indexes for `q`, padded so phrases match on word boundaries. */
function paddedSearchText(message: BusMessage): string {
  return message.derived(
    SEARCH_TEXT,
    (m) => ` ${searchText(m.event.event_type, JSON.stringify(m.event.payload)).trim()} `,
  );
}

/**
 * The store's `q`: every term is a phrase of consecutive words, the last one a prefix when the
 * term ends in `*`. Returns null when `q` holds no word (the store then matches nothing).
 */
function phraseMatcher(q: string): ((text: string) => boolean) | null {
  const needles = searchTerms(q).map((term) => ` ${term.words.join(' ')}${term.prefix ? '' : ' '}`);
  if (needles.length === 0) return null;
  return (text) => needles.every((needle) => text.includes(needle));
}

export function compileFilter(filter: EventFilter): MessageMatcher {
  const checks: MessageMatcher[] = [];
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    const types = new Set(filter.eventTypes);
    checks.push((m) => types.has(m.event.event_type));
  }
  if (filter.symbol !== undefined) {
    const symbol = filter.symbol;
    checks.push((m) => m.event.symbol === symbol);
  }
  if (filter.traceId !== undefined) {
    const traceId = filter.traceId;
    checks.push((m) => m.event.trace_id === traceId);
  }
  if (filter.minSeverity !== undefined && filter.minSeverity !== 'debug') {
    const min = severityRank(filter.minSeverity);
    checks.push((m) => severityRank(m.event.severity) >= min);
  }
  if (filter.sinceMs !== undefined) {
    const since = filter.sinceMs;
    checks.push((m) => Date.parse(m.event.ts) >= since);
  }
  if (filter.untilMs !== undefined) {
    const until = filter.untilMs;
    checks.push((m) => Date.parse(m.event.ts) < until);
  }
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const matches = phraseMatcher(filter.q);
    if (matches === null) return () => false;
    checks.push((m) => matches(paddedSearchText(m)));
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (m) => checks.every((check) => check(m));
}
