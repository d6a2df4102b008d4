import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../config/index.js';
import type { EventLog } from '../events/index.js';
import type { ScoredSignal } from './model.js';
import { AutoRouter } from './router.js';
import { SIGNAL_SETTINGS } from './settings.js';
import { InMemoryOrderPort, openTestLog } from './testing/index.js';

function signal(overrides: Partial<ScoredSignal> = {}, fe: Partial<ScoredSignal['fe']> = {}): ScoredSignal {
  return {
    label: 'BUY',
    confidence: 0.9,
    reasons: [],
    ...overrides,
    fe: {
      symbols: ['BTC/USDT'],
      side: 'BUY',
      entry: [64000],
      tps: [65000, 66000],
      sl: 63000,
      leverage: 10,
      size: null,
      ...fe,
    },
  };
}

let log: EventLog;
let close: () => Promise<void>;
let orders: InMemoryOrderPort;
let bot: { running: boolean };
let clock: number;
let settings: ReturnType<typeof loadSettings<typeof SIGNAL_SETTINGS>>;
let router: AutoRouter;
let traceNo = 0;

beforeEach(() => {
  ({ log, close } = openTestLog());
  orders = new InMemoryOrderPort();
  orders.recordTo(log);
  bot = { running: true };
  clock = Date.parse('2025-01-01T00:00:00Z');
  settings = loadSettings(SIGNAL_SETTINGS, {
    env: { AUTO_ROUTE_ENABLED: 'true', AUTO_ROUTE_DRY_RUN: 'false' },
    file: '',
  });
  router = new AutoRouter({ settings, orders, bot, log, now: () => clock });
});
afterEach(async () => close());

async function route(scored: ScoredSignal) {
  const trace_id = `trace-${(traceNo += 1)}`;
  const decisions = await router.route({ trace_id, scored });
  const events = await log.store.trace(trace_id);
  return { decisions, events, trace_id };
}

describe('auto-router - guards', () => {
  it('auto-router - routes a confident signal as a market order carrying its stop and first target', async () => {
    const { decisions, events, trace_id } = await route(signal());
    expect(decisions).toMatchObject([{ symbol: 'BTC/USDT', market: 'BTC/USDT', decision: 'executed' }]);
    expect(orders.requests).toEqual([
      {
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        notional_usd: 25,
        sl: 63000,
        tp: 65000,
        trace_id,
        source: 'router',
      },
    ]);
    expect(events.map((event) => event.event_type)).toEqual(['AUTO_ROUTE_EXECUTED']);
    expect(events[0]).toMatchObject({
      symbol: 'BTC/USDT',
      trace_id,
      payload: { decision: 'executed', outcome: { status: 'accepted' } },
    });
  });

  it('auto-router - a signal without stop or targets leaves them to the risk policy', async () => {
    await route(signal({ label: 'SELL' }, { side: 'SELL', sl: null, tps: [] }));
    expect(orders.requests[0]).toEqual({
      symbol: 'BTC/USDT',
      side: 'sell',
      type: 'market',
      notional_usd: 25,
      trace_id: 'trace-' + traceNo,
      source: 'router',
    });
  });

  it.each([
    ['a NO-TRADE', () => signal({ label: 'NO-TRADE' }), /NO-TRADE/],
    ['disabled routing', () => ((settings.AUTO_ROUTE_ENABLED = false), signal()), /AUTO_ROUTE_ENABLED/],
    ['a stopped bot', () => ((bot.running = false), signal()), /stopped/],
    ['a low confidence', () => signal({ confidence: 0.59 }), /below AUTO_ROUTE_MIN_CONF 0.6/],
    [
      'a symbol outside the map',
      () => signal({}, { symbols: ['DOGE/USDT'] }),
      /DOGE\/USDT is not in AUTO_ROUTE_SYMBOL_MAP/,
    ],
  ])('auto-router - %s is skipped with the reason and places no order', async (_guard, make, reason) => {
    const { decisions, events } = await route(make());
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ decision: 'skipped', reason: expect.stringMatching(reason) });
    expect(events).toMatchObject([
      { event_type: 'AUTO_ROUTE_SKIPPED', payload: { reason: expect.stringMatching(reason) } },
    ]);
    expect(orders.requests).toEqual([]);
  });

  it('auto-router - a symbol routed recently waits for its cooldown; others do not', async () => {
    await route(signal());
    clock += 60_000;
    const again = await route(signal());
    expect(again.decisions[0]).toMatchObject({
      decision: 'skipped',
      reason: expect.stringMatching(/cooling down for 240 more s/),
    });
    const other = await route(signal({}, { symbols: ['ETH/USDT'] }));
    expect(other.decisions[0]!.decision).toBe('executed');
    clock += 240_000;
    expect((await route(signal())).decisions[0]!.decision).toBe('executed');
    expect(orders.requests.map((request) => request.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'BTC/USDT']);
  });

  it('auto-router - dry run records what would be placed and places nothing', async () => {
    settings.AUTO_ROUTE_DRY_RUN = true;
    const { decisions, events } = await route(signal());
    expect(decisions[0]).toMatchObject({
      decision: 'dry_run',
      order: { symbol: 'BTC/USDT', side: 'buy', notional_usd: 25 },
    });
    expect(events.map((event) => event.event_type)).toEqual(['AUTO_ROUTE_DRYRUN']);
    expect(orders.requests).toEqual([]);
  });

  it('auto-router - an order the engine refuses or fails is skipped with its reason, and does not start a cooldown', async () => {
    orders.set({ refuse: 'blocked', reason: 'kill switch on' });
    expect((await route(signal())).decisions[0]).toMatchObject({
      decision: 'skipped',
      reason: 'order blocked: kill switch on',
    });
    orders.set({ fail: 'engine unreachable' });
    const failed = await route(signal());
    expect(failed.decisions[0]).toMatchObject({
      decision: 'skipped',
      reason: 'order failed: engine unreachable',
    });
    expect(failed.events[0]).toMatchObject({ event_type: 'AUTO_ROUTE_SKIPPED' });
    orders.set('accept');
    expect((await route(signal())).decisions[0]!.decision).toBe('executed');
  });
});

