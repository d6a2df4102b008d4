/**
 * The live side of the panel: one LeviBotClient (one WebSocket to /ws) shared by every page.
 * Several parts of the panel may listen on the same channel (the alerts badge and the Alerts
 * page), while the client keeps one subscription per channel; the hub fans each message out and
 * keeps the connection state for the badge.
 */
import type { Channel, Filters, LeviBotClient, MessageOf, Subscription } from '@levibot/client';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ListenOptions {
  /** Server-side filters (event channels). The latest listener's filters apply to the channel. */
  filters?: Filters;
  /** Replay the stored events after this id first (resume), then go live. */
  sinceId?: number;
}

type AnyHandler = (message: MessageOf<Channel>) => void;

interface ChannelEntry {
  handlers: Set<AnyHandler>;
  filtersKey: string;
  subscription: Subscription;
}

export class LiveHub {
  private connection: ConnectionState = 'connecting';
  private refused = false;
  private readonly stateListeners = new Set<() => void>();
  private readonly channels = new Map<string, ChannelEntry>();

  constructor(private readonly client: LeviBotClient) {
    client.on('connected', () => this.setState('connected'));
    client.on('disconnected', () => this.setState('disconnected'));
    client.on('error', (error) => {
      if (error.code !== 'unauthorized') return;
      this.refused = true;
      this.connection = 'disconnected';
      this.notify();
    });
  }

  /** Connect; the client retries by itself when the first attempt fails. */
  start(): void {
    this.client.connect().catch(() => this.setState('disconnected'));
  }

  stop(): void {
    this.client.close();
  }

  get state(): ConnectionState {
    return this.connection;
  }

  /** The server refused the API key (or its absence): the client stopped retrying. */
  get unauthorized(): boolean {
    return this.refused;
  }

  onStateChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  listen<C extends Channel>(
    channel: C,
    handler: (message: MessageOf<C>) => void,
    options: ListenOptions = {},
  ): () => void {
    const anyHandler = handler as AnyHandler;
    const filtersKey = JSON.stringify(options.filters ?? {});
    let entry = this.channels.get(channel);
    if (!entry || entry.filtersKey !== filtersKey || options.sinceId !== undefined) {
      const handlers: Set<AnyHandler> = entry?.handlers ?? new Set();
      const subscription = this.client.subscribe(
        channel,
        options.filters as never,
        (message: MessageOf<C>) => {
          for (const each of handlers) each(message as MessageOf<Channel>);
        },
        options.sinceId !== undefined ? { sinceId: options.sinceId } : {},
      );
      entry = { handlers, filtersKey, subscription };
      this.channels.set(channel, entry);
    }
    entry.handlers.add(anyHandler);
    const current = entry;
    return () => {
      current.handlers.delete(anyHandler);
      if (current.handlers.size === 0 && this.channels.get(channel) === current) {
        this.channels.delete(channel);
        current.subscription.unsubscribe();
      }
    };
  }

  private setState(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.stateListeners) listener();
  }
}
