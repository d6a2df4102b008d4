/**
 * Request/response over a child process's IPC channel, for the gateway bench: the parent runs
 * the servers and the load generator as separate processes and drives them step by step.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Request {
  id: number;
  command: string;
  args?: Record<string, unknown>;
}

export interface Response {
  id: number;
  result?: unknown;
  error?: string;
}

export class ChildWorker {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: Response) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code) => {
      for (const waiter of this.pending.values())
        waiter.reject(new Error(`bench worker exited with ${code}`));
      this.pending.clear();
    });
  }

  /**
   * Start `script` (a module next to this one) with `args`. The shell raises the soft limit on
   * open files to the hard limit first: 10,000 sockets need more than the usual 1,024.
   */
  static start(script: string, args: string[], nodeFlags: string[] = []): ChildWorker {
    const path = fileURLToPath(new URL(script, import.meta.url));
    const quoted = [process.execPath, '--expose-gc', ...nodeFlags, path, ...args]
      .map((part) => `'${part.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const child = spawn('/bin/sh', ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${quoted}`], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ChildWorker(child);
  }

  call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, command, args } satisfies Request);
    });
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** In a worker: answer the parent's requests with `handlers`. */
export function serveRequests(handlers: Record<string, (args: Record<string, unknown>) => unknown>): void {
  process.on('message', (message: Request) => {
    const handler = handlers[message.command];
    const reply = (response: Omit<Response, 'id'>) => process.send!({ id: message.id, ...response });
    if (!handler) {
      reply({ error: `unknown command ${message.command}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args ?? {}))
      .then(
        (result) => reply({ result }),
        (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
      );
  });
  // Exiting (rather than dying of the signal) lets --cpu-prof write its profile.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

/** Wall-clock time in ms with sub-ms precision, comparable between processes of one machine. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
