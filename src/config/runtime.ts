/**
 * The live configuration object. Tunable settings are updated in place, so every component that
 * holds `values` sees a change at once; listeners hear about each change.
 */
import { type LoadOptions, loadSettings, parseTunablePatch } from './load.js';
import type { SettingSpecs, SettingsOf } from './settings.js';

export interface SettingChange {
  name: string;
  from: unknown;
  to: unknown;
}

export interface ReloadResult {
  changed: SettingChange[];
  /** Settings whose new value only takes effect after a restart. */
  restartRequired: string[];
}

export class RuntimeConfig<S extends SettingSpecs> {
  private readonly listeners = new Set<(changes: SettingChange[]) => void>();

  constructor(
    readonly specs: S,
    readonly values: SettingsOf<S>,
    private readonly loadOptions: LoadOptions = {},
  ) {}

  static load<S extends SettingSpecs>(specs: S, options: LoadOptions = {}): RuntimeConfig<S> {
    return new RuntimeConfig(specs, loadSettings(specs, options), options);
  }

  get tunableNames(): string[] {
    return Object.entries(this.specs)
      .filter(([, setting]) => setting.tunable)
      .map(([name]) => name);
  }

  /** Apply a validated patch of tunable settings; throws ValidationError naming a bad field. */
  update(patch: unknown): SettingChange[] {
    return this.apply(parseTunablePatch(this.specs, patch));
  }

  /** Re-read the environment and YAML file; tunable differences are applied, others reported. */
  reload(): ReloadResult {
    const fresh = loadSettings(this.specs, this.loadOptions);
    const tunable: Record<string, unknown> = {};
    const restartRequired: string[] = [];
    for (const name of Object.keys(this.specs)) {
      const next = fresh[name as keyof S];
      if (sameValue(next, this.values[name as keyof S])) continue;
      if (this.specs[name]!.tunable) tunable[name] = next;
      else restartRequired.push(name);
    }
    return { changed: this.apply(tunable as Partial<SettingsOf<S>>), restartRequired };
  }

  onChange(listener: (changes: SettingChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private apply(patch: Partial<SettingsOf<S>>): SettingChange[] {
    const changes: SettingChange[] = [];
    for (const [name, to] of Object.entries(patch)) {
      const from = this.values[name as keyof S];
      if (sameValue(from, to)) continue;
      (this.values as Record<string, unknown>)[name] = to;
      changes.push({ name, from, to });
    }
    if (changes.length > 0) for (const listener of this.listeners) listener(changes);
    return changes;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
