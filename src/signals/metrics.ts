/** Prometheus metrics of the signals domain, on the shared registry. */
import { Counter, Histogram, type Registry } from 'prom-client';

export class SignalMetrics {
  readonly scored: Counter<'label'>;
  readonly scoreSeconds: Histogram;
  readonly routed: Counter<'decision'>;
  readonly llmRequests: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.scored = new Counter({
      name: 'levibot_signals_scored_total',
      help: 'Signals scored, by label',
      labelNames: ['label'],
      registers: [registry],
    });
    this.scoreSeconds = new Histogram({
      name: 'levibot_signal_score_seconds',
      help: 'Time to extract and score one signal (LLM included when configured)',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.005, 0.05, 0.5, 2, 10],
      registers: [registry],
    });
    this.routed = new Counter({
      name: 'levibot_auto_route_total',
      help: 'Auto-router decisions, by decision (executed, dry_run, skipped)',
      labelNames: ['decision'],
      registers: [registry],
    });
    this.llmRequests = new Counter({
      name: 'levibot_llm_extractions_total',
      help: 'LLM extraction attempts, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}
