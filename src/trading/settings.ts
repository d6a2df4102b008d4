/** Settings of paper trading and risk. Fees, slippage and risk limits are tunable at run time. */
import { decimal, integer, oneOf } from '../config/settings.js';
import type { SettingsOf } from '../config/settings.js';

export const RISK_POLICY_NAMES = ['conservative', 'moderate', 'aggressive'] as const;
export type RiskPolicyName = (typeof RISK_POLICY_NAMES)[number];

export const TRADING_SETTINGS = {
  PAPER_INITIAL_CASH: decimal(10_000, 'Starting cash of a new paper account (quote currency)', { min: 1 }),
  PAPER_SLIPPAGE_BPS: decimal(
    2,
    'Slippage of taker fills, basis points',
    { min: 0, max: 1000 },
    { tunable: true },
  ),
  PAPER_MAKER_FEE_BPS: decimal(
    2,
    'Maker fee (resting limit fills), basis points',
    { min: 0, max: 1000 },
    { tunable: true },
  ),
  PAPER_TAKER_FEE_BPS: decimal(
    5,
    'Taker fee (market and marketable fills), basis points',
    { min: 0, max: 1000 },
    { tunable: true },
  ),
  PAPER_EQUITY_SNAPSHOT_S: integer(10, 'Seconds of engine clock between EQUITY_SNAPSHOT events', {
    min: 1,
    max: 86_400,
  }),
  RISK_POLICY: oneOf<RiskPolicyName>(
    'moderate',
    RISK_POLICY_NAMES,
    'Risk policy: SL/TP as ATR multiples and cooldown',
    {
      tunable: true,
    },
  ),
  RISK_ATR_LOOKBACK: integer(14, 'Candles in the ATR', { min: 1, max: 500 }, { tunable: true }),
  RISK_ATR_INTERVAL: oneOf('1m', ['1s', '1m', '5m'], 'Candle interval of the ATR', { tunable: true }),
  RISK_MIN_NOTIONAL: decimal(
    10,
    'Orders below this notional (USD) are raised to it',
    { min: 0 },
    { tunable: true },
  ),
  RISK_MAX_NOTIONAL: decimal(
    1_000,
    'Orders above this notional (USD) are cut to it',
    { min: 0 },
    { tunable: true },
  ),
  RISK_MAX_POSITION_NOTIONAL: decimal(
    5_000,
    'Largest position per symbol (USD); larger orders are blocked',
    { min: 0 },
    {
      tunable: true,
    },
  ),
  RISK_MAX_DAILY_LOSS: decimal(
    500,
    'Daily loss (USD) that turns the kill-switch on; 0 disables',
    { min: 0 },
    {
      tunable: true,
    },
  ),
};

export type TradingSettings = SettingsOf<typeof TRADING_SETTINGS>;