describe('auto-router - settings and symbols', () => {
  it('auto-router - each symbol of a multi-symbol signal is routed on its own', async () => {
    const { decisions, events } = await route(signal({}, { symbols: ['BTC/USDT', 'XRP/USDT', 'ETH/USDT'] }));
    expect(decisions.map((decision) => [decision.symbol, decision.decision])).toEqual([
      ['BTC/USDT', 'executed'],
      ['XRP/USDT', 'skipped'],
      ['ETH/USDT', 'executed'],
    ]);
    expect(events.map((event) => event.event_type)).toEqual([
      'AUTO_ROUTE_EXECUTED',
      'AUTO_ROUTE_SKIPPED',
      'AUTO_ROUTE_EXECUTED',
    ]);
  });

  it('auto-router - settings changed at run time apply to the next signal', async () => {
    settings.AUTO_ROUTE_MIN_CONF = 0.95;
    expect((await route(signal())).decisions[0]!.decision).toBe('skipped');
    settings.AUTO_ROUTE_MIN_CONF = 0.5;
    settings.AUTO_ROUTE_DEFAULT_NOTIONAL = 40;
    settings.AUTO_ROUTE_SYMBOL_MAP = ['XBT:BTC/USDT', '*'];
    const { decisions } = await route(signal({}, { symbols: ['XBT/USD', 'DOGE/USDT'] }));
    expect(decisions.map((decision) => decision.market)).toEqual(['BTC/USDT', 'DOGE/USDT']);
    expect(orders.requests.map((request) => request.notional_usd)).toEqual([40, 40]);
  });

  it('auto-router - a malformed symbol map is refused when settings load, naming the variable', () => {
    expect(() =>
      loadSettings(SIGNAL_SETTINGS, { env: { AUTO_ROUTE_SYMBOL_MAP: 'BTC=BTCUSDT' }, file: '' }),
    ).toThrow(/AUTO_ROUTE_SYMBOL_MAP/);
  });
});
