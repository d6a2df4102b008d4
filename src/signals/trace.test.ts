import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeviBot, createLeviBot, loadRuntimeConfig } from '../app/app.js';
import type { Tick } from '../market/tick.js';
import { tempDir } from './testing/index.js';

// The signal router wired to the real paper engine: a routed signal's whole story under one trace.
let levibot: LeviBot;
let removeDir: () => void;

beforeAll(async () => {
  const { dir, remove } = tempDir();
  removeDir = remove;
  const config = loadRuntimeConfig({
    env: { DATA_DIR: dir, LOG_LEVEL: 'silent', AUTO_ROUTE_ENABLED: 'true', AUTO_ROUTE_DRY_RUN: 'false' },
    file: '',
  });
  levibot = await createLeviBot(config);
});
afterAll(async () => {
  await levibot.close();
  removeDir();
});

function tick(symbol: string, price: number): Tick {
  return {
    symbol,
    ts: Date.now(),
    bid: price - 0.5,
    ask: price + 0.5,
    bidQty: 10,
    askQty: 10,
    last: price,
    qty: 0.01,
    side: 'buy',
  };
}

describe('signal trace through the paper engine', () => {
  it('signal trace - a routed signal becomes a paper order and position under its trace_id, with its own stop and target', async () => {
    levibot.market.hub.ingest(tick('BTC/USDT', 64_200));
    const response = await levibot.http.inject({
      method: 'POST',
      url: '/signals/ingest-and-score',
      payload: {
        text: '#BTC/USDT LONG\nEntry: 64000 - 64500\nTargets: 65000 / 66000\nStop: 63000',
        source: 'telegram',
      },
    });
    const body = response.json();
    expect(body).toMatchObject({
      label: 'BUY',
      routed: true,
      route: [{ decision: 'executed', outcome: { status: 'accepted', sl: 63000, tp: 65000 } }],
    });
    levibot.market.hub.ingest(tick('BTC/USDT', 64_210));

    const { events } = (await levibot.http.inject({ method: 'GET', url: `/traces/${body.trace_id}` })).json();
    const types: string[] = events.map((event: { event_type: string }) => event.event_type);
    // The story reads in causal order: the router's decision, then the order it placed.
    expect(types.slice(0, 6)).toEqual([
      'SIGNAL_INGEST',
      'SIGNAL_SCORED',
      'AUTO_ROUTE_EXECUTED',
      'ORDER_NEW',
      'ORDER_FILLED',
      'POSITION_OPENED',
    ]);
    const sltp = events.find((event: { event_type: string }) => event.event_type === 'RISK_SLTP');
    expect(sltp?.payload).toMatchObject({ sl: 63000, tp: 65000 });
  });
});
