import { afterEach, describe, expect, it } from 'vitest';
import { SseProbe, startServer, type TestServer, until, WsProbe } from './testing/harness.js';

describe('gateway heartbeat and limits', () => {
  let server: TestServer;
  const probes: WsProbe[] = [];
  afterEach(async () => {
    for (const probe of probes.splice(0)) probe.close();
    await server.close();
  });
  const open = async (path: string, options = {}) => {
    const probe = await WsProbe.open(`${server.wsUrl}${path}`, options);
    probes.push(probe);
    return probe;
  };

  it('heartbeat - a peer that stops answering pings is closed and cleaned up; a live one stays', async () => {
    // Long enough that a live peer answers in time even when a loaded machine stalls the test process.
    server = await startServer({ WS_PING_INTERVAL_MS: '400' });
    const dead = await open('/ws', { autoPong: false });
    const alive = await open('/ws/events');
    await dead.waitFor((f) => f.type === 'connected', 'connected');
    await alive.waitFor((f) => f.type === 'hello', 'hello');
    dead.send({ type: 'subscribe', channels: ['orders'] });
    await dead.waitFor((f) => f.type === 'subscribed', 'subscribed');
    expect(server.levibot.gateway.status().connections.total).toBe(2);

    const { code } = await dead.waitForClose(5000);
    expect(code).toBe(1006);
    await until(() => server.levibot.gateway.status().connections.ws === 0, 'the server to forget the peer');
    expect(server.levibot.gateway.status().subscriptions).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(alive.closeCode).toBeNull();
    expect(server.levibot.gateway.status().connections.ws_events).toBe(1);
  });

  it('heartbeat - SSE streams get a comment heartbeat and the retry hint', async () => {
    server = await startServer({ SSE_HEARTBEAT_MS: '100', SSE_RETRY_MS: '1500' });
    const sse = await SseProbe.open(`${server.url}/stream/events`);
    await sse.waitFor((m) => m.comment === 'ping', 'a heartbeat comment');
    expect(sse.messages[0]).toEqual({ retry: '1500' });
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    sse.close();
  });

  it('limits - connections over the per-address limit are refused (1013 / 429) and counted', async () => {
    server = await startServer({ WS_MAX_CONNECTIONS_PER_IP: '2' });
    const first = await open('/ws');
    await open('/ws/events');
    const third = await open('/ws');
    expect((await third.waitForClose()).code).toBe(1013);
    const sse = await SseProbe.open(`${server.url}/stream/events`);
    await until(() => sse.ended, 'the refusal');
    expect(sse.status).toBe(429);
    expect(server.levibot.gateway.status().refused.per_ip).toBe(2);

    first.close();
    await until(() => server.levibot.gateway.status().connections.total === 1, 'the slot to free');
    const again = await open('/ws');
    await again.waitFor((f) => f.type === 'connected', 'connected');
  });

  it('limits - behind a trusted proxy the per-address limit counts X-Forwarded-For clients', async () => {
    server = await startServer({ WS_MAX_CONNECTIONS_PER_IP: '1', TRUST_PROXY: 'true' });
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
    const first = await open('/ws', from('203.0.113.7'));
    const other = await open('/ws', from('198.51.100.2'));
    await first.waitFor((f) => f.type === 'connected', 'connected');
    await other.waitFor((f) => f.type === 'connected', 'connected');
    const again = await open('/ws', from('203.0.113.7'));
    expect((await again.waitForClose()).code).toBe(1013);
  });

  it('limits - connections over the server limit are refused (1013 / 503)', async () => {
    server = await startServer({ WS_MAX_CONNECTIONS: '2' });
    await open('/ws');
    const sseOk = await SseProbe.open(`${server.url}/stream/events`);
    await sseOk.waitFor((m) => m.event === 'hello', 'hello');
    const refused = await open('/ws/events');
    expect((await refused.waitForClose()).code).toBe(1013);
    const sse = await SseProbe.open(`${server.url}/stream/events`);
    await until(() => sse.ended, 'the refusal');
    expect(sse.status).toBe(503);
    expect(server.levibot.gateway.status().refused.max_connections).toBe(2);
    sseOk.close();
  });

  it('metrics - Prometheus exposes connections, subscriptions and messages out', async () => {
    server = await startServer();
    const channels = await open('/ws');
    const events = await open('/ws/events');
    const sse = await SseProbe.open(`${server.url}/stream/events`);
    channels.send({ type: 'subscribe', channels: ['orders', 'status'] });
    await until(() => channels.ofType('subscribed').length === 2, 'subscribed');
    await events.waitFor((f) => f.type === 'hello', 'hello');
    await sse.waitFor((m) => m.event === 'hello', 'hello');
    const prom = (await server.levibot.http.inject({ url: '/metrics/prom' })).body;
    expect(prom).toMatch(/^levibot_ws_conns 2$/m);
    expect(prom).toMatch(/^levibot_sse_conns 1$/m);
    expect(prom).toMatch(/^levibot_ws_subscriptions\{channel="orders"\} 1$/m);
    expect(prom).toMatch(/^levibot_ws_subscriptions\{channel="status"\} 1$/m);
    const out = Number(prom.match(/^levibot_ws_msgs_out_total\{transport="ws"\} (\d+)$/m)?.[1]);
    expect(out).toBe(server.levibot.gateway.status().messages_out.ws);
    expect(out).toBe(channels.frames.length + events.frames.length);
    expect(prom).toMatch(/^levibot_ws_msgs_drop_total\{transport="ws"\} 0$/m);
    sse.close();
  });
});
