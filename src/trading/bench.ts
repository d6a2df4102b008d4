/**
 * Bench suite `trading`: the shipped captures replayed at max speed through the paper engine with
 * open positions and resting orders. Measures capture parsing separately from engine throughput,
 * the tick-to-PnL latency through the market hub, and a same-run baseline: a bare loop that only
 * marks one position to market per tick (what no engine can beat).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchMeasurement, BenchSuite } from '../bench/harness.js';
import { round, summarize } from '../bench/harness.js';
import {
  DEFAULT_CAPTURES,
  loadCaptureTicks,
  MarketHub,
  readCapture,
  capturesToTicks,
  SqliteTickStore,
  type Tick,
} from '../market/index.js';
import { type EngineSettings, PaperEngine } from './engine.js';

/** The engine settings every trading benchmark runs with (no daily-loss stop, wide notional limits). */
export const BENCH_ENGINE_SETTINGS: EngineSettings = {
  PAPER_INITIAL_CASH: 100_000,
  PAPER_SLIPPAGE_BPS: 2,
  PAPER_MAKER_FEE_BPS: 2,
  PAPER_TAKER_FEE_BPS: 5,
  PAPER_EQUITY_SNAPSHOT_S: 10,
  RISK_POLICY: 'aggressive',
  RISK_MIN_NOTIONAL: 10,
  RISK_MAX_NOTIONAL: 5_000,
  RISK_MAX_POSITION_NOTIONAL: 50_000,
  RISK_MAX_DAILY_LOSS: 0,
};

/** An engine that has seen the first ticks of both symbols and holds a long, a short and two resting limits. */
function engineWithPositions(ticks: readonly Tick[]): PaperEngine {
  const engine = new PaperEngine({ settings: { ...BENCH_ENGINE_SETTINGS } });
  const booked = new Set<string>();
  let index = 0;
  for (; index < ticks.length && booked.size < 2; index++) {
    engine.onTick(ticks[index]!);
    if (ticks[index]!.bid > 0) booked.add(ticks[index]!.symbol);
  }
  engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 3000, sl: 50_000, tp: 80_000 });
  engine.placeOrder({ symbol: 'ETH/USDT', side: 'sell', notional_usd: 2000, sl: 4000, tp: 1000 });
  // Past the policy's cooldown before the second order on each symbol.
  const after = engine.now() + (engine.policy().cooldown_s + 1) * 1000;
  for (; index < ticks.length && engine.now() < after; index++) engine.onTick(ticks[index]!);
  engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 40_000, notional_usd: 1000 });
  engine.placeOrder({ symbol: 'ETH/USDT', side: 'sell', type: 'limit', price: 5000, notional_usd: 1000 });
  if (engine.positions().length !== 2 || engine.openOrders().length !== 2)
    throw new Error('bench setup failed');
  engine.takeEvents();
  return engine;
}

/** Move a pass of ticks forward in time in place (between timed passes), as the replay's loop does. */
function shift(ticks: Tick[], by: number): void {
  for (const tick of ticks) tick.ts += by;
}

function measureParsing(): { messagesPerS: number; ticksPerS: number; ticks: number; ms: number } {
  const started = performance.now();
  const records = DEFAULT_CAPTURES.map(readCapture);
  const ticks = capturesToTicks(records);
  const ms = performance.now() - started;
  const messages = records.reduce((sum, list) => sum + list.length, 0);
  return {
    messagesPerS: messages / (ms / 1000),
    ticksPerS: ticks.length / (ms / 1000),
    ticks: ticks.length,
    ms,
  };
}

function measureEngine(ticks: Tick[], passes: number): { ticksPerS: number; events: number } {
  const engine = engineWithPositions(ticks);
  const span = ticks[ticks.length - 1]!.ts - ticks[0]!.ts + 1000;
  let elapsed = 0;
  let events = 0;
  for (let pass = 0; pass < passes; pass++) {
    shift(ticks, span);
    const started = performance.now();
    for (let i = 0; i < ticks.length; i++) engine.onTick(ticks[i]!);
    elapsed += performance.now() - started;
    events += engine.takeEvents().length;
  }
  if (engine.positions().length !== 2) throw new Error('positions closed during the bench');
  return { ticksPerS: (ticks.length * passes) / (elapsed / 1000), events };
}

