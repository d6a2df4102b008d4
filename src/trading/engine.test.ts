import { describe, expect, it } from 'vitest';
import type { EventInput } from '../events/index.js';
import { CandleBuilder, DEFAULT_CAPTURES, loadCaptureTicks, type Tick } from '../market/index.js';
import { type EngineSettings, PaperEngine } from './engine.js';
import { averageTrueRange } from './risk.js';
import type { RiskPolicyName } from './settings.js';

function settings(overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    PAPER_INITIAL_CASH: 10_000,
    PAPER_SLIPPAGE_BPS: 2,
    PAPER_MAKER_FEE_BPS: 2,
    PAPER_TAKER_FEE_BPS: 5,
    PAPER_EQUITY_SNAPSHOT_S: 10,
    RISK_POLICY: 'moderate',
    RISK_MIN_NOTIONAL: 10,
    RISK_MAX_NOTIONAL: 1_000,
    RISK_MAX_POSITION_NOTIONAL: 5_000,
    RISK_MAX_DAILY_LOSS: 500,
    ...overrides,
  };
}

const T0 = Date.parse('2024-08-09T00:00:00Z');

/** A book tick: bid/ask with sizes (10 by default, so that small orders fill at once). */
function book(ts: number, bid: number, ask: number, bidQty = 10, askQty = 10, symbol = 'BTC/USDT'): Tick {
  return { symbol, ts: T0 + ts, bid, ask, bidQty, askQty, last: (bid + ask) / 2, qty: 0, side: null };
}

function types(events: EventInput[]): string[] {
  return events.map((event) => event.event_type);
}

function payloadOf(events: EventInput[], type: string, nth = 0): Record<string, unknown> {
  const found = events.filter((event) => event.event_type === type)[nth];
  if (!found) throw new Error(`no ${type} #${nth} in ${types(events).join(',')}`);
  return found.payload!;
}

function engineWith(overrides: Partial<EngineSettings> = {}, atr?: number) {
  return new PaperEngine({ settings: settings(overrides), atr: atr === undefined ? undefined : () => atr });
}

