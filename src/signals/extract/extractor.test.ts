import { describe, expect, it } from 'vitest';
import type { LabelledSignal } from '../evaluation.js';
import { ownDev, sharedDev } from '../testing/index.js';
import { extractSignal } from './extractor.js';

/** The fields a labelled record expects from the extractor (a NO-TRADE record only names its symbols). */
function expectFields(record: LabelledSignal): void {
  const { fields } = extractSignal(record.text);
  expect(fields.symbols, 'symbols').toEqual(record.symbols);
  if (record.label === 'NO-TRADE') return;
  expect(fields.side, 'side').toBe(record.label);
  expect(fields.entry, 'entry').toEqual(record.entry);
  expect(fields.tps, 'tps').toEqual(record.tps);
  expect(fields.sl, 'sl').toEqual(record.sl);
  expect(fields.leverage, 'leverage').toEqual(record.leverage);
}

function family(record: LabelledSignal & { source?: string; note?: string }): string {
  return record.source?.split(':')[1]?.replace(/^.*\//, '') ?? record.note ?? '';
}

describe('extractor - shared development set', () => {
  it.each(sharedDev().map((record) => [record.id, family(record), record] as const))(
    'extractor - reads %s (%s) as labelled',
    (_id, _family, record) => expectFields(record),
  );
});

describe("extractor - LeviBot's own examples in other layouts and languages", () => {
  it.each(ownDev().map((record) => [record.id, record.text.split('\n')[0]!.slice(0, 40), record] as const))(
    'extractor - reads %s (%s) as labelled',
    (_id, _first, record) => expectFields(record),
  );
});

const fe = (text: string) => extractSignal(text).fields;

describe('extractor - numbers as channels write them', () => {
  it('extractor - comma thousands separators and dollar signs are read as one price', () => {
    expect(
      fe('#ETH/USDT SHORT\nEntry = $2,201.43 - $2,253.58\nTARGET - $2,097.12\nStop Loss - $2,357.89'),
    ).toMatchObject({
      entry: [2201.43, 2253.58],
      tps: [2097.12],
      sl: 2357.89,
    });
  });

  it('extractor - decimal commas are decimal points', () => {
    expect(fe('#DOT/USDT ШОРТ\nВход: 6,45 - 6,60\nЦели: 6,30 / 6,15\nСтоп: 6,82')).toMatchObject({
      entry: [6.45, 6.6],
      tps: [6.3, 6.15],
      sl: 6.82,
    });
  });

  it('extractor - k suffixes, spaced thousands and scientific notation', () => {
    expect(fe('BTC long\nentry 64.5k-65k\ntp 67k\nsl 63k')).toMatchObject({
      entry: [64500, 65000],
      tps: [67000],
      sl: 63000,
    });
    expect(fe('BTC/USDT LONG\nEntry 64 500\nTP 66 000\nSL 63 800')).toMatchObject({
      entry: [64500],
      tps: [66000],
      sl: 63800,
    });
    expect(fe('#SHIBUSDT short\nEntry 2.45e-5\nTP 2.38e-5\nSL 2.52e-5')).toMatchObject({
      entry: [0.0000245],
      tps: [0.0000238],
      sl: 0.0000252,
    });
  });

  it('extractor - a list of integers written with spaces stays a list', () => {
    expect(fe('#SOL LONG\nEntry 95\nTP 100 105 110\nSL 90').tps).toEqual([100, 105, 110]);
  });

  it('extractor - a stop given only as a percentage is no price', () => {
    const { fields, evidence } = extractSignal('#ORDI SHORT\nEntry: 38.5-39.2\nTP: 37, 35.5\nSL: 4%');
    expect(fields.sl).toBeNull();
    expect(evidence.slPercent).toBe(4);
  });

  it('extractor - a conditional stop gives its price', () => {
    expect(fe('#APT LONG\nEntry: 8.40\nTP: 8.80\nStop: daily close below 7.95').sl).toBe(7.95);
  });

  it('extractor - percentages after targets, list indexes and emoji targets are not prices', () => {
    expect(
      fe(
        '#HOT/USDT\nEntry Zone: 0.00131-0.00123\nTake Profit Targets:\n1) 0.001333 - 12.5%\n2) 0.00134 - 12.5%\n3) 🚀\nStop Targets:\n1) 0.00120',
      ).tps,
    ).toEqual([0.001333, 0.00134]);
  });

  it('extractor - leverage ranges give their upper bound, in any spelling', () => {
    expect(fe('#WLD LONG\nLeverage: 20X TO 75X\nEntry 4.9\nTP 5.1\nSL 4.7').leverage).toBe(75);
    expect(fe('#ARB ШОРТ\nВход 1.12\nЦель 1.08\nСтоп 1.19\nПлечо: 10-20х').leverage).toBe(20);
    expect(fe('#PERP SHORT Leverage: 5x-10x Entry 0.70 TP 0.68 SL 0.72').leverage).toBe(10);
  });
});

describe('extractor - symbols', () => {
  it.each([
    ['BTC-USDT LONG\nEntry 64200\nTP 64800\nSL 63500', ['BTC/USDT']],
    ['Pair: ETH_USDT\nShort\nEntry 3400\nTP 3300\nSL 3460', ['ETH/USDT']],
    ['BTCUSDT.P SHORT\nEntry 66850\nTP 66200\nSL 67400', ['BTC/USDT']],
    ['#SUSHIUSDTPERP LONG\nEntry 1.0\nTP 1.1\nSL 0.9', ['SUSHI/USDT']],
    ['BTCUSD long 65000 tp 66000 sl 64000', ['BTC/USD']],
    ['$PEPE LONG\nEntry 0.0000112\nTP 0.000012\nSL 0.0000107', ['PEPE/USDT']],
    ['Buy BTC-NEO at 0.00120\nTargets 0.00130\nStop 0.00110', ['NEO/BTC']],
    ['#ADA buy 1050-1080 sats\nTargets 1150\nStop 990', ['ADA/BTC']],
  ])('extractor - finds the symbol of %j', (text, symbols) => {
    expect(fe(text).symbols).toEqual(symbols);
  });

  it('extractor - exchange names and field words are never symbols', () => {
    expect(
      fe('#ZEC/USDT SHORT 📊 EXCHANGE - BYBIT/BINGX/MEXC #binance Entry 320 TP 300 SL 355').symbols,
    ).toEqual(['ZEC/USDT']);
  });

  it('extractor - every symbol of a multi-symbol signal, in order', () => {
    expect(fe('#BTC #ETH #SOL short here at market').symbols).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  });
});

describe('extractor - entry, targets and side', () => {
  it('extractor - a zone is ascending whatever the order written; a ladder keeps its ends', () => {
    expect(fe('#CFX LONG\nEntry: 0.4280 - 0.36\nTP 0.5\nSL 0.3').entry).toEqual([0.36, 0.428]);
    expect(fe('#ETC LONG\nEntries: 26.0 / 25.2 / 24.4 / 23.6\nTP 27.5\nSL 22.8').entry).toEqual([23.6, 26]);
  });

  it('extractor - a market entry has no price', () => {
    const { fields, evidence } = extractSignal('#INJUSDT LONG\nEntry: CMP\nTargets: 26.5 - 27.8\nSL: 24.2');
    expect(fields.entry).toBeNull();
    expect(evidence.marketEntry).toBe(true);
  });

  it('extractor - short-term and mid-term target lists are concatenated', () => {
    expect(
      fe(
        'COIN: $SAND/USDT\nDirection: LONG\nENTRY: 1.02 - 1.25\nTARGETS\nShort Term: 1.28 - 1.31\nMid Term: 2.05 - 2.60\nSTOP LOSS: 0.87',
      ).tps,
    ).toEqual([1.28, 1.31, 2.05, 2.6]);
  });

  it('extractor - without a side word the prices decide; "Short Term" is no side', () => {
    expect(fe('AVAX/USDT Entry: 12.4 - 11.51 Targets: 12.7 - 13.35 Stoploss: 11.3').side).toBe('BUY');
    expect(
      fe('#SXP/USDT\nTerm: SHORT TERM\nENTRY: 3.55 - 3.80\nTARGETS: 3.90 - 4.00\nSTOP LOSS: 3.10').side,
    ).toBe('BUY');
    expect(fe('EGLDUSDT\nBuy Zone: 35.805 - 32.55\nSell: 32.436075').side).toBe('SELL');
  });

  it('extractor - messages that lost their line breaks are read field by field', () => {
    expect(
      fe('CFXUSDT LONGLeverage : 3xEntry : 0.4280 - 0.36Targets : 0.43 0.47 0.72 1.2Stoploss : 0.345'),
    ).toEqual({
      symbols: ['CFX/USDT'],
      side: 'BUY',
      entry: [0.36, 0.428],
      tps: [0.43, 0.47, 0.72, 1.2],
      sl: 0.345,
      leverage: 3,
      size: null,
    });
  });

  it('extractor - tables become fields', () => {
    expect(
      fe(
        '| Pair | Side | Entry | TP1 | TP2 | SL |\n|---|---|---|---|---|---|\n| LINK/USDT | LONG | 14.20 | 14.90 | 15.60 | 13.70 |',
      ),
    ).toMatchObject({
      symbols: ['LINK/USDT'],
      side: 'BUY',
      entry: [14.2],
      tps: [14.9, 15.6],
      sl: 13.7,
    });
    expect(fe('Coin\tSide\tEntry\tTP1\tSL\nSUI/USDT\tLONG\t1.05\t1.10\t0.99')).toMatchObject({
      symbols: ['SUI/USDT'],
      entry: [1.05],
      tps: [1.1],
      sl: 0.99,
    });
  });

  it('extractor - Persian digits and separators', () => {
    expect(
      fe('سیگنال فروش #LINKUSDT\nورود: ۱۴٫۲۰ تا ۱۴٫۵۰\nاهداف: ۱۳٫۸۰ / ۱۳٫۴۰\nاستاپ: ۱۴٫۹۰'),
    ).toMatchObject({
      side: 'SELL',
      entry: [14.2, 14.5],
      tps: [13.8, 13.4],
      sl: 14.9,
    });
  });

  it('extractor - position size is reported as written', () => {
    expect(fe('#FHE LONG Entry 0.07 TP 0.08 SL 0.063 Wallet size 2%').size).toBe('Wallet size 2%');
  });
});

describe('extractor - garbage in, nothing out, never an exception', () => {
  it.each([
    ['empty', ''],
    ['only spaces', ' \n\t '],
    ['only emoji', '🚀🚀🔥💎🌙✅'],
    ['binary bytes', '\u0000\u0001\u0002\u00ff\ufffd\u0007\u001b[31m'],
    ['right-to-left text', '\u202eهذا نص من اليمين إلى اليسار\u202c بدون أي أرقام'],
    ['1 MB of text', 'lorem ipsum 12.5 dolor '.repeat(45_000)],
  ])('extractor - %s yields no trade fields', (_name, text) => {
    const { fields } = extractSignal(text);
    expect(fields.symbols).toEqual([]);
    expect(fields.side).toBeNull();
  });
});
