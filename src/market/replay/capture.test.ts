import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../fixtures.js';
import { capturesToTicks, parseCaptureText, readCapture } from './capture.js';

describe('capture files', () => {
  it('capture - hftbacktest lines become trade and book ticks in exchange time, depth and snapshots skipped', () => {
    const text = [
      '1723161254036059768 {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255308,"s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]}}',
      '1723161254087891268 {"stream":"btcusdt@bookTicker","data":{"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}}',
      '1723161254087896568 {"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}}',
      '1723161254116723068 {"stream":"btcusdt@bookTicker","data":{"u":50093239219,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.60520000"}}',
      '1723161254206652067 {"lastUpdateId":50093239218,"bids":[["61837.63000000","3.78826000"]],"asks":[]}',
      '',
    ].join('\n');
    const records = parseCaptureText(text);
    expect(records.map((record) => record.stream)).toEqual([
      'btcusdt@bookTicker',
      'btcusdt@trade',
      'btcusdt@bookTicker',
    ]);
    expect(records[0]!.receivedAtMs - 1723161254087).toBeCloseTo(0.891268, 3);
    const ticks = capturesToTicks([records]);
    expect(ticks[1]).toEqual({
      symbol: 'BTC/USDT',
      ts: 1723161255342,
      bid: 61837.63,
      ask: 61837.64,
      bidQty: 3.78826,
      askQty: 1.54698,
      last: 61837.63,
      qty: 0.02,
      side: 'sell',
    });
    // The book update after the trade is stamped with the receive time corrected by the measured skew (E - receive).
    // skew = 1723161255343 - 1723161254087.896568 ms; book receive time 1723161254116.723068 ms
    expect(ticks[2]!.ts).toBe(1723161255372);
    expect(ticks[2]).toMatchObject({ askQty: 1.6052, qty: 0, side: null, last: 61837.63 });
  });

  it('capture - cryptofeed files are read too, aggTrade included', () => {
    const records = readCapture(`${FIXTURES_DIR}BINANCE.ws.1.0`);
    const ticks = capturesToTicks([records]);
    const trades = ticks.filter((tick) => tick.side !== null);
    expect(trades.length).toBe(2);
    expect(trades[0]).toMatchObject({
      symbol: 'NKN/USDT',
      ts: 1633998523963,
      last: 0.3528,
      qty: 58,
      side: 'buy',
    });
    expect(new Set(ticks.map((tick) => tick.symbol))).toEqual(new Set(['NKN/USDT', 'BLZ/ETH', 'LRC/BTC']));
  });
});
