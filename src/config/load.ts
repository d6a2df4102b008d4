/**
 * Reading configuration: defaults, then an optional YAML file (CONFIG_FILE, default
 * ./levibot.yaml when present), then environment variables. Validated once, here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, ValidationError } from '../shared/errors.js';
import { type SettingSpecs, type SettingsOf, parseSetting } from './settings.js';

const DEFAULT_CONFIG_FILE = 'levibot.yaml';

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides CONFIG_FILE. */
  file?: string;
}

function readYaml(env: NodeJS.ProcessEnv, fileOverride?: string): Record<string, unknown> {
  const file =
    fileOverride ?? env.CONFIG_FILE ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (file === undefined || file === '') return {};
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`CONFIG_FILE: cannot read ${file}: ${(error as Error).message}`, 'CONFIG_FILE');
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`CONFIG_FILE: ${file} must hold a mapping of SETTING: value`, 'CONFIG_FILE');
  }
  // YAML keys may be written in lower case (`port: 8000`); settings are named in upper case.
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key.toUpperCase(), value]));
}

export function loadSettings<S extends SettingSpecs>(specs: S, options: LoadOptions = {}): SettingsOf<S> {
  const env = options.env ?? process.env;
  const yaml = readYaml(env, options.file);
  for (const key of Object.keys(yaml)) {
    if (!Object.hasOwn(specs, key)) {
      throw new ConfigError(`${key}: unknown setting in the YAML file`, key);
    }
  }
  const values: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(specs)) {
    const raw = env[name] !== undefined && env[name] !== '' ? env[name] : yaml[name];
    values[name] = raw === undefined || raw === null ? setting.default : parseSetting(name, setting, raw);
  }
  return values as SettingsOf<S>;
}

/** Values safe to show: secrets become "<redacted>" when set, "" when not. */
export function redactSettings<S extends SettingSpecs>(
  specs: S,
  values: SettingsOf<S>,
): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(specs)) {
    const value = values[name as keyof S];
    const isSet = Array.isArray(value) ? value.length > 0 : value !== '' && value !== undefined;
    shown[name] = setting.secret ? (isSet ? '<redacted>' : '') : value;
  }
  return shown;
}

/**
 * Validate a run-time patch: only tunable settings, each parsed by its spec. Throws a
 * ValidationError naming the first bad field; returns the parsed values.
 */
export function parseTunablePatch<S extends SettingSpecs>(specs: S, patch: unknown): Partial<SettingsOf<S>> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ValidationError('body: must be an object of SETTING: value', 'body');
  }
  const parsed: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(patch)) {
    const setting = specs[name];
    if (!setting) throw ValidationError.forField(name, 'unknown setting');
    if (!setting.tunable)
      throw ValidationError.forField(name, 'cannot be changed at run time; restart with the new value');
    try {
      parsed[name] = setting.parse(raw);
    } catch (error) {
      throw ValidationError.forField(name, (error as Error).message);
    }
  }
  return parsed as Partial<SettingsOf<S>>;
}
