/**
 * Synthetic adapter of the MarketFeed port: a seeded random walk per symbol (for demos and
 * benchmarks). Every step is a book update followed, half of the time, by a trade at the touch.
 */
import type { FeedSink, MarketFeed } from '../feed.js';
import { seededRandom } from '../../shared/random.js';
import type { Tick } from '../tick.js';

const START_PRICES: Record<string, number> = {
  'BTC/USDT': 61_700,
  'ETH/USDT': 2_680,
  'SOL/USDT': 152,
  'BNB/USDT': 512,
};
/** Per-step volatility of the walk (about 1 bp). */
const STEP_SIGMA = 0.0001;
const SPREAD = 0.00005;

/** Generates ticks of a random walk; deterministic for a seed. */
export class RandomWalk {
  private readonly random: () => number;
  private readonly prices = new Map<string, number>();

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  /** One step for `symbol` at time `ts`: a book tick, and a trade tick half of the time. */
  step(symbol: string, ts: number, out: Tick[]): void {
    const previous = this.prices.get(symbol) ?? START_PRICES[symbol] ?? 100;
    // Sum of uniforms: close enough to a normal step, and cheap.
    const shock = (this.random() + this.random() + this.random() - 1.5) * 2 * STEP_SIGMA;
    const mid = round(previous * (1 + shock));
    this.prices.set(symbol, mid);
    const bid = round(mid * (1 - SPREAD));
    const ask = round(mid * (1 + SPREAD));
    const bidQty = round(0.1 + this.random() * 3);
    const askQty = round(0.1 + this.random() * 3);
    out.push({ symbol, ts, bid, ask, bidQty, askQty, last: mid, qty: 0, side: null });
    if (this.random() < 0.5) {
      const buy = this.random() < 0.5;
      const qty = round(0.001 + this.random() * 0.2);
      out.push({
        symbol,
        ts,
        bid,
        ask,
        bidQty,
        askQty,
        last: buy ? ask : bid,
        qty,
        side: buy ? 'buy' : 'sell',
      });
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}

export interface SyntheticFeedOptions {
  symbols: readonly string[];
  seed: number;
  /** Steps per second per symbol. */
  ticksPerSecond: number;
  /** Clock of the tick timestamps. @default Date.now */
  now?: () => number;
}

export class SyntheticFeed implements MarketFeed {
  readonly kind = 'synthetic' as const;
  readonly symbols: readonly string[];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SyntheticFeedOptions) {
    this.symbols = options.symbols;
  }

  async start(sink: FeedSink): Promise<void> {
    const walk = new RandomWalk(this.options.seed);
    const now = this.options.now ?? Date.now;
    const periodMs = 50;
    const stepsPerPeriod = Math.max(1, Math.round((this.options.ticksPerSecond * periodMs) / 1000));
    const buffer: Tick[] = [];
    const emit = () => {
      const ts = now();
      for (let i = 0; i < stepsPerPeriod; i++)
        for (const symbol of this.symbols) walk.step(symbol, ts, buffer);
      for (const tick of buffer) sink.tick(tick);
      buffer.length = 0;
    };
    emit();
    this.timer = setInterval(emit, periodMs);
    sink.status({ status: 'connected', detail: `seed ${this.options.seed}` });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
