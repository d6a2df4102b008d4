/**
 * Cross-instance delivery (scale-out issue): two LeviBot processes on one PostgreSQL and one
 * Redis; events are POSTed to A at a fixed rate and received over /ws/events on B. Latency runs
 * from the moment the POST is sent to the moment B's frame arrives (same clock: this process).
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import pg from 'pg';
import WebSocket from 'ws';
import { spawnServer, tempDataDir } from '../app/testing/app.js';
import { type BenchMeasurement, type BenchSuite, round, summarize } from './harness.js';
import { timedPost } from './http-load.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE = Number(process.env.BENCH_CLUSTER_RATE ?? 5000);
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 10);
const BATCH = 25;

export const clusterSuite: BenchSuite = {
  name: 'cluster',
  description: 'cross-instance publish-to-receive latency at a fixed event rate (PostgreSQL + Redis)',
  async run(): Promise<BenchMeasurement[]> {
    const schema = `bench_cluster_${Date.now().toString(36)}`;
    const common = {
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      REDIS_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
      FEED: 'synthetic',
      LOG_LEVEL: 'warn',
    };
    const a = await spawnServer({ ...common, DATA_DIR: tempDataDir('levibot-bench-a-') });
    const b = await spawnServer({ ...common, DATA_DIR: tempDataDir('levibot-bench-b-') });
    try {
      const sentAt = new Map<number, number>();
      const receiver = async (url: string) => {
        const latencies: number[] = [];
        const socket = new WebSocket(`${url.replace('http', 'ws')}/ws/events?event_type=CLUSTER_PROBE`);
        socket.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { type: string; payload: { seq: number } };
          if (frame.type !== 'event') return;
          const started = sentAt.get(frame.payload.seq);
          if (started !== undefined) latencies.push(performance.now() - started);
        });
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        return { latencies, socket };
      };
      // B is the measurement; A (the instance that committed) is the same-run baseline without the Redis hop.
      const onB = await receiver(b.url);
      const onA = await receiver(a.url);
      const latencies = onB.latencies;
      const ackLatencies: number[] = [];
      const agent = new Agent({ keepAlive: true, maxSockets: 32 });
      const target = new URL(`${a.url}/events`);
      let seq = 0;
      let failures = 0;
      const inFlight: Promise<void>[] = [];
      const post = async (body: string) => {
        const { ms, status } = await timedPost(agent, target, body);
        if (status === 201) ackLatencies.push(ms);
        else failures++;
      };
      const intervalMs = (BATCH / RATE) * 1000;
      const started = performance.now();
      const total = RATE * SECONDS;
      while (seq < total) {
        const due = started + (seq / BATCH) * intervalMs;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        const batch = [];
        const now = performance.now();
        for (let i = 0; i < BATCH; i++) {
          sentAt.set(seq, now);
          batch.push({ event_type: 'CLUSTER_PROBE', source: 'bench', payload: { seq: seq++ } });
        }
        inFlight.push(post(JSON.stringify(batch)));
      }
      await Promise.all(inFlight);
      const achievedRate = total / ((performance.now() - started) / 1000);
      const deadline = Date.now() + 15_000;
      const expected = total - failures * BATCH;
      while ((latencies.length < expected || onA.latencies.length < expected) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      onA.socket.close();
      onB.socket.close();
      agent.destroy();
      const stats = summarize(latencies);
      const local = summarize(onA.latencies);
      const ack = summarize(ackLatencies);
      return [
        {
          name: 'cross_instance_p99',
          value: round(stats.p99, 2),
          unit: 'ms',
          target: { op: '<=', value: 50 },
          baseline: {
            name: 'same_instance_p99',
            value: round(local.p99, 2),
            ratio: round(stats.p99 / local.p99, 2),
          },
          notes: `POST to A → /ws/events frame on B; p50 ${round(stats.p50, 2)} ms, p95 ${round(stats.p95, 2)} ms, max ${round(stats.max, 1)} ms`,
        },
        {
          name: 'same_instance_p99',
          value: round(local.p99, 2),
          unit: 'ms',
          notes: `POST to A → /ws/events frame on A itself (no Redis hop), same events; p50 ${round(local.p50, 2)} ms, p95 ${round(local.p95, 2)} ms`,
        },
        {
          name: 'commit_ack_p99',
          value: round(ack.p99, 2),
          unit: 'ms',
          notes: `POST to A answered (PostgreSQL commit done); p50 ${round(ack.p50, 2)} ms, p95 ${round(ack.p95, 2)} ms`,
        },
        {
          name: 'cross_instance_rate',
          value: round(achievedRate, 0),
          unit: 'events/s',
          target: { op: '>=', value: RATE * 0.95 },
          notes: `${BATCH}-event POSTs for ${SECONDS} s; received ${latencies.length} of ${total}, ${failures} failed POSTs`,
        },
      ];
    } finally {
      for (const server of [a, b]) server.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  },
};
