/**
 * A realistic, deterministic day of LeviBot events for demos and tests: every catalogue type,
 * several symbols, and complete signal → order → position traces whose numbers agree.
 *
 * The trading events come from the real PaperEngine driven by scripted ticks, so their payloads
 * have exactly the shapes the engine emits in production.
 */
import { CATALOGUE_EVENT_TYPES, type EventInput } from '../events/index.js';
import type { Tick } from '../market/index.js';
import { type EngineSettings, PaperEngine } from '../trading/index.js';
import { seededRandom } from '../shared/random.js';

const HOUR_MS = 3_600_000;

const MARKETS = [
  { symbol: 'BTC/USDT', price: 61_700, decimals: 2 },
  { symbol: 'ETH/USDT', price: 2_682, decimals: 2 },
  { symbol: 'SOL/USDT', price: 152.4, decimals: 3 },
  { symbol: 'BNB/USDT', price: 512.3, decimals: 2 },
  { symbol: 'XRP/USDT', price: 0.5712, decimals: 4 },
];

const CHANNELS = ['binance_killers', 'wolf_of_trading', 'fed_russian_insiders', 'crypto_vip_signals'];

const DEMO_ENGINE: EngineSettings = {
  PAPER_INITIAL_CASH: 10_000,
  PAPER_SLIPPAGE_BPS: 2,
  PAPER_MAKER_FEE_BPS: 2,
  PAPER_TAKER_FEE_BPS: 5,
  // One snapshot every 10 minutes keeps the demo day small; the server default is 10 s.
  PAPER_EQUITY_SNAPSHOT_S: 600,
  RISK_POLICY: 'conservative',
  RISK_MIN_NOTIONAL: 10,
  RISK_MAX_NOTIONAL: 1_000,
  RISK_MAX_POSITION_NOTIONAL: 5_000,
  RISK_MAX_DAILY_LOSS: 0,
};

