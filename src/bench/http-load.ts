/**
 * A minimal keep-alive HTTP load generator for benchmarks. Written here rather than pulling in
 * autocannon because the benches need per-request bodies and latency samples, nothing more.
 */
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
}

/** Send `bodies` (already serialised) with `concurrency` requests in flight. */
export async function postAll(
  url: string,
  bodies: readonly string[],
  concurrency: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latenciesMs: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const send = async (body: string) => {
    const { ms, status } = await timedPost(agent, target, body);
    if (status !== 0) latenciesMs.push(ms);
    return status;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const status = await send(bodies[next++]!);
        if (status !== 201 && status !== 200) failures++;
      }
    }),
  );
  agent.destroy();
  return { requests: bodies.length, failures, seconds: (performance.now() - started) / 1000, latenciesMs };
}

/** POST one JSON body and time it until the response has been read; status 0 when the request failed. */
export function timedPost(agent: Agent, target: URL, body: string): Promise<{ ms: number; status: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - t0, status: 0 }));
    req.end(body);
  });
}

/** GET one URL and time it. */
export async function timedGet(
  agent: Agent,
  url: string,
): Promise<{ ms: number; status: number; bytes: number }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      { agent, host: target.hostname, port: target.port, path: target.pathname + target.search },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0, bytes }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
