/**
 * Bench worker: the load generator, in its own process. Opens WebSocket connections to one server
 * kind and records the publish-to-receive latency of every message (the publisher's timestamp is
 * read from the frame bytes without parsing JSON, so every server costs the load generator the
 * same). Socket.IO is spoken at the wire level (engine.io v4 over WebSocket) for the same reason.
 */
import { WebSocket } from 'ws';
import { LatencyHistogram } from './histogram.js';
import { preciseNow, serveRequests } from './ipc.js';
import type { ServerKind } from './server.js';

const TIMESTAMP = Buffer.from('"t":');
const GAP = Buffer.from('"type":"gap"');

const histogram = new LatencyHistogram();
const sockets: WebSocket[] = [];
const stalled: WebSocket[] = [];
let received = 0;
let gaps = 0;

function record(data: Buffer): void {
  const at = data.indexOf(TIMESTAMP);
  if (at < 0) {
    if (data.indexOf(GAP) >= 0) gaps++;
    return;
  }
  const sent = Number.parseFloat(data.toString('latin1', at + TIMESTAMP.length, at + TIMESTAMP.length + 24));
  histogram.record(preciseNow() - sent);
  received++;
}

/** Open one client; resolves when it is ready to receive (hello / socket.io connect). */
function open(kind: ServerKind, port: number, options: { paused?: boolean } = {}): Promise<WebSocket> {
  const url =
    kind === 'levibot'
      ? `ws://127.0.0.1:${port}/ws/events?event_type=BENCH_TICK`
      : kind === 'socketio'
        ? `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`
        : `ws://127.0.0.1:${port}/`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let ready = false;
    const becomeReady = () => {
      if (ready) return;
      ready = true;
      if (options.paused) {
        ws.pause();
        stalled.push(ws);
      } else {
        sockets.push(ws);
      }
      resolve(ws);
    };
    ws.on('message', (data: Buffer) => {
      if (kind === 'socketio') {
        const packetType = data[0];
        if (packetType === 0x30 /* '0' engine.io open */) return ws.send('40');
        if (packetType === 0x32 /* '2' ping */) return ws.send('3');
        if (data[0] === 0x34 && data[1] === 0x30 /* '40' connected */) return becomeReady();
        if (!ready) return;
        return record(data);
      }
      if (!ready) {
        becomeReady();
        if (kind === 'levibot') return; // the hello frame
      }
      record(data);
    });
    if (kind === 'raw') ws.once('open', becomeReady);
    ws.once('error', reject);
  });
}

async function connect(args: Record<string, unknown>): Promise<{ open: number }> {
  const kind = args.kind as ServerKind;
  const port = Number(args.port);
  const count = Number(args.count);
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => open(kind, port)));
  }
  return { open: sockets.length };
}

serveRequests({
  connect,
  /** One more client that stops reading as soon as it is connected. */
  addStalled: async (args) => {
    await open(args.kind as ServerKind, Number(args.port), { paused: true });
    return true;
  },
  removeStalled: () => {
    for (const ws of stalled.splice(0)) ws.terminate();
    return true;
  },
  reset: () => {
    histogram.reset();
    received = 0;
    gaps = 0;
    return true;
  },
  report: () => ({
    received,
    gaps,
    p50: histogram.percentile(50),
    p99: histogram.percentile(99),
    max: histogram.max,
  }),
  closeAll: async () => {
    for (const ws of [...sockets.splice(0), ...stalled.splice(0)]) ws.terminate();
    return true;
  },
  memory: () => process.memoryUsage(),
});
