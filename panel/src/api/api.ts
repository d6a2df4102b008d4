/**
 * The REST side of the panel: one typed method per API call, over a `Transport` (fetch in the
 * browser, an in-memory fake in component tests). Errors keep the server's `{error, message,
 * field}` so forms can point at the field.
 */
import type {
  AnalyticsInterval,
  CandleInterval,
  CandlesAnswer,
  ConfigAnswer,
  EquityPoint,
  EventsPage,
  EventsQuery,
  FeedStatus,
  IngestAnswer,
  KillSwitchState,
  PortfolioAnswer,
  RiskPolicyAnswer,
  ScoredSignal,
  SignalLabel,
  StatsAnswer,
  StatusAnswer,
  SymbolsAnswer,
  TimeseriesAnswer,
  TopTrace,
  TraceStory,
} from './types.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** Performs one request; resolves with the parsed JSON body, rejects with ApiError. */
export type Transport = (request: ApiRequest) => Promise<unknown>;

export function fetchTransport(options: { baseUrl?: string; apiKey: () => string }): Transport {
  return async ({ method, path, query, body }) => {
    const search = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : '';
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = options.apiKey();
    if (key) headers['x-api-key'] = key;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl ?? ''}${path}${search}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, 'network_error', `LeviBot is not reachable (${(error as Error).message})`);
    }
    const parsed = parseJson(await response.text());
    if (!response.ok) {
      const problem = (parsed ?? {}) as { error?: string; message?: string; field?: string };
      throw new ApiError(
        response.status,
        problem.error ?? `http_${response.status}`,
        problem.message ?? `${method} ${path} answered ${response.status}`,
        problem.field,
      );
    }
    return parsed;
  };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function eventsQuery(query: EventsQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

export class Api {
  constructor(private readonly transport: Transport) {}

  private get<T>(path: string, query?: Record<string, string>): Promise<T> {
    return this.transport({ method: 'GET', path, ...(query ? { query } : {}) }) as Promise<T>;
  }

  private send<T>(method: 'POST' | 'PUT', path: string, body: unknown = {}): Promise<T> {
    return this.transport({ method, path, body }) as Promise<T>;
  }

  // Events and analytics
  events(query: EventsQuery): Promise<EventsPage> {
    return this.get('/events', eventsQuery(query));
  }
  trace(traceId: string): Promise<TraceStory> {
    return this.get(`/traces/${encodeURIComponent(traceId)}`);
  }
  stats(days: number): Promise<StatsAnswer> {
    return this.get('/analytics/stats', { days: String(days) });
  }
  timeseries(interval: AnalyticsInterval, days: number): Promise<TimeseriesAnswer> {
    return this.get('/analytics/timeseries', { interval, days: String(days) });
  }
  async topTraces(days: number, limit: number): Promise<TopTrace[]> {
    return (
      await this.get<{ traces: TopTrace[] }>('/analytics/traces', {
        days: String(days),
        limit: String(limit),
      })
    ).traces;
  }

  // Operations
  status(): Promise<StatusAnswer> {
    return this.get('/status');
  }
  setRunning(running: boolean): Promise<{ running: boolean }> {
    return this.send('POST', running ? '/start' : '/stop', { reason: 'panel' });
  }
  config(): Promise<ConfigAnswer> {
    return this.get('/config');
  }
  updateConfig(patch: Record<string, unknown>): Promise<ConfigAnswer> {
    return this.send('PUT', '/config', patch);
  }

  // Paper trading and risk
  portfolio(): Promise<PortfolioAnswer> {
    return this.get('/paper/portfolio');
  }
  async equity(hours: number): Promise<EquityPoint[]> {
    return (await this.get<{ points: EquityPoint[] }>('/paper/equity', { hours: String(hours) })).points;
  }
  riskPolicy(): Promise<RiskPolicyAnswer> {
    return this.get('/risk/policy');
  }
  setRiskPolicy(name: string): Promise<RiskPolicyAnswer> {
    return this.send('PUT', '/risk/policy', { name });
  }
  setKillSwitch(on: boolean): Promise<KillSwitchState> {
    return this.send('POST', '/risk/killswitch', { on, reason: on ? 'panel' : 'panel reset' });
  }

  // Signals
  scoreSignal(text: string): Promise<ScoredSignal> {
    return this.send('POST', '/signals/score', { text });
  }
  ingestSignal(text: string): Promise<IngestAnswer> {
    return this.send('POST', '/signals/ingest-and-score', { text, source: 'panel' });
  }
  appendToDataset(text: string, label: SignalLabel): Promise<unknown> {
    return this.send('POST', '/ml/dataset/append', { text, label });
  }

  // Market
  symbols(): Promise<SymbolsAnswer> {
    return this.get('/market/symbols');
  }
  feed(): Promise<FeedStatus> {
    return this.get('/market/feed');
  }
  candles(symbol: string, interval: CandleInterval, limit: number): Promise<CandlesAnswer> {
    return this.get('/market/candles', { symbol, interval, limit: String(limit) });
  }
}