function measureBaseline(ticks: Tick[], passes: number): number {
  let entry = ticks.find((tick) => tick.bid > 0)!.bid;
  let pnl = 0;
  const started = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < ticks.length; i++) {
      const tick = ticks[i]!;
      if (tick.symbol === 'BTC/USDT' && tick.bid > 0) pnl = (tick.bid - entry) * 0.05;
    }
    entry += 1e-9;
  }
  const ms = performance.now() - started;
  if (Number.isNaN(pnl)) throw new Error('unreachable');
  return (ticks.length * passes) / (ms / 1000);
}

/**
 * The whole served path: hub (last tick, candles, batched SQLite writes of every tick and changed
 * candle) fanning out to the engine. Writes are flushed every 5000 ticks inside the timed loop.
 */
async function measureServedPath(ticks: Tick[], passes: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'levibot-bench-'));
  const store = new SqliteTickStore({ file: join(dir, 'market.db') });
  try {
    const hub = new MarketHub({ store, flushTicks: Number.MAX_SAFE_INTEGER });
    const engine = engineWithPositions(ticks);
    hub.subscribeTicks('*', (tick) => engine.onTick(tick));
    const span = ticks[ticks.length - 1]!.ts - ticks[0]!.ts + 1000;
    let elapsed = 0;
    for (let pass = 0; pass < passes; pass++) {
      shift(ticks, span);
      const started = performance.now();
      for (let i = 0; i < ticks.length; i++) {
        hub.ingest(ticks[i]!);
        if (i % 5000 === 4999) await hub.flush();
      }
      await hub.flush();
      elapsed += performance.now() - started;
      engine.takeEvents();
    }
    await hub.close();
    return (ticks.length * passes) / (elapsed / 1000);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Per-tick latency from the hub receiving a tick to the engine's PnL being updated. */
function measureTickToPnl(ticks: Tick[]): number[] {
  const hub = new MarketHub();
  const engine = engineWithPositions(ticks);
  hub.subscribeTicks('*', (tick) => engine.onTick(tick));
  const samples: number[] = new Array(ticks.length);
  for (let i = 0; i < ticks.length; i++) {
    const started = performance.now();
    hub.ingest(ticks[i]!);
    samples[i] = performance.now() - started;
  }
  return samples;
}

export const TRADING_BENCH: BenchSuite = {
  name: 'trading',
  description:
    'Shipped Binance captures (BTC+ETH, 123k ticks) at max speed through the paper engine with open positions',
  async run(): Promise<BenchMeasurement[]> {
    const cold = measureParsing();
    const parsing = measureParsing();
    const ticks = loadCaptureTicks(DEFAULT_CAPTURES);
    const passes = 40;
    // Warm-up so that the JIT has optimised the hot path before anything is timed.
    measureEngine(ticks, 3);
    measureBaseline(ticks, 3);
    const baseline = measureBaseline(ticks, passes);
    const engine = measureEngine(ticks, passes);
    const served = await measureServedPath(ticks, 3);
    measureTickToPnl(ticks);
    const latency = summarize(measureTickToPnl(ticks).map((ms) => ms * 1000));
    return [
      {
        name: 'capture_parse_msgs_per_s',
        value: Math.round(parsing.messagesPerS),
        unit: 'msg/s',
        notes: `gunzip + parse of 3 capture files (trade and bookTicker lines; depth skipped unparsed) into ${parsing.ticks} ticks in ${round(parsing.ms, 1)} ms warm (${round(cold.ms, 1)} ms cold, the replay's start-up)`,
      },
      {
        name: 'engine_ticks_per_s',
        value: Math.round(engine.ticksPerS),
        unit: 'ticks/s',
        target: { op: '>=', value: 1_000_000 },
        baseline: {
          name: 'bare mark-to-market loop',
          value: Math.round(baseline),
          ratio: round(engine.ticksPerS / baseline, 3),
        },
        notes: `${passes} passes × ${ticks.length} ticks, 2 open positions with SL/TP, 2 resting limits, ${engine.events} events produced`,
      },
      {
        name: 'served_path_ticks_per_s',
        value: Math.round(served),
        unit: 'ticks/s',
        notes:
          'hub + engine with every tick and changed candle written to SQLite (market.db) in batches of 5000',
      },
      {
        name: 'tick_to_pnl_p50_us',
        value: round(latency.p50, 2),
        unit: 'µs',
        notes: 'hub.ingest (cache, candles, fan-out) → engine PnL updated, per tick',
      },
      {
        name: 'tick_to_pnl_p99_us',
        value: round(latency.p99, 2),
        unit: 'µs',
        target: { op: '<=', value: 1000 },
      },
      {
        name: 'tick_to_pnl_max_us',
        value: round(latency.max, 2),
        unit: 'µs',
        notes: `${latency.n} ticks timed`,
      },
    ];
  },
};
