import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluation.js';
import { trainSignalModel } from './learning/train.js';
import { scoreText } from './scorer.js';
import { ownHoldout, sharedDev, shippedExamples } from './testing/index.js';

// A model that never saw the shared development set: its score there is out of sample.
const shared = sharedDev();
const sharedTexts = new Set(shared.map((record) => record.text));
const outOfSample = trainSignalModel(
  shippedExamples().filter((example) => !sharedTexts.has(example.text)),
  { folds: 0 },
);
const full = trainSignalModel(shippedExamples(), { folds: 0 });
const score = (text: string) => scoreText(text, full).scored;

describe('scorer - accuracy', () => {
  it('scorer - labels the shared development set at the target accuracy with a model that never saw it', () => {
    const report = evaluate(shared, (text) => scoreText(text, outOfSample).scored);
    expect(report.accuracy.label).toBeGreaterThanOrEqual(0.97);
    expect(report.accuracy.symbols).toBeGreaterThanOrEqual(0.95);
    expect(report.accuracy.sl).toBeGreaterThanOrEqual(0.95);
    expect(report.accuracy.tps).toBeGreaterThanOrEqual(0.9);
    expect(report.accuracy.entry).toBeGreaterThanOrEqual(0.9);
  });

  it('scorer - generalises to the held-back split of layouts it was never tuned on', () => {
    const report = evaluate(ownHoldout(), (text) => scoreText(text, full).scored);
    expect(report.accuracy.label).toBeGreaterThanOrEqual(0.9);
    expect(report.accuracy.symbols).toBeGreaterThanOrEqual(0.9);
  });
});

describe('scorer - new trades', () => {
  it('scorer - a complete long signal is BUY with its fields, a confidence and reasons', () => {
    const scored = score(
      '#NEARUSDT LONG\nEntry: 5.20 - 5.30\nTargets: 5.45 / 5.60 / 5.85\nStop: 5.02\nLeverage: 10x',
    );
    expect(scored.label).toBe('BUY');
    expect(scored.confidence).toBeGreaterThan(0.8);
    expect(scored.confidence).toBeLessThanOrEqual(1);
    expect(scored.fe).toEqual({
      symbols: ['NEAR/USDT'],
      side: 'BUY',
      entry: [5.2, 5.3],
      tps: [5.45, 5.6, 5.85],
      sl: 5.02,
      leverage: 10,
      size: null,
    });
    expect(scored.reasons.join('\n')).toMatch(/side BUY/);
    expect(scored.reasons.join('\n')).toMatch(/stop-loss 5.02/);
  });

  it('scorer - a short without side word gets its side from the prices', () => {
    expect(score('OPUSDT\nEntry: 2.315\nTargets: 2.28 - 2.24\nStop: 2.372')).toMatchObject({
      label: 'SELL',
      fe: { side: 'SELL' },
    });
  });
});

describe('scorer - everything that is not a new trade is NO-TRADE', () => {
  it.each([
    [
      'a results post with hit targets',
      '#LINK/USDT\nTarget 1: 15.20✅\nTarget 2: 15.80✅\n🔥 42% profit (10x) 🔥',
    ],
    ['a target hit', 'TP1 hit ✅ #SOL'],
    ['a profit report', '#DOGE +35% profit 🚀🚀'],
    ['a closed signal', 'Signal closed: #ARB manually closed at +6%'],
    ['a stop hit', '#TIA stop loss hit ❌'],
    ['a trade-management update', 'Move SL to breakeven on #APT and close half'],
    ['a cancellation', '#INJ signal cancelled, do not enter'],
    ['news', 'Binance will delist three tokens next week'],
    ['chatter', 'good morning everyone, coffee first ☕'],
    ['a question', 'Is SOL a buy here?'],
    ['an ad', '🔥 Join VIP now, 70% off today only! DM @admin 🔥'],
    ['a teaser', 'Next signal in 5 minutes, be ready 🚀'],
    ['only emoji', '🚀🚀🚀'],
    ['right-to-left text', 'مرحبا بالجميع، السوق هادئ اليوم'],
  ])('scorer - %s', (_family, text) => {
    const scored = score(text);
    expect(scored.label).toBe('NO-TRADE');
    expect(scored.fe).toMatchObject({ side: null, entry: null, tps: [], sl: null, leverage: null });
    expect(scored.reasons.length).toBeGreaterThan(0);
  });

  it('scorer - a NO-TRADE keeps the symbols it mentions', () => {
    expect(score('#ETH/USDT Take-Profit target 2 ✅ Profit: 24%').fe.symbols).toEqual(['ETH/USDT']);
  });

  it('scorer - a trade-looking message without a symbol cannot be a trade', () => {
    const scored = score('LONG\nEntry: 5.20\nTargets: 5.45 / 5.60\nStop: 5.02');
    expect(scored.label).toBe('NO-TRADE');
    expect(scored.reasons.join('\n')).toMatch(/no symbol/);
  });
});
