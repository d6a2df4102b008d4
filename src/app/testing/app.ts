/** Test helpers: a LeviBot on a fresh temporary DATA_DIR, in-process or as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLeviBot, type LeviBot, loadRuntimeConfig } from '../app.js';

export interface TestLeviBot extends LeviBot {
  dataDir: string;
  /** Close and delete the data folder. */
  destroy(): Promise<void>;
}

export function tempDataDir(prefix = 'levibot-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An in-process LeviBot; settings from `env` only (no YAML file, no process environment). */
export async function createTestLeviBot(env: Record<string, string> = {}): Promise<TestLeviBot> {
  const dataDir = env.DATA_DIR ?? tempDataDir();
  const runtime = loadRuntimeConfig({
    env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', STORE_SYNC: 'normal', ...env },
    file: '',
  });
  const levibot = await createLeviBot(runtime);
  return Object.assign(levibot, {
    dataDir,
    async destroy() {
      await levibot.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const BIN = fileURLToPath(new URL('../../../bin/levibot.js', import.meta.url));

/** Servers still running: killed when this process exits, even through an uncaught exception. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  /** Wait for the process to exit. */
  exited: Promise<number | null>;
}

/** Start `levibot serve` (the built dist) and wait until /readyz answers. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 20_000): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let output = '';
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code ?? -1));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return { child, url, port, output: () => output, exited };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready in ${timeoutMs} ms:\n${output}`);
}