/** A position the script will take to its exit. */
interface Plan {
  symbol: string;
  direction: 1 | -1;
  entry: number;
  exit: number;
  openedAt: number;
  exitAt: number;
}

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
  const rand = seededRandom(options.seed ?? 42);
  const startMs = endMs - days * 24 * HOUR_MS;
  const events: EventInput[] = [];
  const at = (ms: number) => new Date(Math.min(ms, endMs)).toISOString();
  const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const symbols = MARKETS.map((m) => m.symbol);

  // The engine runs on a scripted clock; actions run in time order and its events keep their times.
  let now = startMs;
  const settings = { ...DEMO_ENGINE };
  const engine = new PaperEngine({ settings, clock: () => now });
  const actions: { at: number; order: number; run: () => void }[] = [];
  const schedule = (ms: number, run: () => void) => {
    if (ms <= endMs) actions.push({ at: ms, order: actions.length, run });
  };
  const collect = () => {
    for (const event of engine.takeEvents()) events.push(event);
  };
  const tick = (symbol: string, bid: number, ask: number, size = 50): Tick => ({
    symbol,
    ts: now,
    bid,
    ask,
    bidQty: size,
    askQty: size,
    last: bid,
    qty: 0,
    side: null,
  });
  const open = new Map<string, Plan>();

  events.push({
    ts: at(startMs),
    event_type: 'BOT_STARTED',
    source: 'control',
    payload: { reason: 'demo start' },
  });
  events.push({
    ts: at(startMs + 1000),
    event_type: 'FEED_STATUS',
    source: 'market',
    payload: { status: 'connected', detail: 'demo', kind: 'replay', replay: true, symbols },
  });
  schedule(startMs + 2000, () => {
    engine.announcePolicyChange('conservative', 'moderate', 'api');
    settings.RISK_POLICY = 'moderate';
  });

  const signals = Math.max(1, Math.round((options.signalsPerDay ?? 40) * days));
  let blockedShown = false;
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
    const wins = rand() < 0.58;
    const holdMs = (5 + rand() * 120) * 60_000;
    const partial = n % 5 === 1;
    schedule(t0 + 60, () => {
      if (open.has(market.symbol)) {
        events.push({
          ...common,
          ts: at(now),
          event_type: 'AUTO_ROUTE_SKIPPED',
          source: 'router',
          payload: { reason: 'position already open on the symbol', side, notional_usd: notional },
        });
        return;
      }
      // The entry tick: the signal's entry at the touch; a thin book makes the order fill in two parts.
      const touchSize = partial ? notional / entry / 2 : 50;
      const spread = entry * 0.0001;
      engine.onTick(
        direction > 0
          ? tick(market.symbol, entry - spread, entry, touchSize)
          : tick(market.symbol, entry, entry + spread, touchSize),
      );
      collect();
      const outcome = engine.placeOrder({
        symbol: market.symbol,
        side: direction > 0 ? 'buy' : 'sell',
        notional_usd: notional,
        sl,
        tp,
        trace_id: traceId,
        source: 'router',
      });
      collect();
      if (outcome.status !== 'accepted') return;
      events.push({
        ...common,
        ts: at(now),
        event_type: 'AUTO_ROUTE_EXECUTED',
        source: 'router',
        payload: { side, notional_usd: notional, tp, sl, order_id: outcome.order_id },
      });
      open.set(market.symbol, {
        symbol: market.symbol,
        direction,
        entry,
        exit: wins ? tp : sl,
        openedAt: now,
        exitAt: t0 + holdMs,
      });
      if (!blockedShown) {
        // A duplicate of the same signal a few seconds later meets the policy's cooldown.
        blockedShown = true;
        now += 5000;
        engine.placeOrder({
          symbol: market.symbol,
          side: direction > 0 ? 'buy' : 'sell',
          notional_usd: notional,
          trace_id: `${traceId}-dup`,
          source: 'router',
        });
        collect();
      }
    });
    if (partial) {
      schedule(t0 + 75, () => {
        const spread = entry * 0.0001;
        engine.onTick(
          direction > 0
            ? tick(market.symbol, entry - spread, entry)
            : tick(market.symbol, entry, entry + spread),
        );
        collect();
      });
    }
    schedule(t0 + holdMs, () => {
      const plan = open.get(market.symbol);
      if (!plan || plan.exitAt !== t0 + holdMs) return;
      // The exit tick reaches the level exactly: the engine fires SL or TP and closes at the touch.
      const exit = plan.exit;
      const spread = exit * 0.0001;
      engine.onTick(
        plan.direction > 0
          ? tick(market.symbol, exit, exit + spread)
          : tick(market.symbol, exit - spread, exit),
      );
      collect();
      open.delete(market.symbol);
    });
  }

  for (let t = startMs; t < endMs; t += HOUR_MS / 6) {
    schedule(t, () => {
      // Open positions drift towards their exit between snapshots, so unrealized PnL moves.
      for (const plan of open.values()) {
        const progress = Math.min(1, (now - plan.openedAt) / (plan.exitAt - plan.openedAt)) * 0.8;
        const price = plan.entry + (plan.exit - plan.entry) * progress;
        engine.onTick(tick(plan.symbol, price * (1 - 0.00005), price * (1 + 0.00005)));
      }
      engine.advance();
      collect();
    });
  }

  const later = (fraction: number) => startMs + fraction * days * 24 * HOUR_MS;
  schedule(later(0.2), () => {
    engine.placeOrder({ symbol: 'DOGE/USDT', side: 'buy', notional_usd: 50, source: 'api' });
    collect();
  });
  schedule(later(0.3), () => {
    engine.placeOrder({
      symbol: 'ETH/USDT',
      side: 'buy',
      type: 'limit',
      price: 1000,
      notional_usd: 40,
      source: 'api',
    });
    const resting = engine.openOrders().find((order) => order.symbol === 'ETH/USDT' && order.price === 1000);
    if (resting) engine.cancelOrder(resting.order_id, 'cancelled by user');
    collect();
  });
  schedule(later(0.6), () => {
    engine.resetDaily('new trading day');
    collect();
  });
  schedule(later(0.7), () => {
    engine.setKillSwitch(true, 'manual: exchange incident');
    collect();
  });
  schedule(later(0.72), () => {
    engine.setKillSwitch(false, 'manual reset');
    collect();
  });

  actions.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const action of actions) {
    now = Math.max(now, Math.round(action.at));
    action.run();
  }

  events.push(
    {
      ts: at(later(0.35)),
      event_type: 'FEED_STATUS',
      source: 'market',
      severity: 'warning',
      payload: { status: 'stale', stale_s: 12, kind: 'replay', replay: true, symbols },
    },
    {
      ts: at(later(0.4)),
      event_type: 'DS_APPEND',
      source: 'signals',
      payload: { label: 'NO-TRADE', text: 'TP1 hit ✅ +35% profit', dataset_size: 412 },
    },
    {
      ts: at(later(0.41)),
      event_type: 'MODEL_TRAINED',
      source: 'signals',
      payload: { dataset_size: 412, cv_accuracy: 0.981, ece: 0.021 },
    },
    {
      ts: at(later(0.5)),
      event_type: 'CONFIG_CHANGED',
      source: 'config',
      payload: { changes: [{ name: 'AUTO_ROUTE_MIN_CONF', from: 0.6, to: 0.7 }], via: 'api' },
    },
    {
      ts: at(later(0.9)),
      event_type: 'BOT_STOPPED',
      source: 'control',
      severity: 'warning',
      payload: { reason: 'maintenance' },
    },
    {
      ts: at(later(0.91)),
      event_type: 'BOT_STARTED',
      source: 'control',
      payload: { reason: 'maintenance done' },
    },
  );
  for (const event of events) {
    if (event.event_type === 'POSITION_CLOSED' && Math.abs(Number(event.payload!.realized_pnl)) > 0.5) {
      const pnl = Number(event.payload!.realized_pnl);
      const ms = Date.parse(event.ts!);
      const common = { symbol: event.symbol, trace_id: event.trace_id };
      const failed = Number.parseInt(event.trace_id!.slice(5, 9), 36) % 6 === 0;
      events.push({
        ...common,
        ts: at(ms + 30),
        event_type: 'ALERT_TRIGGERED',
        source: 'alerts',
        severity: pnl < 0 ? 'warning' : 'info',
        payload: { rule: 'large_pnl', message: `${event.symbol} closed with ${pnl.toFixed(2)} USDT` },
      });
      events.push({
        ...common,
        ts: at(ms + 450),
        event_type: failed ? 'ALERT_FAILED' : 'ALERT_SENT',
        source: 'alerts',
        severity: failed ? 'error' : 'info',
        payload: failed
          ? { channel: 'slack', error: 'HTTP 503 from webhook', attempt: 1 }
          : { channel: 'telegram', rule: 'large_pnl' },
      });
    }
  }

  events.sort((a, b) => Date.parse(a.ts!) - Date.parse(b.ts!));
  const missing = CATALOGUE_EVENT_TYPES.filter((type) => !events.some((event) => event.event_type === type));
  if (missing.length > 0) throw new Error(`demo data lacks ${missing.join(', ')}`);
  return events;
}
