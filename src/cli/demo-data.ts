/**
 * A realistic, deterministic day of LeviBot events for demos and tests: every catalogue type,
 * several symbols, and complete signal → order → position traces whose numbers agree.
 */
import { CATALOGUE_EVENT_TYPES, type EventInput } from '../events/index.js';

const HOUR_MS = 3_600_000;

/** Small seeded PRNG (mulberry32): the demo must be identical for the same seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARKETS = [
  { symbol: 'BTC/USDT', price: 61_700, decimals: 2 },
  { symbol: 'ETH/USDT', price: 2_682, decimals: 2 },
  { symbol: 'SOL/USDT', price: 152.4, decimals: 3 },
  { symbol: 'BNB/USDT', price: 512.3, decimals: 2 },
  { symbol: 'XRP/USDT', price: 0.5712, decimals: 4 },
];

const CHANNELS = ['binance_killers', 'wolf_of_trading', 'fed_russian_insiders', 'crypto_vip_signals'];
const FEE_RATE = 0.0005;

export interface DemoOptions {
  /** End of the generated day, epoch ms. @default Date.now() */
  endMs?: number;
  /** @default 1 */
  days?: number;
  /** @default 42 */
  seed?: number;
  /** Routed signals per day. @default 40 */
  signalsPerDay?: number;
}

