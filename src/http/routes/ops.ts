/** Health, status, start/stop, configuration and Prometheus metrics. */
import Type from 'typebox';
import type { BotControl } from '../../app/control.js';
import type { RuntimeConfig, SettingSpecs } from '../../config/index.js';
import { redactSettings } from '../../config/index.js';
import type { EventLog } from '../../events/index.js';
import type { Metrics } from '../../observability/metrics.js';
import type { HttpApp } from '../server.js';

export interface OpsDeps {
  version: string;
  startedAt: Date;
  log: EventLog;
  bot: BotControl;
  config: RuntimeConfig<SettingSpecs>;
  metrics: Metrics;
  busStatus: () => Record<string, unknown>;
  /** Extra sections of GET /status contributed by domains (feed, engine, gateway...). */
  statusSections: () => Record<string, unknown>;
}

const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) });

export function registerOpsRoutes(app: HttpApp, deps: OpsDeps): void {
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Process is up' } }, async () => ({
    status: 'ok',
  }));
  app.get('/livez', { schema: { tags: ['ops'], summary: 'Liveness probe' } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['ops'], summary: 'Readiness: the store answers' } },
    async (_request, reply) => {
      try {
        await deps.log.store.healthCheck();
        return { status: 'ready', store: deps.log.store.kind };
      } catch (error) {
        return reply
          .status(503)
          .send({ error: 'unavailable', message: `store: ${(error as Error).message}` });
      }
    },
  );

  app.get(
    '/status',
    { schema: { tags: ['ops'], summary: 'Version, uptime, store and run state' } },
    async () => {
      const store = deps.log.store;
      return {
        version: deps.version,
        started_at: deps.startedAt.toISOString(),
        uptime_s: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
        running: deps.bot.running,
        running_since: deps.bot.since?.toISOString() ?? null,
        store: { kind: store.kind, events: await store.count(), last_id: await store.lastId() },
        bus: deps.busStatus(),
        ...deps.statusSections(),
      };
    },
  );

  app.post(
    '/start',
    { schema: { tags: ['ops'], summary: 'Start the bot (emits BOT_STARTED)', body: ReasonBody } },
    async (request) => {
      const changed = await deps.bot.start(request.body.reason ?? 'api');
      return { running: deps.bot.running, changed };
    },
  );
  app.post(
    '/stop',
    { schema: { tags: ['ops'], summary: 'Stop the bot (emits BOT_STOPPED)', body: ReasonBody } },
    async (request) => {
      const changed = await deps.bot.stop(request.body.reason ?? 'api');
      return { running: deps.bot.running, changed };
    },
  );

  const configView = () => ({
    settings: redactSettings(deps.config.specs, deps.config.values),
    tunable: deps.config.tunableNames,
  });

  app.get(
    '/config',
    { schema: { tags: ['config'], summary: 'Current settings, secrets redacted' } },
    async () => configView(),
  );
  app.put(
    '/config',
    {
      schema: {
        tags: ['config'],
        summary: 'Change run-time tunable settings (emits CONFIG_CHANGED)',
        body: Type.Record(Type.String(), Type.Unknown()),
      },
    },
    async (request) => {
      const changes = deps.config.update(request.body);
      if (changes.length > 0) {
        await deps.log.emit({
          event_type: 'CONFIG_CHANGED',
          source: 'config',
          payload: { changes, via: 'api' },
        });
      }
      return { changed: changes, ...configView() };
    },
  );
  app.post(
    '/config/reload',
    { schema: { tags: ['config'], summary: 'Re-read environment and YAML file; apply tunable changes' } },
    async () => {
      const result = deps.config.reload();
      if (result.changed.length > 0) {
        await deps.log.emit({
          event_type: 'CONFIG_CHANGED',
          source: 'config',
          payload: { changes: result.changed, via: 'reload' },
        });
      }
      return { changed: result.changed, restart_required: result.restartRequired, ...configView() };
    },
  );

  app.get(
    '/metrics/prom',
    { schema: { tags: ['ops'], summary: 'Prometheus metrics' } },
    async (_request, reply) => {
      const body = await deps.metrics.registry.metrics();
      return reply.type(deps.metrics.registry.contentType).send(body);
    },
  );
}
