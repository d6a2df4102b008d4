/**
 * A real LeviBot for the end-to-end tests: the built `levibot` command on a free port, over a
 * fresh DATA_DIR seeded with the demo day, fed by the replay of recorded market data.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/levibot.js', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export class E2EServer {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Seed a fresh data folder with the demo day and start serving it. */
  static async start(env: Record<string, string> = {}): Promise<E2EServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'levibot-e2e-'));
    const seeded = spawnSync(process.execPath, [BIN, 'seed-demo'], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stderr}${seeded.stdout}`);
    const server = new E2EServer(dataDir, await freePort(), env);
    await server.resume();
    return server;
  }

  /** Start (again) on the same port and data. */
  async resume(timeoutMs = 20_000): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        FEED: 'replay',
        LOG_LEVEL: 'warn',
        STORE_SYNC: 'normal',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`levibot exited with ${child.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`levibot did not become ready in ${timeoutMs} ms:\n${this.output}`);
  }

  /** Stop the process (SIGTERM, as an operator would) and wait for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
