import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLeviBot, type LeviBot, loadRuntimeConfig } from '../../app/app.js';
import type { Tick } from '../../market/index.js';

const dirs: string[] = [];
const bots: LeviBot[] = [];

async function start(env: Record<string, string> = {}, dataDir?: string): Promise<LeviBot> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'levibot-paper-'));
  if (!dataDir) dirs.push(dir);
  const levibot = await createLeviBot(
    loadRuntimeConfig({
      env: { DATA_DIR: dir, LOG_LEVEL: 'silent', FEED: 'replay', STORE_SYNC: 'normal', ...env },
      file: '',
    }),
  );
  bots.push(levibot);
  return levibot;
}

function tick(symbol: string, bid: number, ask: number, extra: Partial<Tick> = {}): Tick {
  return {
    symbol,
    ts: Date.now(),
    bid,
    ask,
    bidQty: 10,
    askQty: 10,
    last: (bid + ask) / 2,
    qty: 0,
    side: null,
    ...extra,
  };
}

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('paper API', () => {
  it('paper API - POST /paper/order (JSON) fills against the last tick and records the trace', async () => {
    const levibot = await start();
    levibot.market.hub.ingest(tick('BTC/USDT', 61_000, 61_001));
    const response = await levibot.http.inject({
      method: 'POST',
      url: '/paper/order',
      payload: {
        symbol: 'BTCUSDT',
        side: 'buy',
        notional_usd: 100,
        sl: 60_000,
        tp: 62_000,
        trace_id: 'sig-42',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'accepted', order_id: 'po-1', sl: 60_000, tp: 62_000 });
    const trace = (await levibot.http.inject({ url: '/traces/sig-42' })).json();
    expect(trace.events.map((event: { event_type: string }) => event.event_type)).toEqual([
      'ORDER_NEW',
      'ORDER_FILLED',
      'POSITION_OPENED',
      'RISK_SLTP',
    ]);
    const positions = (await levibot.http.inject({ url: '/paper/positions' })).json().positions;
    expect(positions).toEqual([
      expect.objectContaining({ symbol: 'BTC/USDT', side: 'long', entry_price: 61_013.2002 }),
    ]);
    const orders = (await levibot.http.inject({ url: '/paper/orders?status=filled' })).json().orders;
    expect(orders).toEqual([
      expect.objectContaining({ order_id: 'po-1', status: 'filled', avg_price: 61_013.2002 }),
    ]);
  });

  it('paper API - the query-string form works too', async () => {
    const levibot = await start();
    levibot.market.hub.ingest(tick('ETH/USDT', 2680, 2680.5));
    const response = await levibot.http.inject({
      method: 'POST',
      url: '/paper/order?symbol=ETH/USDT&side=sell&qty=0.01',
    });
    expect(response.statusCode).toBe(201);
    // 0.01 × 2680.5 = 26.805 (inside the default 10..1000 notional clamp)
    expect(response.json()).toMatchObject({ status: 'accepted', qty: 0.01 });
  });

  it.each([
    [{ side: 'buy', notional_usd: 10 }, 'symbol'],
    [{ symbol: 'BTCUSDT', side: 'up', notional_usd: 10 }, 'side'],
    [{ symbol: 'BTCUSDT', side: 'buy' }, 'notional_usd'],
    [{ symbol: 'BTCUSDT', side: 'buy', notional_usd: -5 }, 'notional_usd'],
    [{ symbol: 'BTCUSDT', side: 'buy', notional_usd: 10, type: 'limit' }, 'price'],
    [{ symbol: 'BTCUSDT', side: 'buy', notional_usd: 10, sl: 'low' }, 'sl'],
    [{ symbol: 'BTCUSDT', side: 'buy', notional_usd: 10, sl: 62_000 }, 'sl'],
    [{ symbol: 'BTCUSDT', side: 'buy', notional_usd: 10, trace_id: 'has space' }, 'trace_id'],
    [{ symbol: 'BTCUSDT', side: 'buy', notional_usd: 10, leverage: 5 }, 'leverage'],
  ])('paper API - bad order %j is a 400 naming %s', async (payload, field) => {
    const levibot = await start();
    levibot.market.hub.ingest(tick('BTC/USDT', 61_000, 61_001));
    const response = await levibot.http.inject({ method: 'POST', url: '/paper/order', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'validation_error', field });
  });

  it('paper API - risk refusals are 409 with the reason, and RISK_BLOCKED is recorded', async () => {
    const levibot = await start();
    levibot.market.hub.ingest(tick('BTC/USDT', 61_000, 61_001));
    const kill = await levibot.http.inject({
      method: 'POST',
      url: '/risk/killswitch',
      payload: { on: true, reason: 'test' },
    });
    expect(kill.json()).toMatchObject({ changed: true, kill_switch: { on: true, reason: 'test' } });
    const response = await levibot.http.inject({
      method: 'POST',
      url: '/paper/order',
      payload: { symbol: 'BTCUSDT', side: 'buy', notional_usd: 50 },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toBe('order blocked: kill_switch');
    const blocked = (
      await levibot.http.inject({ url: '/events?event_type=RISK_BLOCKED,KILL_SWITCH&order=asc' })
    ).json().events;
    expect(blocked.map((event: { event_type: string }) => event.event_type)).toEqual([
      'KILL_SWITCH',
      'RISK_BLOCKED',
    ]);
    await levibot.http.inject({ method: 'POST', url: '/risk/killswitch', payload: { on: false } });
    const again = await levibot.http.inject({
      method: 'POST',
      url: '/paper/order',
      payload: { symbol: 'BTCUSDT', side: 'buy', notional_usd: 50 },
    });
    expect(again.statusCode).toBe(201);
  });

  it('paper API - closing a position by its symbol in the path', async () => {
    const levibot = await start();
    levibot.market.hub.ingest(tick('BTC/USDT', 61_000, 61_001));
    await levibot.http.inject({
      method: 'POST',
      url: '/paper/order',
      payload: { symbol: 'BTCUSDT', side: 'buy', notional_usd: 100 },
    });
    const missing = await levibot.http.inject({ method: 'POST', url: '/paper/positions/ETHUSDT/close' });
    expect(missing.statusCode).toBe(404);
    const closed = await levibot.http.inject({ method: 'POST', url: '/paper/positions/BTC%2FUSDT/close' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().order).toMatchObject({ status: 'filled', purpose: 'manual_close', side: 'sell' });
    expect(closed.json().portfolio.positions).toEqual([]);
  });

  it('paper API - portfolio, risk policy, preview and daily reset', async () => {
    const levibot = await start();
    const portfolio = (await levibot.http.inject({ url: '/paper/portfolio' })).json();
    expect(portfolio).toMatchObject({
      equity: 10_000,
      cash: 10_000,
      realized_pnl: 0,
      unrealized_pnl: 0,
      daily_pnl: 0,
      drawdown: 0,
    });

    expect((await levibot.http.inject({ url: '/risk/policy' })).json()).toMatchObject({
      name: 'moderate',
      sl_atr: 1.5,
    });
    const bad = await levibot.http.inject({ method: 'PUT', url: '/risk/policy', payload: { name: 'yolo' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('name');
    const changed = await levibot.http.inject({
      method: 'PUT',
      url: '/risk/policy',
      payload: { name: 'aggressive' },
    });
    expect(changed.json()).toMatchObject({
      changed: true,
      name: 'aggressive',
      sl_atr: 1,
      tp_atr: 2,
      cooldown_s: 20,
    });
    expect(levibot.config.values.RISK_POLICY).toBe('aggressive');
    const events = (await levibot.http.inject({ url: '/events?event_type=RISK_POLICY_CHANGED' })).json()
      .events;
    expect(events[0].payload).toMatchObject({ from: 'moderate', to: 'aggressive' });

    const preview = (
      await levibot.http.inject({ method: 'POST', url: '/risk/preview?side=sell&price=100&atr=2' })
    ).json();
    expect(preview).toMatchObject({ policy: 'aggressive', sl: 102, tp: 96, cooldown_s: 20 });
    const previewBad = await levibot.http.inject({
      method: 'POST',
      url: '/risk/preview?side=up&price=100&atr=2',
    });
    expect(previewBad.json()).toMatchObject({ field: 'side' });

    const reset = await levibot.http.inject({
      method: 'POST',
      url: '/policy/reset_daily',
      payload: { reason: 'new session' },
    });
    expect(reset.statusCode).toBe(200);
    levibot.market.hub.ingest(tick('BTC/USDT', 61_000, 61_001));
    const equity = (await levibot.http.inject({ url: '/paper/equity?hours=1' })).json();
    expect(equity.hours).toBe(1);
    expect(equity.points).toEqual([
      expect.objectContaining({ equity: 10_000, cash: 10_000, unrealized_pnl: 0 }),
    ]);
    expect((await levibot.http.inject({ url: '/paper/equity?hours=0' })).json().field).toBe('hours');
  });

  it('paper API - positions, cash and orders survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'levibot-restart-'));
    dirs.push(dir);
    const first = await start({}, dir);
    first.market.hub.ingest(tick('BTC/USDT', 61_000, 61_001));
    first.market.hub.ingest(tick('ETH/USDT', 2680, 2680.5));
    await first.http.inject({
      method: 'POST',
      url: '/paper/order',
      payload: { symbol: 'BTCUSDT', side: 'buy', notional_usd: 500, sl: 59_000 },
    });
    await first.http.inject({
      method: 'POST',
      url: '/paper/order',
      payload: { symbol: 'ETHUSDT', side: 'buy', type: 'limit', price: 2600, qty: 0.01, trace_id: 'resting' },
    });
    const before = (await first.http.inject({ url: '/paper/portfolio' })).json();
    const openBefore = (await first.http.inject({ url: '/paper/orders?status=open' })).json().orders;
    expect(openBefore).toHaveLength(1);
    await first.close();

    const second = await start({}, dir);
    const after = (await second.http.inject({ url: '/paper/portfolio' })).json();
    expect(after.positions).toEqual(before.positions);
    expect(after.cash).toBe(before.cash);
    expect(after.realized_pnl).toBe(before.realized_pnl);
    expect((await second.http.inject({ url: '/paper/orders?status=open' })).json().orders).toEqual(
      openBefore,
    );
    // The restored resting order still works on the next ticks.
    second.market.hub.ingest(tick('ETH/USDT', 2599, 2599.5));
    const filled = (await second.http.inject({ url: '/paper/orders?status=filled&limit=1' })).json()
      .orders[0];
    expect(filled).toMatchObject({ trace_id: 'resting', status: 'filled', avg_price: 2600 });
  });

  it('paper API - after a restart the engine trades at the last stored tick before the feed delivers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'levibot-restart-'));
    dirs.push(dir);
    const first = await start({}, dir);
    first.market.hub.ingest(tick('ETH/USDT', 2680, 2680.5));
    await first.close();

    const second = await start({}, dir);
    const response = await second.http.inject({
      method: 'POST',
      url: '/paper/order',
      payload: { symbol: 'ETHUSDT', side: 'buy', qty: 0.01 },
    });
    expect(response.statusCode).toBe(201);
    const [position] = (await second.http.inject({ url: '/paper/positions' })).json().positions;
    // The stored ask, plus the default 2 bp slippage.
    expect(position).toMatchObject({ symbol: 'ETH/USDT', entry_price: 2680.5 * 1.0002 });
  });
});
