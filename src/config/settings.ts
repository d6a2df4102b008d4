/**
 * Declarative settings. Each domain declares its own section (a `SettingSpecs` record keyed by the
 * environment-variable name) next to its code; `config/load.ts` merges the sections, reads the
 * environment over an optional YAML file, and validates everything once at start.
 */
import { ConfigError } from '../shared/errors.js';

export interface SettingSpec<T> {
  default: T;
  description: string;
  /** Parse a raw value (env string or YAML scalar); throw an Error whose message says what is wrong. */
  parse: (raw: unknown) => T;
  /** Changeable at run time through PUT /config. */
  tunable?: boolean;
  /** Never logged nor returned by GET /config. */
  secret?: boolean;
}

export type SettingSpecs = Record<string, SettingSpec<unknown>>;

export type SettingsOf<S extends SettingSpecs> = { -readonly [K in keyof S]: S[K]['default'] };

interface SpecOptions {
  tunable?: boolean;
  secret?: boolean;
}

function spec<T>(
  value: T,
  description: string,
  parse: (raw: unknown) => T,
  options: SpecOptions = {},
): SettingSpec<T> {
  return { default: value, description, parse, ...options };
}

function text(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new Error('must be a string');
}

export function integer(
  value: number,
  description: string,
  bounds: { min?: number; max?: number } = {},
  options?: SpecOptions,
): SettingSpec<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  return spec(
    value,
    description,
    (raw) => {
      const parsed = typeof raw === 'number' ? raw : Number(text(raw));
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        throw new Error(`must be an integer between ${min} and ${max}`);
      }
      return parsed;
    },
    options,
  );
}

export function decimal(
  value: number,
  description: string,
  bounds: { min?: number; max?: number } = {},
  options?: SpecOptions,
): SettingSpec<number> {
  const { min = -Infinity, max = Infinity } = bounds;
  return spec(
    value,
    description,
    (raw) => {
      const source = typeof raw === 'number' ? raw : text(raw);
      const parsed = typeof source === 'number' ? source : source === '' ? Number.NaN : Number(source);
      if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
        throw new Error(`must be a number between ${min} and ${max}`);
      }
      return parsed;
    },
    options,
  );
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

export function boolean(value: boolean, description: string, options?: SpecOptions): SettingSpec<boolean> {
  return spec(
    value,
    description,
    (raw) => {
      if (typeof raw === 'boolean') return raw;
      const word = text(raw).toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new Error('must be true or false');
    },
    options,
  );
}

export function string(
  value: string,
  description: string,
  options: SpecOptions & { pattern?: RegExp; hint?: string } = {},
): SettingSpec<string> {
  return spec(
    value,
    description,
    (raw) => {
      const parsed = text(raw);
      if (options.pattern && parsed !== '' && !options.pattern.test(parsed)) {
        throw new Error(`must be ${options.hint ?? `like ${options.pattern.source}`}`);
      }
      return parsed;
    },
    options,
  );
}

export function oneOf<const T extends string>(
  value: T,
  choices: readonly T[],
  description: string,
  options?: SpecOptions,
): SettingSpec<T> {
  return spec(
    value,
    description,
    (raw) => {
      const parsed = text(raw).toLowerCase() as T;
      if (!choices.includes(parsed)) throw new Error(`must be one of ${choices.join(', ')}`);
      return parsed;
    },
    options,
  );
}

/** Comma-separated list (YAML lists are accepted too); empty items are dropped. */
export function list(value: string[], description: string, options?: SpecOptions): SettingSpec<string[]> {
  return spec(
    value,
    description,
    (raw) => {
      const items = Array.isArray(raw) ? raw.map(text) : text(raw).split(',');
      return items.map((item) => item.trim()).filter((item) => item !== '');
    },
    options,
  );
}

/** Run `parse` and turn its failure into a ConfigError naming the variable. */
export function parseSetting<T>(name: string, setting: SettingSpec<T>, raw: unknown): T {
  try {
    return setting.parse(raw);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `${name}: ${problem} (got ${setting.secret ? '<redacted>' : JSON.stringify(raw)})`,
      name,
    );
  }
}