describe('paper engine - fills', () => {
  it('paper engine - a market buy fills at ask plus slippage and pays the taker fee', () => {
    const engine = engineWith();
    engine.onTick(book(0, 99.9, 100));
    engine.takeEvents();
    const outcome = engine.placeOrder({
      symbol: 'BTCUSDT',
      side: 'buy',
      notional_usd: 50,
      trace_id: 'sig-1',
    });
    expect(outcome).toEqual({
      status: 'accepted',
      order_id: 'po-1',
      notional_usd: 50,
      qty: 0.5,
      sl: null,
      tp: null,
    });
    const events = engine.takeEvents();
    expect(types(events)).toEqual(['ORDER_NEW', 'ORDER_FILLED', 'POSITION_OPENED']);
    expect(events.every((event) => event.trace_id === 'sig-1')).toBe(true);
    // 100 × (1 + 2 bp) = 100.02; fee 0.5 × 100.02 × 5 bp = 0.025005
    expect(payloadOf(events, 'ORDER_FILLED')).toMatchObject({
      fill_qty: 0.5,
      price: 100.02,
      fee: 0.025005,
      liquidity: 'taker',
    });
    const portfolio = engine.portfolio();
    expect(portfolio.cash).toBeCloseTo(10_000 - 50.01 - 0.025005, 8);
    // marked at the bid: (99.9 − 100.02) × 0.5 = −0.06
    expect(portfolio.unrealized_pnl).toBeCloseTo(-0.06, 8);
    expect(portfolio.realized_pnl).toBeCloseTo(-0.025005, 8);
    expect(portfolio.equity).toBeCloseTo(10_000 - 0.025005 - 0.06, 8);
    expect(portfolio.positions).toEqual([
      expect.objectContaining({
        symbol: 'BTC/USDT',
        side: 'long',
        qty: 0.5,
        entry_price: 100.02,
        mark_price: 99.9,
      }),
    ]);
  });

  it('paper engine - a market sell opens a short at bid minus slippage; PnL follows the ask on every tick', () => {
    const engine = engineWith();
    engine.onTick(book(0, 200, 200.1));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'sell', qty: 0.25 });
    // 200 × (1 − 2 bp) = 199.96
    expect(engine.positions()[0]).toMatchObject({ side: 'short', qty: 0.25, entry_price: 199.96 });
    engine.onTick(book(1000, 198, 198.5));
    expect(engine.portfolio().unrealized_pnl).toBeCloseTo((199.96 - 198.5) * 0.25, 8);
    engine.onTick(book(2000, 201, 201.2));
    expect(engine.portfolio().unrealized_pnl).toBeCloseTo((199.96 - 201.2) * 0.25, 8);
  });

  it('paper engine - an order larger than the top of book fills partially, tick after tick, with an average entry', () => {
    const engine = engineWith();
    engine.onTick(book(0, 99.9, 100, 10, 2));
    engine.takeEvents();
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 500 }); // 5 at 100
    engine.onTick(book(100, 100.9, 101, 10, 1));
    engine.onTick(book(200, 100.4, 100.5, 10, 5));
    const events = engine.takeEvents();
    expect(types(events)).toEqual([
      'ORDER_NEW',
      'ORDER_PARTIAL_FILL',
      'POSITION_OPENED',
      'ORDER_PARTIAL_FILL',
      'ORDER_FILLED',
    ]);
    expect(payloadOf(events, 'ORDER_PARTIAL_FILL', 0)).toMatchObject({
      fill_qty: 2,
      price: 100.02,
      fee: 0.10002,
      remaining_qty: 3,
    });
    expect(payloadOf(events, 'ORDER_PARTIAL_FILL', 1)).toMatchObject({
      fill_qty: 1,
      price: 101.0202,
      fee: 0.0505101,
      remaining_qty: 2,
    });
    expect(payloadOf(events, 'ORDER_FILLED')).toMatchObject({
      fill_qty: 2,
      price: 100.5201,
      fee: 0.1005201,
      filled_qty: 5,
    });
    // (2 × 100.02 + 1 × 101.0202 + 2 × 100.5201) / 5
    expect(payloadOf(events, 'ORDER_FILLED').avg_price).toBeCloseTo(100.42008, 8);
    expect(engine.positions()[0]!.entry_price).toBeCloseTo(100.42008, 8);
    expect(engine.portfolio().realized_pnl).toBeCloseTo(-(0.10002 + 0.0505101 + 0.1005201), 8);
  });

  it('paper engine - a resting limit buy fills at its price as maker once the ask reaches it', () => {
    const engine = engineWith();
    engine.onTick(book(0, 99.9, 100));
    engine.takeEvents();
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 99, notional_usd: 99 });
    engine.onTick(book(100, 99.4, 99.5));
    expect(types(engine.takeEvents())).toEqual(['ORDER_NEW']);
    engine.onTick(book(200, 98.7, 98.8));
    const events = engine.takeEvents();
    expect(types(events)).toEqual(['ORDER_FILLED', 'POSITION_OPENED']);
    // qty 1 at 99; maker fee 1 × 99 × 2 bp = 0.0198, no slippage
    expect(payloadOf(events, 'ORDER_FILLED')).toMatchObject({
      price: 99,
      fill_qty: 1,
      fee: 0.0198,
      liquidity: 'maker',
      slippage_bps: 0,
    });
  });

  it('paper engine - a marketable limit order takes the ask with slippage but never beyond its price', () => {
    const engine = engineWith();
    engine.onTick(book(0, 99.9, 100));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 101, notional_usd: 101 });
    engine.onTick(book(1, 100.005, 100.01));
    engine.placeOrder({
      symbol: 'ETH/USDT',
      side: 'buy',
      type: 'limit',
      price: 100.01,
      notional_usd: 100.01,
    });
    const fills = engine.takeEvents().filter((event) => event.event_type === 'ORDER_FILLED');
    expect(fills[0]!.payload).toMatchObject({ price: 100.02, liquidity: 'taker' });
    expect(fills).toHaveLength(1); // no ETH market data yet: rejected, not filled
    engine.onTick(book(2, 100.005, 100.01, 10, 10, 'ETH/USDT'));
    engine.placeOrder({
      symbol: 'ETH/USDT',
      side: 'buy',
      type: 'limit',
      price: 100.01,
      notional_usd: 100.01,
    });
    // 100.01 × 1.0002 = 100.030002 would exceed the limit: capped at 100.01
    expect(payloadOf(engine.takeEvents(), 'ORDER_FILLED')).toMatchObject({
      price: 100.01,
      liquidity: 'taker',
    });
  });

  it('paper engine - an opposite order larger than the position closes it and opens the other way', () => {
    const engine = engineWith({ RISK_POLICY: 'aggressive' });
    engine.onTick(book(0, 100, 100));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', qty: 1 }); // long 1 at 100.02
    engine.onTick(book(30_000, 100, 100));
    engine.takeEvents();
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'sell', qty: 3 }); // 3 at 99.98: closes 1, opens a 2 short
    const events = engine.takeEvents();
    expect(types(events)).toEqual(['ORDER_NEW', 'ORDER_FILLED', 'POSITION_CLOSED', 'POSITION_OPENED']);
    expect(payloadOf(events, 'POSITION_CLOSED')).toMatchObject({
      reason: 'reversed',
      qty: 1,
      exit_price: 99.98,
    });
    expect(engine.positions()[0]).toMatchObject({ side: 'short', qty: 2, entry_price: 99.98 });
    // fees: 1 × 100.02 × 5 bp on entry, 3 × 99.98 × 5 bp on the reversing order
    expect(engine.portfolio().realized_pnl).toBeCloseTo((99.98 - 100.02) * 1 - 0.05001 - 0.14997, 8);
  });

  it('paper engine - an opposite order reduces, then closes with realized PnL net of both fees', () => {
    const engine = engineWith();
    engine.onTick(book(0, 99.9, 100));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', qty: 1 }); // 1 at 100.02, fee 0.05001
    engine.onTick(book(60_000, 110, 110.1));
    engine.takeEvents();
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'sell', qty: 1 }); // 1 at 109.978, fee 0.054989
    const events = engine.takeEvents();
    expect(types(events)).toEqual(['ORDER_NEW', 'ORDER_FILLED', 'POSITION_CLOSED']);
    const closed = payloadOf(events, 'POSITION_CLOSED');
    expect(closed).toMatchObject({
      side: 'long',
      qty: 1,
      entry_price: 100.02,
      exit_price: 109.978,
      reason: 'opposite_order',
    });
    expect(closed.gross_pnl).toBeCloseTo(9.958, 8);
    expect(closed.fees).toBeCloseTo(0.05001 + 0.054989, 8);
    expect(closed.realized_pnl).toBeCloseTo(9.958 - 0.104999, 8);
    expect(engine.positions()).toEqual([]);
    expect(engine.portfolio().equity).toBeCloseTo(10_000 + 9.958 - 0.104999, 8);
  });
});

