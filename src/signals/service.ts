/**
 * The signal service: what HTTP, the CLI, and later Telegram and the panel call. `score` answers
 * without side effects; `ingest` records the message (SIGNAL_INGEST), scores it (SIGNAL_SCORED)
 * and routes it, all under one trace_id. Nothing here knows about HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { SettingsOf } from '../config/index.js';
import type { EventLog, StoredEvent } from '../events/index.js';
import { ValidationError } from '../shared/errors.js';
import { extractSignal } from './extract/extractor.js';
import { parseText } from './learning/dataset.js';
import type { SignalTextModel } from './learning/text-model.js';
import type { LlmExtractor } from './llm.js';
import type { SignalMetrics } from './metrics.js';
import type { ScoredSignal } from './model.js';
import type { AutoRouter, RouteDecision } from './router.js';
import { type ScoreDetails, scoreExtraction } from './scorer.js';
import type { SIGNAL_SETTINGS } from './settings.js';

export interface IngestInput {
  text: string;
  /** Where it came from: `api`, `telegram`, `panel`... (letters, digits and _.:/-). */
  source: string;
  /** The channel or chat it was posted in. */
  channel?: string | undefined;
}

export interface IngestResult extends ScoredSignal {
  trace_id: string;
  /** True when at least one symbol became a paper order. */
  routed: boolean;
  /** One entry per symbol: what the router decided and why. */
  route: RouteDecision[];
}

export interface RecentSignal extends ScoredSignal {
  id: number;
  ts: string;
  trace_id: string | null;
  source: string;
  channel: string | null;
  text: string;
}

export interface SignalServiceOptions {
  /** Where the current model comes from (the lab swaps it after training). */
  models: { readonly model: SignalTextModel };
  log: EventLog;
  router: AutoRouter;
  settings: SettingsOf<typeof SIGNAL_SETTINGS>;
  llm?: LlmExtractor | null;
  metrics?: SignalMetrics;
}

const SOURCE = /^[A-Za-z0-9_.:/-]{1,64}$/;
export const MAX_RECENT = 500;

export class SignalService {
  constructor(private readonly options: SignalServiceOptions) {}

  /** Extract and score a message; throws ValidationError (field `text`) for unusable input. */
  async score(text: unknown): Promise<ScoredSignal> {
    return (await this.analyse(parseText(text, this.options.settings.SIGNAL_MAX_TEXT_CHARS))).scored;
  }

  async ingest(input: unknown): Promise<IngestResult> {
    const { text, source, channel } = this.parseIngest(input);
    const trace_id = randomUUID();
    const log = this.options.log;
    await log.emit({
      event_type: 'SIGNAL_INGEST',
      trace_id,
      source: 'signals',
      payload: { text, source, channel: channel ?? null },
    });
    const { scored, extraction } = await this.analyse(text);
    await log.emit({
      event_type: 'SIGNAL_SCORED',
      trace_id,
      symbol: scored.fe.symbols[0],
      source: 'signals',
      payload: {
        score: { label: scored.label, confidence: scored.confidence, reasons: scored.reasons },
        fe: scored.fe,
        text,
        source,
        channel: channel ?? null,
        sl_percent: extraction.evidence.slPercent,
        model: {
          trained_at: this.options.models.model.info.trained_at,
          dataset_sha256: this.options.models.model.info.dataset.sha256,
        },
      },
    });
    const route = await this.options.router.route({ trace_id, scored });
    for (const decision of route) this.options.metrics?.routed.inc({ decision: decision.decision });
    return { ...scored, trace_id, routed: route.some((decision) => decision.decision === 'executed'), route };
  }

  /** The latest scored signals, newest first. */
  async recent(limit: number): Promise<RecentSignal[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECENT) {
      throw ValidationError.forField('limit', `must be an integer between 1 and ${MAX_RECENT}`);
    }
    const page = await this.options.log.store.query({ eventTypes: ['SIGNAL_SCORED'], limit, order: 'desc' });
    return page.events.map(toRecent);
  }

  private parseIngest(input: unknown): IngestInput {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new ValidationError('body: must be an object {text, source, channel?}', 'body');
    }
    const raw = input as Record<string, unknown>;
    const text = parseText(raw.text, this.options.settings.SIGNAL_MAX_TEXT_CHARS);
    if (typeof raw.source !== 'string' || !SOURCE.test(raw.source)) {
      throw ValidationError.forField(
        'source',
        'must be 1-64 characters of letters, digits and _.:/- (e.g. telegram)',
      );
    }
    let channel: string | undefined;
    if (raw.channel !== undefined && raw.channel !== null) {
      if (typeof raw.channel !== 'string' || raw.channel.length > 128) {
        throw ValidationError.forField('channel', 'must be a string of at most 128 characters');
      }
      channel = raw.channel;
    }
    return { text, source: raw.source, channel };
  }

  private async analyse(text: string): Promise<ScoreDetails> {
    const started = performance.now();
    const extraction = extractSignal(text);
    const model = this.options.models.model;
    let details: ScoreDetails;
    const llm = this.options.llm;
    if (llm) {
      const result = await llm.extract(text);
      this.options.metrics?.llmRequests.inc({ outcome: result.outcome });
      details = scoreExtraction(extraction, model, result.fields ?? extraction.fields);
      details.scored.reasons.unshift(
        result.fields
          ? `fields extracted by the LLM (${llm.model}${result.outcome === 'cached' ? ', cached' : ''})`
          : `LLM extraction failed (${result.outcome}${result.detail ? `: ${result.detail}` : ''}); fields from the rules`,
      );
    } else {
      details = scoreExtraction(extraction, model);
    }
    this.options.metrics?.scored.inc({ label: details.scored.label });
    this.options.metrics?.scoreSeconds.observe((performance.now() - started) / 1000);
    return details;
  }
}

function toRecent(event: StoredEvent): RecentSignal {
  const payload = event.payload as {
    score?: { label: ScoredSignal['label']; confidence: number; reasons: string[] };
    fe: ScoredSignal['fe'];
    text?: string;
    source?: string;
    channel?: string | null;
  };
  return {
    id: event.id,
    ts: event.ts,
    trace_id: event.trace_id ?? null,
    source: payload.source ?? event.source,
    channel: payload.channel ?? null,
    text: payload.text ?? '',
    label: payload.score?.label ?? 'NO-TRADE',
    confidence: payload.score?.confidence ?? 0,
    reasons: payload.score?.reasons ?? [],
    fe: payload.fe,
  };
}
