/**
 * `npm run bench -- gateway`: fan-out to 1,000 WebSocket subscribers for LeviBot, a raw `ws`
 * server (the limit) and Socket.IO (the peer) in the same run; 10,000 idle connections; one
 * subscriber that stops reading. Servers and load generators each run in their own process.
 *
 * The machine may be shared, so the three fan-out servers are measured interleaved: each rate is
 * tried on all three within seconds of each other, and background load hits them alike.
 */
import { type BenchMeasurement, type BenchSuite, round } from '../../bench/harness.js';
import { ChildWorker } from './ipc.js';
import type { ServerKind } from './server.js';

const SUBSCRIBERS = 1_000;
const IDLE_CONNECTIONS = 10_000;
const P99_LIMIT_MS = 100;
const STEP_MS = 3_000;
const FIRST_RATE = 10;
const RATE_FACTOR = 1.5;
const MAX_RATE = 100_000;
const MB = 1024 * 1024;
const KINDS: ServerKind[] = ['raw', 'levibot', 'socketio'];

interface Report {
  received: number;
  gaps: number;
  p50: number;
  p99: number;
  max: number;
}

interface StepResult extends Report {
  rate: number;
  expected: number;
  cpuUsPerDelivery: number;
  passed: boolean;
}

interface Rig {
  kind: ServerKind;
  server: ChildWorker;
  loadgen: ChildWorker;
  port: number;
}

const log = (line: string) => console.error(`  gateway: ${line}`);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function openRig(kind: ServerKind, connections: number): Promise<Rig> {
  const server = ChildWorker.start('./server.js', [kind]);
  const port = await server.call<number>('port');
  const loadgen = ChildWorker.start('./loadgen.js', []);
  await loadgen.call('connect', { kind, port, count: connections });
  return { kind, server, loadgen, port };
}

async function closeRig(rig: Rig): Promise<void> {
  await rig.loadgen.call('closeAll').catch(() => {});
  await rig.loadgen.stop();
  await rig.server.call('close').catch(() => {});
  await rig.server.stop();
}

/** Publish at `rate` for STEP_MS and wait for every copy to arrive (or 3 s more). */
async function step(rig: Rig, rate: number): Promise<StepResult> {
  await rig.loadgen.call('reset');
  const cpuBefore = await rig.server.call<NodeJS.CpuUsage>('cpu');
  const { published } = await rig.server.call<{ published: number }>('publish', {
    rate,
    durationMs: STEP_MS,
  });
  const expected = published * SUBSCRIBERS;
  const deadline = Date.now() + 3_000;
  let report = await rig.loadgen.call<Report>('report');
  while (report.received < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    report = await rig.loadgen.call<Report>('report');
  }
  const cpuAfter = await rig.server.call<NodeJS.CpuUsage>('cpu');
  const cpuUs = cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system;
  const passed = report.received >= expected && report.gaps === 0 && report.p99 <= P99_LIMIT_MS;
  log(
    `${rig.kind.padEnd(8)} ${String(rate).padStart(6)}/s: p50 ${round(report.p50, 1)} ms, p99 ${round(report.p99, 1)} ms, ` +
      `${report.received}/${expected}${report.gaps ? `, ${report.gaps} gaps` : ''}, ` +
      `${round(cpuUs / Math.max(1, report.received), 2)} µs server CPU per delivery → ${passed ? 'ok' : 'over'}`,
  );
  return { rate, expected, ...report, cpuUsPerDelivery: cpuUs / Math.max(1, report.received), passed };
}

interface FanoutResult {
  rate: number;
  p99: number;
  cpuUsPerDelivery: number;
}

/**
 * Raise the rate by RATE_FACTOR on every server still in the race; a server leaves after two
 * rates in a row over the limit. Its result is the highest rate that passed.
 */
async function fanout(): Promise<Record<ServerKind, FanoutResult>> {
  log(`fan-out to ${SUBSCRIBERS} subscribers per server: ${KINDS.join(', ')}`);
  const rigs = await Promise.all(KINDS.map((kind) => openRig(kind, SUBSCRIBERS)));
  const best = Object.fromEntries(
    KINDS.map((kind) => [kind, { rate: 0, p99: Number.NaN, cpuUsPerDelivery: Number.NaN }]),
  ) as Record<ServerKind, FanoutResult>;
  const failures = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<ServerKind, number>;
  try {
    for (const rig of rigs) await step(rig, FIRST_RATE); // warm-up
    for (let rate = FIRST_RATE; rate <= MAX_RATE; rate = Math.round(rate * RATE_FACTOR)) {
      const running = rigs.filter((rig) => failures[rig.kind] < 2);
      if (running.length === 0) break;
      for (const rig of running) {
        const result = await step(rig, rate);
        if (result.passed) {
          failures[rig.kind] = 0;
          best[rig.kind] = { rate, p99: result.p99, cpuUsPerDelivery: result.cpuUsPerDelivery };
        } else {
          failures[rig.kind]++;
        }
      }
    }
  } finally {
    await Promise.all(rigs.map(closeRig));
  }
  return best;
}

async function idleRss(kind: ServerKind): Promise<{ rssMb: number; baseMb: number }> {
  log(`${IDLE_CONNECTIONS} idle connections, ${kind}`);
  const server = ChildWorker.start('./server.js', [kind]);
  const loadgen = ChildWorker.start('./loadgen.js', []);
  try {
    const port = await server.call<number>('port');
    const before = await server.call<NodeJS.MemoryUsage>('memory');
    await loadgen.call('connect', { kind, port, count: IDLE_CONNECTIONS });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await server.call<NodeJS.MemoryUsage>('memory');
    log(
      `${kind}: RSS ${round(before.rss / MB, 1)} MB empty, ${round(after.rss / MB, 1)} MB with ${IDLE_CONNECTIONS}`,
    );
    return { rssMb: after.rss / MB, baseMb: before.rss / MB };
  } finally {
    await closeRig({ kind, server, loadgen, port: 0 });
  }
}

