/**
 * Building the signals domain from the settings: dataset and model files under
 * DATA_DIR/signals, the lab (training), the router, the optional LLM extractor and the service.
 * Shared by the server (app/app.ts) and the CLI, so both score with the same model.
 */
import { join } from 'node:path';
import type { SettingsOf } from '../config/index.js';
import type { CORE_SETTINGS } from '../config/core.js';
import type { EventLog } from '../events/index.js';
import type { OrderPort } from '../trading/port.js';
import { SHIPPED_DATASET, SignalDataset } from './learning/dataset.js';
import { ModelFiles } from './learning/model-file.js';
import { SignalLab } from './lab.js';
import { LlmExtractor } from './llm.js';
import { SignalMetrics } from './metrics.js';
import { AutoRouter } from './router.js';
import { SignalService } from './service.js';
import type { SIGNAL_SETTINGS } from './settings.js';

export type SignalDomainSettings = SettingsOf<typeof SIGNAL_SETTINGS> &
  Pick<SettingsOf<typeof CORE_SETTINGS>, 'DATA_DIR'>;

export interface SignalDomainDeps {
  log: EventLog;
  /** The bot's run state (BotControl); a stopped bot routes nothing. */
  bot: { readonly running: boolean };
  /** Where routed orders go; until a paper engine is wired, every order is refused with a reason. */
  orders?: OrderPort;
  /** Registry for the domain's Prometheus metrics. */
  metrics?: ConstructorParameters<typeof SignalMetrics>[0];
  /** @default the shipped datasets/signals/train.jsonl */
  shippedDataset?: string;
  now?: () => number;
}

export interface SignalDomain {
  lab: SignalLab;
  service: SignalService;
  router: AutoRouter;
  llm: LlmExtractor | null;
  /** Why the model was trained at start instead of loaded (null when loaded). */
  trainedAtStartBecause: string | null;
  /** The GET /status section. */
  status(): Record<string, unknown>;
}

/** Refuses every order: the router's port until the paper engine is wired in. */
export const UNWIRED_ORDER_PORT: OrderPort = {
  placeOrder: async () => ({
    status: 'rejected',
    reason: 'no paper trading engine is connected to the router',
  }),
};

export function signalsDir(settings: Pick<SignalDomainSettings, 'DATA_DIR'>): string {
  return join(settings.DATA_DIR, 'signals');
}

export function createSignalDataset(
  settings: SignalDomainSettings,
  shipped: string = SHIPPED_DATASET,
): SignalDataset {
  return new SignalDataset(
    { shipped, user: join(signalsDir(settings), 'dataset.jsonl') },
    settings.SIGNAL_MAX_TEXT_CHARS,
  );
}

export function createSignalDomain(settings: SignalDomainSettings, deps: SignalDomainDeps): SignalDomain {
  const { lab, trainedBecause } = SignalLab.open({
    dataset: createSignalDataset(settings, deps.shippedDataset),
    files: new ModelFiles(signalsDir(settings)),
    log: deps.log,
    seed: settings.SIGNAL_TRAIN_SEED,
  });
  const metrics = deps.metrics ? new SignalMetrics(deps.metrics) : undefined;
  const router = new AutoRouter({
    settings,
    orders: deps.orders ?? UNWIRED_ORDER_PORT,
    bot: deps.bot,
    log: deps.log,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const llm = settings.LLM_BASE_URL
    ? new LlmExtractor({
        baseUrl: settings.LLM_BASE_URL,
        apiKey: settings.LLM_API_KEY,
        model: settings.LLM_MODEL,
        timeoutMs: settings.LLM_TIMEOUT_MS,
        cacheSize: settings.LLM_CACHE_SIZE,
      })
    : null;
  const service = new SignalService({
    models: lab,
    log: deps.log,
    router,
    settings,
    llm,
    ...(metrics ? { metrics } : {}),
  });
  return {
    lab,
    service,
    router,
    llm,
    trainedAtStartBecause: trainedBecause,
    status: () => {
      const model = lab.modelView();
      return {
        model: {
          trained_at: model.trained_at,
          origin: model.origin,
          dataset_size: model.dataset.size,
          cv_accuracy: model.metrics.cv_accuracy,
          cv_ece: model.metrics.cv_ece,
        },
        auto_route: {
          enabled: settings.AUTO_ROUTE_ENABLED,
          dry_run: settings.AUTO_ROUTE_DRY_RUN,
          min_conf: settings.AUTO_ROUTE_MIN_CONF,
        },
        llm: llm ? { model: llm.model } : null,
      };
    },
  };
}
