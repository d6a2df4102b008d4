import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../shared/errors.js';
import { SETTINGS } from './index.js';
import { loadSettings } from './load.js';

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'levibot-config-')), 'levibot.yaml');
  writeFileSync(file, text);
  return file;
}

describe('configuration loading', () => {
  it('uses documented defaults when nothing is set', () => {
    const config = loadSettings(SETTINGS, { env: {}, file: '' });
    expect(config).toMatchObject({
      PORT: 8000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      EVENT_RETENTION_DAYS: 60,
    });
    expect(config.CORS_ORIGINS).toEqual(['http://localhost:5173']);
  });

  it('reads a YAML file (any key case) and lets environment variables win', () => {
    const file = yamlFile(
      'port: 9100\nHOST: 0.0.0.0\ncors_origins: [http://a.test, http://b.test]\nevent_retention_days: 7\n',
    );
    const config = loadSettings(SETTINGS, { env: { PORT: '9200' }, file });
    expect(config.PORT).toBe(9200);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.CORS_ORIGINS).toEqual(['http://a.test', 'http://b.test']);
    expect(config.EVENT_RETENTION_DAYS).toBe(7);
  });

  it('finds the file through CONFIG_FILE', () => {
    const file = yamlFile('PORT: 9300\n');
    expect(loadSettings(SETTINGS, { env: { CONFIG_FILE: file } }).PORT).toBe(9300);
  });

  it.each([
    ['an unknown YAML key', 'NOT_A_SETTING: 1\n', 'NOT_A_SETTING'],
    ['a bad YAML value', 'PORT: [1, 2]\n', 'PORT'],
    ['a YAML list at the top', '- PORT\n', 'CONFIG_FILE'],
    ['broken YAML', 'PORT: [\n', 'CONFIG_FILE'],
  ])('rejects %s, naming %s', (_what, text, variable) => {
    const file = yamlFile(text);
    let error: unknown;
    try {
      loadSettings(SETTINGS, { env: {}, file });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
  });

  it('parses booleans, lists and bounded numbers from text', () => {
    const config = loadSettings(SETTINGS, {
      env: { START_RUNNING: 'no', API_KEYS: ' a , b ,, ', STORE_SYNC: 'NORMAL' },
      file: '',
    });
    expect(config.START_RUNNING).toBe(false);
    expect(config.API_KEYS).toEqual(['a', 'b']);
    expect(config.STORE_SYNC).toBe('normal');
    expect(() => loadSettings(SETTINGS, { env: { START_RUNNING: 'maybe' }, file: '' })).toThrow(
      /START_RUNNING: must be true or false/,
    );
    expect(() => loadSettings(SETTINGS, { env: { PORT: '70000' }, file: '' })).toThrow(
      /PORT: must be an integer between 0 and 65535/,
    );
  });
});
