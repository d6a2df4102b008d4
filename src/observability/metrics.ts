/**
 * The Prometheus registry and the metrics every part of LeviBot shares. Domains create their own
 * metrics on `metrics.registry`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface BuildInfo {
  version: string;
  gitSha: string;
  branch: string;
}

export class Metrics {
  readonly registry = new Registry();
  readonly eventsTotal: Counter<'event_type'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly storeAppendSeconds: Histogram;
  readonly storeAppendBatchSize: Histogram;

  constructor(build: BuildInfo) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'levibot_build_info',
      help: 'Build information; the value is always 1',
      labelNames: ['version', 'git_sha', 'branch'],
      registers: [this.registry],
    }).set({ version: build.version, git_sha: build.gitSha, branch: build.branch }, 1);
    this.eventsTotal = new Counter({
      name: 'levibot_events_total',
      help: 'Events appended to the store, by type',
      labelNames: ['event_type'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'levibot_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.storeAppendSeconds = new Histogram({
      name: 'levibot_store_append_seconds',
      help: 'Time from append call to commit',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.storeAppendBatchSize = new Histogram({
      name: 'levibot_store_append_batch_size',
      help: 'Events per append call',
      buckets: [1, 2, 5, 10, 50, 100, 500, 1000],
      registers: [this.registry],
    });
  }
}