/**
 * The others' p99 without and with one subscriber that stops reading, in an A-B-B-A order four
 * times so that drifting background load and warm-up affect both alike; and the server's memory.
 */
async function stalledSubscriber(rate: number): Promise<{
  p99Without: number;
  p99With: number;
  samplesWithout: number[];
  samplesWith: number[];
  rssBeforeMb: number;
  rssPeakMb: number;
}> {
  log(`one stalled subscriber among ${SUBSCRIBERS}, levibot, ${rate}/s`);
  const rig = await openRig('levibot', SUBSCRIBERS);
  try {
    await step(rig, rate); // warm-up
    const rssBefore = (await rig.server.call<NodeJS.MemoryUsage>('memory')).rss;
    let rssPeak = rssBefore;
    const without: number[] = [];
    const withStalled: number[] = [];
    for (let round = 0; round < 4; round++) {
      without.push((await step(rig, rate)).p99);
      await rig.loadgen.call('addStalled', { kind: 'levibot', port: rig.port });
      withStalled.push((await step(rig, rate)).p99);
      withStalled.push((await step(rig, rate)).p99);
      rssPeak = Math.max(rssPeak, (await rig.server.call<NodeJS.MemoryUsage>('memory')).rss);
      await rig.loadgen.call('removeStalled');
      without.push((await step(rig, rate)).p99);
    }
    return {
      p99Without: median(without),
      p99With: median(withStalled),
      samplesWithout: without,
      samplesWith: withStalled,
      rssBeforeMb: rssBefore / MB,
      rssPeakMb: rssPeak / MB,
    };
  } finally {
    await closeRig(rig);
  }
}

export const gatewayBench: BenchSuite = {
  name: 'gateway',
  description: `WebSocket fan-out to ${SUBSCRIBERS} subscribers (LeviBot vs raw ws vs Socket.IO), ${IDLE_CONNECTIONS} idle connections, a stalled subscriber`,
  async run(): Promise<BenchMeasurement[]> {
    const results = await fanout();
    const { raw, levibot, socketio } = results;
    const idle = await idleRss('levibot');
    const idleRaw = await idleRss('raw');
    // Well inside the limit, so that the stalled subscriber's effect is not lost in saturation noise.
    const stalled = await stalledSubscriber(Math.max(FIRST_RATE, Math.round(levibot.rate / 4)));
    const ratio = (value: number, base: number) => (base > 0 ? round(value / base) : Number.NaN);
    const fanoutNote = (result: FanoutResult) =>
      `highest publish rate with p99 publish-to-receive <= ${P99_LIMIT_MS} ms and every copy delivered to ` +
      `${SUBSCRIBERS} subscribers; ${result.rate * SUBSCRIBERS} deliveries/s, p99 there ${round(result.p99, 1)} ms, ` +
      `${round(result.cpuUsPerDelivery, 2)} µs server CPU per delivery`;
    return [
      { name: 'fanout_raw_ws_msgs_per_s', value: raw.rate, unit: 'msg/s', notes: fanoutNote(raw) },
      {
        name: 'fanout_levibot_msgs_per_s',
        value: levibot.rate,
        unit: 'msg/s',
        baseline: { name: 'fanout_raw_ws_msgs_per_s', value: raw.rate, ratio: ratio(levibot.rate, raw.rate) },
        notes: fanoutNote(levibot),
      },
      {
        name: 'fanout_socketio_msgs_per_s',
        value: socketio.rate,
        unit: 'msg/s',
        notes: fanoutNote(socketio),
      },
      {
        name: 'fanout_levibot_vs_raw_ws',
        value: ratio(levibot.rate, raw.rate),
        unit: 'x',
        target: { op: '>=', value: 0.7 },
      },
      {
        name: 'fanout_levibot_vs_socketio',
        value: ratio(levibot.rate, socketio.rate),
        unit: 'x',
        target: { op: '>=', value: 2 },
      },
      {
        name: 'idle_10k_rss_mb',
        value: round(idle.rssMb, 1),
        unit: 'MB',
        target: { op: '<=', value: 300 },
        baseline: {
          name: 'idle_10k_rss_mb_raw_ws',
          value: round(idleRaw.rssMb, 1),
          ratio: ratio(idle.rssMb, idleRaw.rssMb),
        },
        notes: `LeviBot server RSS with ${IDLE_CONNECTIONS} connections on /ws/events (${round(idle.baseMb, 1)} MB before they connected)`,
      },
      {
        name: 'stalled_subscriber_p99_increase_pct',
        value: round(((stalled.p99With - stalled.p99Without) / stalled.p99Without) * 100, 1),
        unit: '%',
        target: { op: '<=', value: 10 },
        notes:
          `median p99 of the ${SUBSCRIBERS} others: ${round(stalled.p99Without, 1)} ms without, ${round(stalled.p99With, 1)} ms with one subscriber that stopped reading; ` +
          `per step without [${stalled.samplesWithout.map((v) => round(v, 1)).join(', ')}], with [${stalled.samplesWith.map((v) => round(v, 1)).join(', ')}]`,
      },
      {
        name: 'stalled_subscriber_rss_growth_mb',
        value: round(stalled.rssPeakMb - stalled.rssBeforeMb, 1),
        unit: 'MB',
        notes: `server RSS ${round(stalled.rssBeforeMb, 1)} MB before, at most ${round(stalled.rssPeakMb, 1)} MB while a subscriber did not read (its queue is bounded at 1 MiB)`,
      },
    ];
  },
};
