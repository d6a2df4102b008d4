/**
 * Risk policies and the Average True Range they use. A policy turns an ATR into stop-loss and
 * take-profit distances and sets the cooldown between orders on one symbol.
 */
import type { Bar } from '../market/index.js';
import type { RiskPolicyName } from './settings.js';

export interface RiskPolicy {
  name: RiskPolicyName;
  /** Stop-loss distance in ATRs. */
  sl_atr: number;
  /** Take-profit distance in ATRs. */
  tp_atr: number;
  cooldown_s: number;
}

export const RISK_POLICIES: Record<RiskPolicyName, RiskPolicy> = {
  conservative: { name: 'conservative', sl_atr: 2.0, tp_atr: 1.0, cooldown_s: 45 },
  moderate: { name: 'moderate', sl_atr: 1.5, tp_atr: 1.5, cooldown_s: 30 },
  aggressive: { name: 'aggressive', sl_atr: 1.0, tp_atr: 2.0, cooldown_s: 20 },
};

/**
 * Simple average of the true ranges of the last `lookback` bars (oldest first). The first bar has
 * no previous close, so its range is high - low. Undefined without bars.
 */
export function averageTrueRange(
  bars: readonly Pick<Bar, 'h' | 'l' | 'c'>[],
  lookback: number,
): number | undefined {
  if (bars.length === 0) return undefined;
  const from = Math.max(0, bars.length - lookback);
  let sum = 0;
  for (let i = from; i < bars.length; i++) {
    const bar = bars[i]!;
    const previous = i > 0 ? bars[i - 1]!.c : undefined;
    sum +=
      previous === undefined
        ? bar.h - bar.l
        : Math.max(bar.h - bar.l, Math.abs(bar.h - previous), Math.abs(bar.l - previous));
  }
  return sum / (bars.length - from);
}

/** SL/TP levels for an entry at `price`, from an ATR and a policy. */
export function atrLevels(
  policy: RiskPolicy,
  side: 'buy' | 'sell',
  price: number,
  atr: number,
): { sl: number; tp: number } {
  const direction = side === 'buy' ? 1 : -1;
  return { sl: price - direction * policy.sl_atr * atr, tp: price + direction * policy.tp_atr * atr };
}