describe('paper engine - stop-loss and take-profit', () => {
  function opened(side: 'buy' | 'sell', sl: number, tp: number) {
    const engine = engineWith();
    engine.onTick(book(0, 100, 100));
    engine.placeOrder({ symbol: 'BTC/USDT', side, notional_usd: 100, sl, tp, trace_id: 'sig-x' });
    engine.takeEvents();
    return engine;
  }

  it('paper engine - stop-loss of a long fires on the first tick whose bid reaches the level', () => {
    const engine = opened('buy', 95, 110);
    engine.onTick(book(1000, 96, 96.1));
    engine.onTick(book(2000, 95.01, 95.1));
    expect(engine.takeEvents()).toEqual([]);
    engine.onTick(book(3000, 95, 95.1));
    const events = engine.takeEvents();
    expect(types(events)).toEqual(['RISK_SLTP', 'ORDER_NEW', 'ORDER_FILLED', 'POSITION_CLOSED']);
    expect(payloadOf(events, 'RISK_SLTP')).toMatchObject({
      action: 'triggered',
      trigger: 'stop_loss',
      level: 95,
      price: 95,
    });
    // exit 95 × (1 − 2 bp) = 94.981 on qty 0.99980004 (100 / 100.02)
    expect(payloadOf(events, 'POSITION_CLOSED')).toMatchObject({ reason: 'stop_loss', exit_price: 94.981 });
    expect(events.every((event) => event.trace_id === 'sig-x')).toBe(true);
    expect(events[0]!.ts).toBe(new Date(T0 + 3000).toISOString());
  });

  it('paper engine - take-profit of a long fires on the first tick whose bid reaches the level', () => {
    const engine = opened('buy', 95, 110);
    engine.onTick(book(1000, 109.99, 110.5));
    expect(engine.takeEvents()).toEqual([]);
    engine.onTick(book(2000, 110, 110.5));
    const events = engine.takeEvents();
    expect(payloadOf(events, 'RISK_SLTP')).toMatchObject({ trigger: 'take_profit', level: 110 });
    expect(payloadOf(events, 'POSITION_CLOSED')).toMatchObject({
      reason: 'take_profit',
      exit_price: 109.978,
    });
  });

  it('paper engine - stop-loss of a short fires on the first tick whose ask reaches the level', () => {
    const engine = opened('sell', 105, 90);
    engine.onTick(book(1000, 104.5, 104.99));
    expect(engine.takeEvents()).toEqual([]);
    engine.onTick(book(2000, 104.9, 105.01));
    const events = engine.takeEvents();
    expect(payloadOf(events, 'RISK_SLTP')).toMatchObject({ trigger: 'stop_loss', level: 105, price: 105.01 });
    expect(payloadOf(events, 'POSITION_CLOSED')).toMatchObject({
      side: 'short',
      reason: 'stop_loss',
      exit_price: 105.031002,
    });
  });

  it('paper engine - take-profit of a short fires on the first tick whose ask reaches the level', () => {
    const engine = opened('sell', 105, 90);
    engine.onTick(book(1000, 89.9, 90.01));
    expect(engine.takeEvents()).toEqual([]);
    engine.onTick(book(2000, 89.8, 89.9));
    const events = engine.takeEvents();
    expect(payloadOf(events, 'RISK_SLTP')).toMatchObject({ trigger: 'take_profit', level: 90, price: 89.9 });
    const closed = payloadOf(events, 'POSITION_CLOSED');
    // entry 99.98 (100 × (1 − 2 bp)), exit 89.9 × 1.0002 = 89.91798
    expect(closed).toMatchObject({ reason: 'take_profit', entry_price: 99.98, exit_price: 89.91798 });
    expect(closed.gross_pnl as number).toBeGreaterThan(0);
  });

  it('paper engine - sl or tp on the wrong side of the entry is refused naming the field', () => {
    const engine = engineWith();
    engine.onTick(book(0, 100, 100));
    expect(() => engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 50, sl: 101 })).toThrow(
      /^sl: must be below/,
    );
    expect(() => engine.placeOrder({ symbol: 'BTC/USDT', side: 'sell', notional_usd: 50, tp: 101 })).toThrow(
      /^tp: must be below/,
    );
  });
});

