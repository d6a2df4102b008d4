/**
 * Read-only views of the risk policy, shared by the desk that runs the engine and the one that
 * reads the shared store: the policy and its limits (GET /risk/policy), and the preview (POST
 * /risk/preview: the SL/TP a policy would set for an entry, the ATR given or from closed candles).
 */
import { ValidationError } from '../shared/errors.js';
import type { PolicyView, PreviewInput, RiskPreview } from './desk.js';
import type { KillSwitchView } from './model.js';
import { atrLevels, RISK_POLICIES, type RiskPolicy } from './risk.js';
import { RISK_POLICY_NAMES, type RiskPolicyName, type TradingSettings } from './settings.js';

/** A policy name from a request; ValidationError naming `name` otherwise. */
export function parsePolicyName(name: unknown): RiskPolicyName {
  if (typeof name !== 'string' || !RISK_POLICY_NAMES.includes(name as RiskPolicyName)) {
    throw ValidationError.forField('name', `must be one of ${RISK_POLICY_NAMES.join(', ')}`);
  }
  return name as RiskPolicyName;
}

export function policyViewOf(settings: TradingSettings, killSwitch: KillSwitchView): PolicyView {
  const policy = RISK_POLICIES[settings.RISK_POLICY];
  return {
    name: policy.name,
    sl_atr: policy.sl_atr,
    tp_atr: policy.tp_atr,
    cooldown_s: policy.cooldown_s,
    atr_lookback: settings.RISK_ATR_LOOKBACK,
    atr_interval: settings.RISK_ATR_INTERVAL,
    min_notional: settings.RISK_MIN_NOTIONAL,
    max_notional: settings.RISK_MAX_NOTIONAL,
    max_position_notional: settings.RISK_MAX_POSITION_NOTIONAL,
    max_daily_loss: settings.RISK_MAX_DAILY_LOSS,
    kill_switch: killSwitch,
    policies: RISK_POLICIES,
  };
}

export interface PreviewContext {
  policy: RiskPolicy;
  /** ATR of a symbol from its candles; undefined when there are none yet. */
  atrOf(symbol: string): number | undefined | Promise<number | undefined>;
  /** Seconds left in a symbol's cooldown. */
  cooldownLeft(symbol: string): number;
}

export async function previewRisk(input: PreviewInput, context: PreviewContext): Promise<RiskPreview> {
  const side =
    input.side === 'buy' || input.side === 'long'
      ? 'buy'
      : input.side === 'sell' || input.side === 'short'
        ? 'sell'
        : null;
  if (!side) throw ValidationError.forField('side', 'must be buy or sell');
  if (!(input.price > 0)) throw ValidationError.forField('price', 'must be a number above 0');
  let atr = input.atr;
  let atrSource = 'given';
  if (atr === undefined) {
    if (!input.symbol)
      throw ValidationError.forField('atr', 'give atr, or a symbol to compute it from candles');
    atr = await context.atrOf(input.symbol);
    atrSource = 'candles';
    if (atr === undefined)
      throw ValidationError.forField('atr', `no candles for ${input.symbol} yet; give atr`);
  }
  if (!(atr > 0)) throw ValidationError.forField('atr', 'must be a number above 0');
  const policy = context.policy;
  const levels = atrLevels(policy, side, input.price, atr);
  return {
    policy: policy.name,
    side,
    price: input.price,
    atr,
    atr_source: atrSource,
    sl: levels.sl,
    tp: levels.tp,
    sl_atr: policy.sl_atr,
    tp_atr: policy.tp_atr,
    cooldown_s: policy.cooldown_s,
    risk_reward: policy.tp_atr / policy.sl_atr,
    cooldown_left_s: input.symbol ? context.cooldownLeft(input.symbol) : null,
  };
}
