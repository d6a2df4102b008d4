import { describe, expect, it } from 'vitest';
import { CATALOGUE_EVENT_TYPES } from '../events/index.js';
import { generateDemoEvents } from './demo-data.js';

describe('demo data', () => {
  it('demo data - the same seed gives the same day, with every catalogue type in time order', () => {
    const endMs = Date.parse('2024-08-10T00:00:00Z');
    const events = generateDemoEvents({ endMs, seed: 7 });
    expect(generateDemoEvents({ endMs, seed: 7 })).toEqual(events);
    expect(new Set(events.map((event) => event.event_type))).toEqual(new Set(CATALOGUE_EVENT_TYPES));
    const times = events.map((event) => Date.parse(event.ts!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('demo data - a routed trace reads like the engine wrote it, and its numbers agree', () => {
    const events = generateDemoEvents({ endMs: Date.parse('2024-08-10T00:00:00Z'), seed: 42 });
    const closed = events.find((event) => event.event_type === 'POSITION_CLOSED')!;
    const trace = events
      .filter((event) => event.trace_id === closed.trace_id)
      .map((event) => event.event_type);
    expect(trace).toEqual([
      'SIGNAL_INGEST',
      'SIGNAL_SCORED',
      'ORDER_NEW',
      'ORDER_FILLED',
      'POSITION_OPENED',
      'RISK_SLTP',
      'AUTO_ROUTE_EXECUTED',
      'RISK_SLTP',
      'ORDER_NEW',
      'ORDER_FILLED',
      'POSITION_CLOSED',
      ...trace.slice(11),
    ]);
    const payload = closed.payload as Record<string, number>;
    expect(payload.realized_pnl).toBeCloseTo(payload.gross_pnl! - payload.fees!, 8);
    const lastSnapshot = events.filter((event) => event.event_type === 'EQUITY_SNAPSHOT').at(-1)!
      .payload as Record<string, number>;
    const realized = events
      .filter((event) => event.event_type === 'POSITION_CLOSED')
      .reduce((sum, event) => sum + Number(event.payload!.realized_pnl), 0);
    // Every position is closed by the end of the day: realized PnL is the sum of the closes.
    expect(lastSnapshot.positions).toBe(0);
    expect(lastSnapshot.realized_pnl).toBeCloseTo(realized, 6);
  });
});