export function generateDemoEvents(options: DemoOptions = {}): EventInput[] {
  const endMs = options.endMs ?? Date.now();
  const days = options.days ?? 1;
  const rand = random(options.seed ?? 42);
  const startMs = endMs - days * 24 * HOUR_MS;
  const events: EventInput[] = [];
  const at = (ms: number) => new Date(Math.min(ms, endMs)).toISOString();
  const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

  events.push({ ts: at(startMs), event_type: 'BOT_STARTED', source: 'control', payload: { reason: 'demo start' } });
  events.push({
    ts: at(startMs + 1000),
    event_type: 'FEED_STATUS',
    source: 'market',
    payload: { kind: 'replay', status: 'connected', replay: true, symbols: MARKETS.map((m) => m.symbol) },
  });
  events.push({
    ts: at(startMs + 2000),
    event_type: 'RISK_POLICY_CHANGED',
    source: 'risk',
    payload: { from: 'conservative', to: 'moderate' },
  });

  let equity = 10_000;
  let realized = 0;
  const signals = Math.max(1, Math.round((options.signalsPerDay ?? 40) * days));
  for (let n = 0; n < signals; n++) {
    const market = pick(MARKETS);
    const side = rand() < 0.6 ? 'BUY' : 'SELL';
    const direction = side === 'BUY' ? 1 : -1;
    const t0 = startMs + ((n + 0.5) / signals) * days * 24 * HOUR_MS;
    const traceId = `demo-${n.toString(36).padStart(4, '0')}-${Math.floor(rand() * 1e9).toString(36)}`;
    const entry = round(market.price * (1 + (rand() - 0.5) * 0.02), market.decimals);
    const tp = round(entry * (1 + direction * 0.012), market.decimals);
    const sl = round(entry * (1 - direction * 0.008), market.decimals);
    const base = market.symbol.split('/')[0]!;
    const text = `${side === 'BUY' ? 'LONG' : 'SHORT'} #${base}USDT\nEntry: ${entry}\nTP1: ${tp}\nSL: ${sl}\nLeverage: 5x`;
    const confidence = round(0.55 + rand() * 0.44, 3);
    const fe = { symbols: [market.symbol], side, entry: [entry], tps: [tp], sl, leverage: 5, size: null };
    const common = { symbol: market.symbol, trace_id: traceId };
    events.push({
      ...common,
      ts: at(t0),
      event_type: 'SIGNAL_INGEST',
      source: 'telegram',
      payload: { text, channel: pick(CHANNELS) },
    });
    events.push({
      ...common,
      ts: at(t0 + 40),
      event_type: 'SIGNAL_SCORED',
      source: 'signals',
      payload: { label: side, confidence, reasons: [`side word: ${side}`, 'entry, TP and SL present'], fe },
    });
    if (confidence < 0.7) {
      events.push({
        ...common,
        ts: at(t0 + 60),
        event_type: 'AUTO_ROUTE_SKIPPED',
        source: 'router',
        payload: { reason: 'confidence below AUTO_ROUTE_MIN_CONF', confidence, min_conf: 0.7 },
      });
      continue;
    }
    if (n % 7 === 3) {
      events.push({
        ...common,
        ts: at(t0 + 60),
        event_type: 'AUTO_ROUTE_DRYRUN',
        source: 'router',
        payload: { side, notional_usd: 25, tp, sl, dry_run: true },
      });
      continue;
    }
    const notional = 25 + Math.floor(rand() * 4) * 25;
    const fill = round(entry * (1 + direction * 0.0002), market.decimals);
    const qty = round(notional / fill, 6);
    const orderId = `po-${n + 1}`;
    events.push({
      ...common,
      ts: at(t0 + 60),
      event_type: 'AUTO_ROUTE_EXECUTED',
      source: 'router',
      payload: { side, notional_usd: notional, tp, sl, order_id: orderId },
    });
    events.push({
      ...common,
      ts: at(t0 + 75),
      event_type: 'ORDER_NEW',
      source: 'paper',
      payload: { order_id: orderId, side, type: 'market', qty, notional_usd: notional },
    });
    if (n % 5 === 1) {
      const partial = round(qty / 2, 6);
      events.push({
        ...common,
        ts: at(t0 + 90),
        event_type: 'ORDER_PARTIAL_FILL',
        source: 'paper',
        payload: { order_id: orderId, side, fill_qty: partial, filled_qty: partial, remaining_qty: round(qty - partial, 6), price: fill },
      });
    }
    const entryFee = round(fill * qty * FEE_RATE, 6);
    events.push({
      ...common,
      ts: at(t0 + 110),
      event_type: 'ORDER_FILLED',
      source: 'paper',
      payload: { order_id: orderId, side, qty, price: fill, fee: entryFee, slippage_bps: 2 },
    });
    events.push({
      ...common,
      ts: at(t0 + 120),
      event_type: 'POSITION_OPENED',
      source: 'paper',
      payload: { side: side === 'BUY' ? 'long' : 'short', qty, entry_price: fill, sl, tp },
    });
    const wins = rand() < 0.58;
    const exit = wins ? tp : sl;
    const holdMs = (5 + rand() * 120) * 60_000;
    events.push({
      ...common,
      ts: at(t0 + holdMs),
      event_type: 'RISK_SLTP',
      source: 'risk',
      severity: wins ? 'info' : 'warning',
      payload: { trigger: wins ? 'take_profit' : 'stop_loss', level: exit, price: exit },
    });
    const exitFee = round(exit * qty * FEE_RATE, 6);
    const pnl = round((exit - fill) * qty * direction - entryFee - exitFee, 6);
    realized = round(realized + pnl, 6);
    equity = round(equity + pnl, 2);
    events.push({
      ...common,
      ts: at(t0 + holdMs + 20),
      event_type: 'POSITION_CLOSED',
      source: 'paper',
      payload: { side: side === 'BUY' ? 'long' : 'short', qty, entry_price: fill, exit_price: exit, fees: round(entryFee + exitFee, 6), realized_pnl: pnl, reason: wins ? 'take_profit' : 'stop_loss' },
    });
    if (Math.abs(pnl) > notional * 0.009) {
      events.push({
        ...common,
        ts: at(t0 + holdMs + 30),
        event_type: 'ALERT_TRIGGERED',
        source: 'alerts',
        severity: pnl < 0 ? 'warning' : 'info',
        payload: { rule: 'large_pnl', message: `${market.symbol} closed with ${pnl.toFixed(2)} USDT` },
      });
      events.push({
        ...common,
        ts: at(t0 + holdMs + 450),
        event_type: n % 6 === 0 ? 'ALERT_FAILED' : 'ALERT_SENT',
        source: 'alerts',
        severity: n % 6 === 0 ? 'error' : 'info',
        payload: n % 6 === 0 ? { channel: 'slack', error: 'HTTP 503 from webhook', attempt: 1 } : { channel: 'telegram', rule: 'large_pnl' },
      });
    }
  }

  for (let t = startMs; t < endMs; t += HOUR_MS / 6) {
    events.push({
      ts: at(t),
      event_type: 'EQUITY_SNAPSHOT',
      source: 'paper',
      severity: 'debug',
      payload: { equity: round(10_000 + (equity - 10_000) * ((t - startMs) / (endMs - startMs)), 2), cash: 10_000, realized_pnl: realized },
    });
  }

  const later = (fraction: number) => at(startMs + fraction * days * 24 * HOUR_MS);
  const symbol = MARKETS[1]!.symbol;
  events.push(
    { ts: later(0.2), event_type: 'ORDER_REJECTED', source: 'paper', symbol, severity: 'warning', payload: { reason: 'no market data for symbol yet', side: 'BUY', notional_usd: 50 } },
    { ts: later(0.3), event_type: 'RISK_BLOCKED', source: 'risk', symbol, severity: 'warning', payload: { reason: 'cooldown', remaining_s: 12 } },
    { ts: later(0.35), event_type: 'FEED_STATUS', source: 'market', severity: 'warning', payload: { kind: 'replay', status: 'stale', stale_s: 12 } },
    { ts: later(0.4), event_type: 'DS_APPEND', source: 'signals', payload: { label: 'NO-TRADE', text: 'TP1 hit ✅ +35% profit', dataset_size: 412 } },
    { ts: later(0.41), event_type: 'MODEL_TRAINED', source: 'signals', payload: { dataset_size: 412, cv_accuracy: 0.981, ece: 0.021 } },
    { ts: later(0.5), event_type: 'CONFIG_CHANGED', source: 'config', payload: { changes: [{ name: 'AUTO_ROUTE_MIN_CONF', from: 0.6, to: 0.7 }], via: 'api' } },
    { ts: later(0.7), event_type: 'KILL_SWITCH', source: 'risk', severity: 'critical', payload: { on: true, reason: 'max daily loss reached', daily_pnl: -210.5 } },
    { ts: later(0.72), event_type: 'KILL_SWITCH', source: 'risk', payload: { on: false, reason: 'manual reset' } },
    { ts: later(0.9), event_type: 'BOT_STOPPED', source: 'control', severity: 'warning', payload: { reason: 'maintenance' } },
    { ts: later(0.91), event_type: 'BOT_STARTED', source: 'control', payload: { reason: 'maintenance done' } },
  );

  events.sort((a, b) => Date.parse(a.ts!) - Date.parse(b.ts!));
  const missing = CATALOGUE_EVENT_TYPES.filter((type) => !events.some((event) => event.event_type === type));
  if (missing.length > 0) throw new Error(`demo data lacks ${missing.join(', ')}`);
  return events;
}
