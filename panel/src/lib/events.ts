/** Keeping a bounded, ordered window of events in memory, and telling a trace's story. */
import type { LeviBotEvent } from '../api/types.js';

/** The most events the live timeline keeps; older ones drop off as new ones arrive. */
export const MAX_LIVE_EVENTS = 1500;

/**
 * `current` (newest first) with `incoming` added: newest first by id, each id once, at most `max`.
 * The live case (every new id above the newest kept) costs one sort of the new events only.
 */
export function mergeEvents(
  current: readonly LeviBotEvent[],
  incoming: readonly LeviBotEvent[],
  max = MAX_LIVE_EVENTS,
): LeviBotEvent[] {
  if (incoming.length === 0) return current.length > max ? current.slice(0, max) : [...current];
  const newest = current[0]?.id ?? -Infinity;
  const fresh = [...incoming].sort((a, b) => b.id - a.id);
  if (fresh[fresh.length - 1]!.id > newest) {
    const unique = fresh.filter((event, index) => index === 0 || event.id !== fresh[index - 1]!.id);
    return unique.concat(current).slice(0, max);
  }
  const byId = new Map<number, LeviBotEvent>();
  for (const event of current) byId.set(event.id, event);
  for (const event of incoming) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, max);
}

export interface TraceStep {
  event: LeviBotEvent;
  /** Time since the trace's first event. */
  sinceStartMs: number;
  /** Time since the step before (0 for the first). */
  sincePreviousMs: number;
}

/** A trace's events as ordered steps (by event time, then id) with their durations. */
export function traceSteps(events: readonly LeviBotEvent[]): TraceStep[] {
  const ordered = [...events].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || a.id - b.id);
  const start = ordered.length > 0 ? Date.parse(ordered[0]!.ts) : 0;
  return ordered.map((event, index) => {
    const at = Date.parse(event.ts);
    const previous = index === 0 ? at : Date.parse(ordered[index - 1]!.ts);
    return { event, sinceStartMs: at - start, sincePreviousMs: at - previous };
  });
}
