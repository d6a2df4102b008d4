import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events/index.js';
import { SseProbe, startServer, type TestServer, until, WsProbe } from './testing/harness.js';

const PAD = 'x'.repeat(4000);

/**
 * Emit 40 KB batches, one per turn of the event loop (a client that reads keeps up), until
 * `overflowed()`: the paused client's kernel buffers are full and its queue overflowed.
 * Returns every event emitted.
 */
async function overflow(server: TestServer, overflowed: () => boolean): Promise<StoredEvent[]> {
  const emitted: StoredEvent[] = [];
  for (let batch = 0; batch < 5000 && !overflowed(); batch++) {
    emitted.push(
      ...(await server.levibot.log.emit(
        ...Array.from({ length: 10 }, (_, n) => ({
          event_type: 'DS_APPEND',
          source: 'test',
          payload: { batch, n, PAD },
        })),
      )),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(overflowed()).toBe(true);
  return emitted;
}

describe('backpressure', () => {
  let server: TestServer;
  afterEach(() => server.close());

  const status = () => server.levibot.gateway.status();

  it('backpressure - /ws: overflow drops, sends gap once drained, and a resume from the gap gets everything', async () => {
    server = await startServer({ WS_QUEUE_BYTES: '65536' });
    const slow = await WsProbe.open(`${server.wsUrl}/ws`);
    const fast = await WsProbe.open(`${server.wsUrl}/ws`);
    for (const probe of [slow, fast]) probe.send({ type: 'subscribe', channels: ['signals'] });
    await until(
      () => slow.ofType('subscribed').length + fast.ofType('subscribed').length === 2,
      'subscribed',
    );
    slow.ws.pause();

    const emitted = await overflow(server, () => status().dropped.ws > 0);
    const all = emitted.map((e) => e.id);
    // The slow client never held the others back.
    await until(() => fast.eventIds('signals').length === all.length, 'the fast client to get everything');
    expect(fast.eventIds('signals')).toEqual(all);
    expect(status().queued_bytes).toBeLessThan(30 * 1024 * 1024);

    slow.ws.resume();
    const gap = await slow.waitFor((f) => f.type === 'gap', 'the gap frame', 10_000);
    expect(gap).toEqual({ type: 'gap', channel: 'signals', last_id: expect.any(Number) });
    const beforeGap = slow.eventIds('signals');
    expect(beforeGap[beforeGap.length - 1]).toBe(gap.last_id);
    expect(beforeGap).toEqual(all.slice(0, beforeGap.length));

    // The channel ended at the gap: events emitted now arrive only after the client resumes.
    const [later] = await server.levibot.log.emit({
      event_type: 'SIGNAL_INGEST',
      source: 'test',
      payload: {},
    });
    slow.send({ type: 'subscribe', channels: ['signals'], since_id: gap.last_id });
    await slow.waitFor((f) => f.id === later!.id, 'the resumed stream', 10_000);
    expect(slow.eventIds('signals')).toEqual([...all, later!.id]);

    const prom = (await server.levibot.http.inject({ url: '/metrics/prom' })).body;
    expect(prom).toMatch(
      new RegExp(`levibot_ws_msgs_drop_total\\{transport="ws"\\} ${status().dropped.ws}\\b`),
    );
    slow.close();
    fast.close();
  });

  it('backpressure - /ws/events: after the gap frame the server itself resends the missed events', async () => {
    server = await startServer({ WS_QUEUE_BYTES: '65536' });
    const slow = await WsProbe.open(`${server.wsUrl}/ws/events?event_type=DS_APPEND`);
    await slow.waitFor((f) => f.type === 'hello', 'hello');
    slow.ws.pause();
    const emitted = await overflow(server, () => status().dropped.ws > 0);
    slow.ws.resume();
    const all = emitted.map((e) => e.id);
    await slow.waitFor((f) => f.id === all[all.length - 1], 'every event', 20_000);
    const gaps = slow.ofType('gap');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(slow.eventIds()).toEqual(all);
    slow.close();
  });

  it('backpressure - SSE: overflow sends a gap event and ends; Last-Event-ID resumes with nothing lost', async () => {
    server = await startServer({ WS_QUEUE_BYTES: '65536' });
    const first = await SseProbe.open(`${server.url}/stream/events?event_type=DS_APPEND&since_id=0`);
    await first.waitFor((m) => m.event === 'hello', 'hello');
    first.pause();
    const emitted = await overflow(server, () => status().dropped.sse > 0);
    first.resume();
    await until(() => first.ended, 'the stream to end', 20_000);
    const gap = first.messages.find((m) => m.event === 'gap')!;
    const lastId = JSON.parse(gap.data!).last_id as number;
    expect(first.ids()[first.ids().length - 1]).toBe(lastId);

    const second = await SseProbe.open(`${server.url}/stream/events?event_type=DS_APPEND&since_id=0`, {
      'last-event-id': String(lastId),
    });
    const all = emitted.map((e) => e.id);
    await second.waitFor((m) => m.id === String(all[all.length - 1]), 'the rest', 20_000);
    expect([...first.ids(), ...second.ids()]).toEqual(all);
    second.close();
  });

  it('backpressure - with WS_SLOW_CLIENT=disconnect a client that overflows is closed with 4008', async () => {
    server = await startServer({ WS_QUEUE_BYTES: '65536', WS_SLOW_CLIENT: 'disconnect' });
    const slow = await WsProbe.open(`${server.wsUrl}/ws/events`);
    await slow.waitFor((f) => f.type === 'hello', 'hello');
    slow.ws.pause();
    await overflow(server, () => status().connections.ws_events === 0);
    expect(status().dropped.ws).toBeGreaterThan(0);
    slow.ws.resume();
    expect((await slow.waitForClose(40_000)).code).toBe(4008);
  });
});