describe('paper engine - risk', () => {
  it.each<[RiskPolicyName, number, number, number]>([
    ['conservative', 2.0, 1.0, 45],
    ['moderate', 1.5, 1.5, 30],
    ['aggressive', 1.0, 2.0, 20],
  ])(
    'risk - the %s policy puts SL at %s ATR, TP at %s ATR and a %s s cooldown',
    (policy, slAtr, tpAtr, cooldown) => {
      const engine = engineWith({ RISK_POLICY: policy }, 2);
      engine.onTick(book(0, 100, 100));
      engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 100 });
      const entry = 100.02;
      expect(engine.positions()[0]).toMatchObject({ sl: entry - slAtr * 2, tp: entry + tpAtr * 2 });
      const events = engine.takeEvents();
      expect(payloadOf(events, 'RISK_SLTP')).toMatchObject({ action: 'set', basis: 'atr', policy });

      engine.onTick(book(cooldown * 1000 - 1, 100, 100));
      expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 100 })).toEqual({
        status: 'blocked',
        reason: 'cooldown',
      });
      expect(payloadOf(engine.takeEvents(), 'RISK_BLOCKED')).toMatchObject({
        reason: 'cooldown',
        remaining_s: 1,
        cooldown_s: cooldown,
      });
      engine.onTick(book(cooldown * 1000, 100, 100));
      expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 100 }).status).toBe(
        'accepted',
      );
    },
  );

  it('risk - sl and tp given by the signal take priority over the ATR', () => {
    const engine = engineWith({}, 2);
    engine.onTick(book(0, 100, 100));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'sell', notional_usd: 100, sl: 104 });
    // sl from the signal; tp from ATR: 99.98 − 1.5 × 2
    expect(engine.positions()[0]).toMatchObject({ sl: 104, tp: 96.98 });
    expect(payloadOf(engine.takeEvents(), 'RISK_SLTP')).toMatchObject({ basis: 'signal+atr' });
  });

  it('risk - notional is clamped to RISK_MIN_NOTIONAL and RISK_MAX_NOTIONAL', () => {
    const engine = engineWith({ RISK_MIN_NOTIONAL: 20, RISK_MAX_NOTIONAL: 300 });
    engine.onTick(book(0, 100, 100));
    expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 5 })).toMatchObject({
      notional_usd: 20,
      qty: 0.2,
    });
    engine.onTick(book(60_000, 100, 100, 10, 10, 'ETH/USDT'));
    expect(engine.placeOrder({ symbol: 'ETH/USDT', side: 'buy', qty: 50 })).toMatchObject({
      notional_usd: 300,
      qty: 3,
    });
    expect(payloadOf(engine.takeEvents(), 'ORDER_NEW', 1)).toMatchObject({
      requested_notional_usd: 5000,
      clamped: true,
    });
  });

  it('risk - an order that would take a position beyond RISK_MAX_POSITION_NOTIONAL is blocked', () => {
    const engine = engineWith({ RISK_MAX_POSITION_NOTIONAL: 1500, RISK_POLICY: 'aggressive' });
    engine.onTick(book(0, 100, 100));
    expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 1000 }).status).toBe(
      'accepted',
    );
    engine.onTick(book(20_000, 100, 100));
    expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 1000 })).toEqual({
      status: 'blocked',
      reason: 'max_position_notional',
    });
    // reducing is always allowed
    expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'sell', notional_usd: 1000 }).status).toBe(
      'accepted',
    );
  });

  it('risk - the kill-switch turns on at the max daily loss, blocks new orders, and stays until reset', () => {
    const engine = engineWith({ RISK_MAX_DAILY_LOSS: 20, RISK_POLICY: 'aggressive' });
    engine.onTick(book(0, 100, 100));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 1000 }); // ~10 at 100.02
    engine.takeEvents();
    engine.onTick(book(1000, 98.5, 98.6)); // −15.2: not yet
    expect(engine.killSwitch().on).toBe(false);
    engine.onTick(book(2000, 97.9, 98)); // −21.2
    const kill = engine.takeEvents().find((event) => event.event_type === 'KILL_SWITCH')!;
    expect(kill).toMatchObject({
      severity: 'critical',
      payload: { on: true, reason: 'max daily loss reached' },
    });
    expect(engine.killSwitch().on).toBe(true);

    engine.onTick(book(60_000, 99, 99.1, 10, 10, 'ETH/USDT'));
    expect(engine.placeOrder({ symbol: 'ETH/USDT', side: 'buy', notional_usd: 50 })).toEqual({
      status: 'blocked',
      reason: 'kill_switch',
    });
    expect(payloadOf(engine.takeEvents(), 'RISK_BLOCKED')).toMatchObject({ reason: 'kill_switch' });
    // closing a position stays possible
    expect(engine.closePosition('BTC/USDT')).not.toBeNull();
    expect(engine.positions()).toEqual([]);

    engine.resetDaily('new session');
    expect(engine.killSwitch().on).toBe(false);
    expect(engine.placeOrder({ symbol: 'ETH/USDT', side: 'buy', notional_usd: 50 }).status).toBe('accepted');
  });

  it('risk - a kill-switch turned on by hand blocks orders until turned off by hand', () => {
    const engine = engineWith();
    engine.onTick(book(0, 100, 100));
    expect(engine.setKillSwitch(true, 'maintenance')).toBe(true);
    expect(engine.setKillSwitch(true, 'again')).toBe(false);
    engine.resetDaily('does not lift a manual switch');
    expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 50 }).status).toBe('blocked');
    engine.setKillSwitch(false, 'done');
    expect(engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 50 }).status).toBe('accepted');
  });

  it('risk - an order without market data for its symbol is rejected', () => {
    const engine = engineWith();
    expect(engine.placeOrder({ symbol: 'SOL/USDT', side: 'buy', notional_usd: 50 })).toEqual({
      status: 'rejected',
      reason: 'no_market_data',
    });
    expect(types(engine.takeEvents())).toEqual(['ORDER_REJECTED']);
  });
});

