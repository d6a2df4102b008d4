/**
 * Replay adapter of the MarketFeed port: the recorded captures, paced by exchange time at
 * REPLAY_SPEED (1 = real time, N = N times faster, Infinity = as fast as the consumer takes them),
 * looping forever. Each loop is shifted forward in time by the capture's span plus one second, so
 * time never runs backwards for candles and the engine.
 */
import type { FeedSink, MarketFeed } from '../feed.js';
import type { Tick } from '../tick.js';
import { loadCaptureTicks } from './capture.js';

export interface ReplayFeedOptions {
  files: readonly string[];
  symbols: readonly string[];
  /** Multiplier of real time; Infinity for as fast as possible. @default 1 */
  speed?: number;
  /** Stop after this many passes (tests, backtests). @default Infinity */
  loops?: number;
  /** Ticks handed over per macrotask at max speed, so that I/O is served in between. @default 2000 */
  batch?: number;
  /**
   * Continue after this (shifted) time instead of from the start: a restarted or newly elected
   * instance picks the replay up where the stored history ends, so no tick is stored twice.
   */
  resumeAfterMs?: number;
}

const LOOP_GAP_MS = 1000;
/** Pacing timers shorter than this are not worth a timer; the due ticks go out together. */
const MIN_TIMER_MS = 4;

export class ReplayFeed implements MarketFeed {
  readonly kind = 'replay' as const;
  readonly symbols: readonly string[];
  private ticks: Tick[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private stopped = false;
  private finished: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReplayFeedOptions) {
    this.symbols = options.symbols;
  }

  /** Resolves when the feed stops by itself (a finite `loops`) or is stopped. */
  get done(): Promise<void> {
    return this.finished;
  }

  async start(sink: FeedSink): Promise<void> {
    this.ticks = loadCaptureTicks(this.options.files, new Set(this.symbols));
    if (this.ticks.length === 0) {
      throw new Error(`the replay files hold no ticks for ${this.symbols.join(', ')}`);
    }
    this.finished = new Promise((resolve) => this.play(sink, resolve));
    sink.status({
      status: 'connected',
      detail: `${this.ticks.length} ticks from ${this.options.files.length} file(s)`,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
  }

  private play(sink: FeedSink, resolve: () => void): void {
    const ticks = this.ticks;
    const speed = this.options.speed ?? 1;
    const loops = this.options.loops ?? Number.POSITIVE_INFINITY;
    const batch = this.options.batch ?? 2000;
    const first = ticks[0]!.ts;
    let lastTs = first;
    for (const tick of ticks) if (tick.ts > lastTs) lastTs = tick.ts;
    const span = lastTs - first + LOOP_GAP_MS;
    let loop = 0;
    let index = 0;
    const resumeAfter = this.options.resumeAfterMs;
    if (resumeAfter !== undefined && resumeAfter >= first) {
      loop = Math.floor((resumeAfter - first) / span);
      index = ticks.findIndex((tick) => tick.ts + loop * span > resumeAfter);
      if (index < 0) {
        loop++;
        index = 0;
      }
    }
    let wallStart = performance.now();
    let paceFrom = ticks[index]!.ts;
    const finish = () => {
      this.timer = null;
      resolve();
    };
    const step = () => {
      this.timer = null;
      if (this.stopped) return finish();
      const shift = loop * span;
      const dueUntil =
        speed === Number.POSITIVE_INFINITY
          ? Number.POSITIVE_INFINITY
          : paceFrom + (performance.now() - wallStart) * speed;
      let sent = 0;
      while (index < ticks.length && sent < batch) {
        const tick = ticks[index]!;
        if (tick.ts > dueUntil) break;
        sink.tick(shift === 0 ? tick : { ...tick, ts: tick.ts + shift });
        index++;
        sent++;
      }
      if (index >= ticks.length) {
        loop++;
        index = 0;
        if (loop >= loops) return finish();
        sink.status({ status: 'looped', loop });
        wallStart = performance.now();
        paceFrom = first;
      }
      if (speed === Number.POSITIVE_INFINITY || sent === batch) {
        this.timer = setImmediate(step);
        return;
      }
      const next = ticks[index]!.ts;
      const waitMs = Math.max(MIN_TIMER_MS, (next - dueUntil) / speed);
      this.timer = setTimeout(step, waitMs);
    };
    if (loop >= loops) return finish();
    this.timer = setImmediate(step);
  }
}
