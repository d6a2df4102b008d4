import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../config/index.js';
import { CORE_SETTINGS } from '../config/core.js';
import { createSignalDomain } from './domain.js';
import { LlmExtractor, validateFields } from './llm.js';
import { SIGNAL_SETTINGS } from './settings.js';
import { openTestLog, tempDir } from './testing/index.js';

/** A fake OpenAI-compatible chat-completions server: each test says how it answers. */
let server: Server;
let baseUrl: string;
let answer: (body: Record<string, unknown>, response: ServerResponse) => void;
const requests: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];

function reply(content: string): (body: Record<string, unknown>, response: ServerResponse) => void {
  return (_body, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content } }],
      }),
    );
  };
}

const GOOD = JSON.stringify({
  symbols: ['ton'],
  side: 'BUY',
  entry: [6.6, 6.4],
  tps: [7, 7.5],
  sl: 6.1,
  leverage: 5,
  size: null,
});

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ headers: request.headers, body });
      if (request.url !== '/v1/chat/completions') {
        response.statusCode = 404;
        response.end();
        return;
      }
      answer(body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  requests.length = 0;
});

const extractor = (options: Partial<ConstructorParameters<typeof LlmExtractor>[0]> = {}) =>
  new LlmExtractor({
    baseUrl,
    apiKey: 'sk-test',
    model: 'test-model',
    timeoutMs: 2000,
    cacheSize: 10,
    ...options,
  });

describe('LLM extraction', () => {
  it('LLM extraction - asks for structured output and returns validated, normalised fields', async () => {
    answer = reply(GOOD);
    const result = await extractor().extract('ton looks ready, buying 6.4-6.6');
    expect(result).toEqual({
      outcome: 'ok',
      fields: {
        symbols: ['TON/USDT'],
        side: 'BUY',
        entry: [6.4, 6.6],
        tps: [7, 7.5],
        sl: 6.1,
        leverage: 5,
        size: null,
      },
    });
    const [request] = requests;
    expect(request!.headers.authorization).toBe('Bearer sk-test');
    expect(request!.body).toMatchObject({
      model: 'test-model',
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'signal_fields', strict: true } },
    });
  });

  it('LLM extraction - the same text is answered from the cache', async () => {
    answer = reply(GOOD);
    const llm = extractor();
    await llm.extract('same text');
    expect(await llm.extract('same text')).toMatchObject({
      outcome: 'cached',
      fields: { symbols: ['TON/USDT'] },
    });
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['invalid JSON', reply('not json'), 'invalid'],
    [
      'a field out of shape',
      reply(
        JSON.stringify({
          symbols: 'BTC',
          side: 'BUY',
          entry: null,
          tps: [],
          sl: null,
          leverage: null,
          size: null,
        }),
      ),
      'invalid',
    ],
    [
      'a side outside BUY/SELL/null',
      reply(
        JSON.stringify({
          symbols: [],
          side: 'HOLD',
          entry: null,
          tps: [],
          sl: null,
          leverage: null,
          size: null,
        }),
      ),
      'invalid',
    ],
    [
      'an HTTP error',
      (_body: unknown, response: ServerResponse) => ((response.statusCode = 500), response.end('boom')),
      'http_error',
    ],
  ] as const)('LLM extraction - %s is reported and gives no fields', async (_case, handler, outcome) => {
    answer = handler;
    const result = await extractor().extract('whatever');
    expect(result).toMatchObject({ fields: null, outcome });
  });

  it('LLM extraction - an endpoint slower than the timeout is abandoned', async () => {
    answer = (_body, response) => setTimeout(() => reply(GOOD)(_body, response), 1500);
    const started = Date.now();
    const result = await extractor({ timeoutMs: 200 }).extract('slow');
    expect(result).toMatchObject({ fields: null, outcome: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('LLM extraction - an unreachable endpoint is a network error, not an exception', async () => {
    const result = await extractor({ baseUrl: 'http://127.0.0.1:9/v1' }).extract('x');
    expect(result.fields).toBeNull();
    expect(['network_error', 'timeout']).toContain(result.outcome);
  });

  it('LLM extraction - validation normalises symbols and entry order and names the bad field', () => {
    expect(
      validateFields({
        symbols: ['#btcusdt', 'ETH-USDT'],
        side: null,
        entry: [3, 1, 2],
        tps: [],
        sl: null,
        leverage: null,
        size: '2%',
      }),
    ).toMatchObject({
      symbols: ['BTC/USDT', 'ETH/USDT'],
      entry: [1, 3],
    });
    expect(() =>
      validateFields({
        symbols: [],
        side: 'BUY',
        entry: null,
        tps: [-1],
        sl: null,
        leverage: null,
        size: null,
      }),
    ).toThrow(/tps\[0\]/);
  });
});

describe('LLM extraction in the signal service', () => {
  async function service(env: Record<string, string>) {
    const { dir, remove } = tempDir();
    const { log, close } = openTestLog();
    const settings = loadSettings(
      { ...CORE_SETTINGS, ...SIGNAL_SETTINGS },
      { env: { DATA_DIR: dir, ...env }, file: '' },
    );
    const domain = createSignalDomain(settings, { log, bot: { running: true } });
    return { domain, done: async () => (await close(), remove()) };
  }

  it('LLM extraction - when configured, its fields are used and the reasons say so', async () => {
    answer = reply(GOOD);
    const { domain, done } = await service({ LLM_BASE_URL: baseUrl, LLM_MODEL: 'test-model' });
    const scored = await domain.service.score('TON long 6.4-6.6, targets 7 and 7.5, stop 6.1, 5x');
    expect(scored.reasons[0]).toMatch(/fields extracted by the LLM \(test-model\)/);
    expect(scored.fe).toMatchObject({ symbols: ['TON/USDT'], entry: [6.4, 6.6], tps: [7, 7.5], sl: 6.1 });
    await done();
  });

  it('LLM extraction - when the LLM fails, the rules answer and the reasons say why', async () => {
    answer = reply('{"broken": true}');
    const { domain, done } = await service({ LLM_BASE_URL: baseUrl });
    const scored = await domain.service.score('#ETHUSDT SHORT\nEntry: 3400\nTP: 3300\nSL: 3460');
    expect(scored.reasons[0]).toMatch(/LLM extraction failed \(invalid/);
    expect(scored).toMatchObject({
      label: 'SELL',
      fe: { symbols: ['ETH/USDT'], entry: [3400], tps: [3300], sl: 3460 },
    });
    await done();
  });

  it('LLM extraction - without LLM_BASE_URL no request is ever made', async () => {
    answer = reply(GOOD);
    const { domain, done } = await service({});
    expect(domain.llm).toBeNull();
    await domain.service.score('#ETHUSDT SHORT\nEntry: 3400\nTP: 3300\nSL: 3460');
    expect(requests).toHaveLength(0);
    await done();
  });
});