describe('paper engine - time and state', () => {
  it('paper engine - equity snapshots come every 10 s of engine clock', () => {
    const engine = engineWith();
    for (let ms = 0; ms <= 35_000; ms += 500) engine.onTick(book(ms, 100, 100.1));
    const snapshots = engine.takeEvents().filter((event) => event.event_type === 'EQUITY_SNAPSHOT');
    expect(snapshots.map((event) => event.ts)).toEqual(
      [0, 10_000, 20_000, 30_000].map((ms) => new Date(T0 + ms).toISOString()),
    );
    expect(snapshots[0]!.payload).toMatchObject({ equity: 10_000, cash: 10_000, positions: 0 });
  });

  it('paper engine - a new engine from the saved state resumes positions, cash and open orders', () => {
    const engine = engineWith();
    engine.onTick(book(0, 100, 100.1));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', notional_usd: 100, sl: 90, tp: 120 });
    engine.onTick(book(60_000, 101, 101.1));
    engine.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 95, notional_usd: 95 });
    const resumed = new PaperEngine({
      settings: settings(),
      state: JSON.parse(JSON.stringify(engine.state())),
    });
    expect(resumed.portfolio()).toEqual(engine.portfolio());
    expect(resumed.openOrders()).toEqual(engine.openOrders());
    // and it keeps working: the resting limit fills, the order sequence continues
    resumed.onTick(book(70_000, 94.9, 95));
    expect(resumed.positions()[0]!.qty).toBeCloseTo(0.999001 + 1, 8); // 100 / 100.1 (the ask at placement), then 95 / 95;
    resumed.onTick(book(100_000, 94.9, 95)); // after the cooldown
    expect(resumed.placeOrder({ symbol: 'BTC/USDT', side: 'sell', notional_usd: 50 })).toMatchObject({
      order_id: 'po-3',
    });
  });

  it('paper engine - two replays of the shipped captures with the same commands give identical event streams', () => {
    const ticks = loadCaptureTicks(DEFAULT_CAPTURES);
    const run = () => {
      const candles = new CandleBuilder();
      const engine = new PaperEngine({
        settings: settings({ RISK_POLICY: 'aggressive' }),
        atr: (symbol) => averageTrueRange(candles.recent(symbol, '1s', 14, true), 14),
      });
      const events: EventInput[] = [];
      ticks.forEach((tick, index) => {
        if (tick.side) candles.addTrade(tick.symbol, tick.ts, tick.last, tick.qty);
        engine.onTick(tick);
        if (index % 5000 === 2500) {
          engine.placeOrder({
            symbol: 'BTC/USDT',
            side: index % 10000 === 2500 ? 'buy' : 'sell',
            notional_usd: 800,
            trace_id: `t${index}`,
          });
          engine.placeOrder({
            symbol: 'ETH/USDT',
            side: 'buy',
            type: 'limit',
            price: 2681,
            notional_usd: 300,
          });
        }
        events.push(...engine.takeEvents());
      });
      return events;
    };
    const first = run();
    const second = run();
    expect(second).toEqual(first);
    const counts = new Map<string, number>();
    for (const event of first) counts.set(event.event_type, (counts.get(event.event_type) ?? 0) + 1);
    // A real session, not an empty one: fills, SL/TP exits and closes happened.
    for (const type of [
      'ORDER_NEW',
      'ORDER_FILLED',
      'POSITION_OPENED',
      'RISK_SLTP',
      'POSITION_CLOSED',
      'EQUITY_SNAPSHOT',
    ]) {
      expect(counts.get(type) ?? 0, type).toBeGreaterThan(0);
    }
  });
});
