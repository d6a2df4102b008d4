import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLeviBot, type TestLeviBot } from '../../app/testing/app.js';

let levibot: TestLeviBot;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

beforeAll(async () => {
  levibot = await createTestLeviBot();
  await levibot.log.emit(
    { ts: ago(30), event_type: 'SIGNAL_INGEST', symbol: 'BTC/USDT', trace_id: 'a', source: 'test' },
    { ts: ago(29), event_type: 'SIGNAL_SCORED', symbol: 'BTC/USDT', trace_id: 'a', source: 'test' },
    { ts: ago(20), event_type: 'ORDER_FILLED', symbol: 'BTC/USDT', trace_id: 'a', source: 'test' },
    { ts: ago(10), event_type: 'SIGNAL_INGEST', symbol: 'ETH/USDT', trace_id: 'b', source: 'test' },
    { ts: ago(3 * 24 * 60), event_type: 'SIGNAL_INGEST', symbol: 'SOL/USDT', trace_id: 'c', source: 'test' },
  );
});
afterAll(async () => {
  await levibot.destroy();
});

async function get(url: string) {
  const response = await levibot.http.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

describe('analytics', () => {
  it('stats counts by type and symbol over the chosen days', async () => {
    const day = await get('/analytics/stats');
    expect(day.body).toMatchObject({
      days: 1,
      total: 4,
      by_event_type: { SIGNAL_INGEST: 2, SIGNAL_SCORED: 1, ORDER_FILLED: 1 },
      top_symbols: [
        { symbol: 'BTC/USDT', count: 3 },
        { symbol: 'ETH/USDT', count: 1 },
      ],
    });
    expect((await get('/analytics/stats?days=7')).body.total).toBe(5);
  });

  it('timeseries returns zero-filled buckets that add up to the total', async () => {
    const { body } = await get('/analytics/timeseries?interval=5m&event_type=SIGNAL_INGEST,ORDER_FILLED');
    const buckets = body.buckets as { t: string; count: number }[];
    expect(buckets.length).toBeGreaterThanOrEqual(288);
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(3);
    expect(new Set(buckets.map((bucket) => Date.parse(bucket.t) % 300_000))).toEqual(new Set([0]));
  });

  it('traces ranks traces by size', async () => {
    const { body } = await get('/analytics/traces?limit=2&days=7');
    const traces = body.traces as { trace_id: string; count: number; duration_ms: number }[];
    expect(traces.map((trace) => [trace.trace_id, trace.count])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(traces[0]!.duration_ms).toBe(10 * 60_000);
  });

  it.each([
    ['/analytics/timeseries?interval=2m', 'interval'],
    ['/analytics/timeseries?interval=1m&days=60', 'interval'],
    ['/analytics/timeseries?event_type=bad-type', 'event_type'],
    ['/analytics/stats?days=0', 'days'],
    ['/analytics/traces?limit=0', 'limit'],
  ])('%s → 400 naming %s', async (url, field) => {
    const response = await get(url);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ field });
  });
});
