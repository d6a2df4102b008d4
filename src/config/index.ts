/**
 * Configuration: one typed object, validated at start. Domains declare their settings in their
 * own folders; add a section here to make it part of the configuration.
 */
import { CLUSTER_SETTINGS } from '../cluster/settings.js';
import { GATEWAY_SETTINGS } from '../gateway/settings.js';
import { HTTP_GUARD_SETTINGS } from '../http/settings.js';
import { MARKET_SETTINGS } from '../market/settings.js';
import { PANEL_SETTINGS } from '../panel/settings.js';
import { SIGNAL_SETTINGS } from '../signals/settings.js';
import { TRADING_SETTINGS } from '../trading/settings.js';
import { CORE_SETTINGS } from './core.js';
import type { SettingsOf } from './settings.js';

export const SETTINGS = {
  ...CORE_SETTINGS,
  ...CLUSTER_SETTINGS,
  ...GATEWAY_SETTINGS,
  ...HTTP_GUARD_SETTINGS,
  ...MARKET_SETTINGS,
  ...TRADING_SETTINGS,
  ...SIGNAL_SETTINGS,
  ...PANEL_SETTINGS,
};

export type Config = SettingsOf<typeof SETTINGS>;

export { loadSettings, parseTunablePatch, redactSettings } from './load.js';
export type { SettingSpec, SettingSpecs, SettingsOf } from './settings.js';
export { boolean, decimal, integer, list, oneOf, string } from './settings.js';
export { RuntimeConfig, type ReloadResult, type SettingChange } from './runtime.js';
