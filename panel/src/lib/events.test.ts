import { describe, expect, it } from 'vitest';
import type { LeviBotEvent } from '../api/types.js';
import { MAX_LIVE_EVENTS, mergeEvents, traceSteps } from './events.js';

function event(
  id: number,
  ts = `2024-08-09T00:00:${String(id % 60).padStart(2, '0')}Z`,
  trace = 't',
): LeviBotEvent {
  return { id, ts, event_type: 'ORDER_NEW', severity: 'info', source: 'test', trace_id: trace, payload: {} };
}

describe('event window', () => {
  it('live timeline - keeps at most 1,500 events, the newest ones, however many arrive', () => {
    let window: LeviBotEvent[] = [];
    for (let batch = 0; batch < 40; batch++) {
      window = mergeEvents(
        window,
        Array.from({ length: 100 }, (_, i) => event(batch * 100 + i + 1)),
      );
    }
    expect(window).toHaveLength(MAX_LIVE_EVENTS);
    expect(window[0]!.id).toBe(4000);
    expect(window.at(-1)!.id).toBe(4000 - MAX_LIVE_EVENTS + 1);
  });

  it('live timeline - an event delivered twice (poll and live, or a resume) is shown once, in id order', () => {
    const polled = [event(5), event(4), event(3)];
    const merged = mergeEvents(polled, [event(4), event(6), event(2), event(6)]);
    expect(merged.map((e) => e.id)).toEqual([6, 5, 4, 3, 2]);
  });

  it('trace story - steps in time order with the wait before each step and since the start', () => {
    const steps = traceSteps([
      event(3, '2024-08-09T00:00:02.500Z'),
      event(1, '2024-08-09T00:00:00.000Z'),
      event(2, '2024-08-09T00:00:00.040Z'),
    ]);
    expect(steps.map((s) => s.event.id)).toEqual([1, 2, 3]);
    expect(steps.map((s) => s.sincePreviousMs)).toEqual([0, 40, 2460]);
    expect(steps.map((s) => s.sinceStartMs)).toEqual([0, 40, 2500]);
  });
});
