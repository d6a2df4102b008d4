/**
 * Optional LLM extraction through any OpenAI-compatible chat-completions endpoint. Used only
 * when LLM_BASE_URL is set. The answer must be JSON that passes the `fe` schema (checked here,
 * field by field); anything else — timeout, HTTP error, invalid JSON, a field out of shape —
 * falls back to the rule extractor, and the reason is reported. Good answers are cached by text.
 */
import { createHash } from 'node:crypto';
import { normalizeSymbol } from '../shared/symbols.js';
import type { SignalFields } from './extract/extractor.js';

export interface LlmOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  /** Answers kept, least recently used dropped first; 0 disables the cache. */
  cacheSize: number;
  fetch?: typeof fetch;
}

export type LlmOutcome = 'ok' | 'cached' | 'timeout' | 'http_error' | 'invalid' | 'network_error';

export interface LlmResult {
  fields: SignalFields | null;
  outcome: LlmOutcome;
  /** What went wrong, for the reasons and the logs. */
  detail?: string;
}

const FE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['symbols', 'side', 'entry', 'tps', 'sl', 'leverage', 'size'],
  properties: {
    symbols: { type: 'array', items: { type: 'string' } },
    side: { type: ['string', 'null'], enum: ['BUY', 'SELL', null] },
    entry: { type: ['array', 'null'], items: { type: 'number' } },
    tps: { type: 'array', items: { type: 'number' } },
    sl: { type: ['number', 'null'] },
    leverage: { type: ['number', 'null'] },
    size: { type: ['string', 'null'] },
  },
} as const;

const SYSTEM_PROMPT = `You extract crypto trading signals from Telegram messages. Answer with JSON only, matching the schema.
Conventions: symbols as BASE/QUOTE (USDT when no quote is given; BTCUSDT -> BTC/USDT; prices in satoshis -> XXX/BTC).
side: BUY for long/buy, SELL for short/sell, null when the message is not a new trade (results, "TP1 hit", updates, cancellations, news, chatter); without a side word, targets above the entry mean BUY.
entry: [price] or [low, high] (a ladder of entries -> [lowest, highest]); null for market/now/CMP.
tps: every numeric take-profit in the order written. sl: the stop price, null when only given as a percentage.
leverage: a number (a range -> its upper bound). size: position size as written, or null.`;

class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new Error(`${field}: must be a non-negative number`);
  return value;
}

/** Check an answer against the `fe` schema and normalise it (symbols, ascending entry). */
export function validateFields(raw: unknown): SignalFields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('answer: must be a JSON object');
  const answer = raw as Record<string, unknown>;
  if (!Array.isArray(answer.symbols) || answer.symbols.some((symbol) => typeof symbol !== 'string')) {
    throw new Error('symbols: must be a list of strings');
  }
  const symbols = (answer.symbols as string[]).map((symbol) => {
    const normalized = normalizeSymbol(symbol.replace(/^[#$]/, ''));
    const withQuote = normalized.includes('/') ? normalized : `${normalized}/USDT`;
    if (!/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,12}$/.test(withQuote))
      throw new Error(`symbols: "${symbol}" is not a symbol`);
    return withQuote;
  });
  const side = answer.side ?? null;
  if (side !== null && side !== 'BUY' && side !== 'SELL') throw new Error('side: must be BUY, SELL or null');
  let entry: SignalFields['entry'] = null;
  if (answer.entry !== null && answer.entry !== undefined) {
    if (!Array.isArray(answer.entry) || answer.entry.length === 0)
      throw new Error('entry: must be a list of prices or null');
    const prices = answer.entry.map((value, index) => finiteNumber(value, `entry[${index}]`));
    entry = prices.length === 1 ? [prices[0]!] : [Math.min(...prices), Math.max(...prices)];
  }
  if (!Array.isArray(answer.tps)) throw new Error('tps: must be a list of prices');
  const tps = answer.tps.map((value, index) => finiteNumber(value, `tps[${index}]`));
  const sl = answer.sl === null || answer.sl === undefined ? null : finiteNumber(answer.sl, 'sl');
  const leverage =
    answer.leverage === null || answer.leverage === undefined
      ? null
      : finiteNumber(answer.leverage, 'leverage');
  const size = answer.size === null || answer.size === undefined ? null : String(answer.size);
  return { symbols, side, entry, tps, sl, leverage, size };
}

export class LlmExtractor {
  private readonly cache: LruCache<SignalFields>;
  private readonly fetch: typeof fetch;
  private readonly endpoint: string;

  constructor(private readonly options: LlmOptions) {
    if (!options.baseUrl) throw new Error('LLM_BASE_URL is empty');
    this.cache = new LruCache(options.cacheSize);
    this.fetch = options.fetch ?? globalThis.fetch;
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  get model(): string {
    return this.options.model;
  }

  async extract(text: string): Promise<LlmResult> {
    const key = createHash('sha256').update(`${this.options.model}\n${text}`).digest('hex');
    const cached = this.cache.get(key);
    if (cached) return { fields: cached, outcome: 'cached' };
    let response: Response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.options.model,
          temperature: 0,
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: text },
          ],
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'signal_fields', strict: true, schema: FE_SCHEMA },
          },
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        return { fields: null, outcome: 'timeout', detail: `no answer within ${this.options.timeoutMs} ms` };
      return { fields: null, outcome: 'network_error', detail: (error as Error).message };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { fields: null, outcome: 'http_error', detail: `HTTP ${response.status}` };
    }
    try {
      const body = (await response.json()) as { choices?: { message?: { content?: unknown } }[] };
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw new Error('choices[0].message.content: missing');
      const fields = validateFields(JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, '')));
      this.cache.set(key, fields);
      return { fields, outcome: 'ok' };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        return { fields: null, outcome: 'timeout', detail: `no answer within ${this.options.timeoutMs} ms` };
      return { fields: null, outcome: 'invalid', detail: (error as Error).message };
    }
  }
}
