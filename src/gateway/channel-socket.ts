/**
 * GET /ws: the channel protocol. The client subscribes to channels (with filters and a resume
 * point on event channels); each event channel is its own EventFeed, live channels come from the
 * hubs. After an overflow an event channel sends `gap` and ends: the client re-subscribes with
 * `since_id` = the gap's `last_id` and the store fills in what it missed.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { EventFilter } from '../events/index.js';
import { UnavailableError, ValidationError } from '../shared/errors.js';
import type { Channel } from './channels.js';
import type { GatewayContext } from './context.js';
import { EventFeed } from './feed.js';
import { channelEventFrame, wsJsonFrame } from './frames.js';
import type { ChannelIndex, PeriodicHub, TickHub } from './hubs.js';
import {
  type ClientFrame,
  channelFilter,
  filterView,
  InvalidJsonError,
  parseClientFrame,
} from './protocol.js';
import { errorFrame, WsClient } from './ws-client.js';

export interface ChannelHubs {
  ticks: TickHub | null;
  portfolio: PeriodicHub | null;
  metrics: PeriodicHub;
  index: ChannelIndex;
}

interface Subscription {
  channel: Channel;
  /** The client's filters (before narrowing to the channel's event types). */
  filter: EventFilter;
  feed: EventFeed | null;
  /** `subscribed` was sent: the feed's frames may follow. */
  announced: boolean;
}

const now = () => new Date().toISOString();

export class ChannelSocket extends WsClient {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    id: string,
    ip: string,
    ws: WebSocket,
    socket: Duplex,
    context: GatewayContext,
    private readonly hubs: ChannelHubs,
    onDispose: (client: WsClient) => void,
  ) {
    super(id, ip, ws, socket, context, onDispose);
  }

  start(): void {
    this.sendJson({ type: 'connected', client_id: this.id, server_time: now() });
  }

  protected onText(text: string): void {
    try {
      this.handle(parseClientFrame(text));
    } catch (error) {
      if (error instanceof InvalidJsonError)
        this.sendJson({ type: 'error', code: 'invalid_json', message: error.message });
      else this.sendJson(errorFrame(error));
    }
  }

  private handle(frame: ClientFrame): void {
    switch (frame.type) {
      case 'subscribe':
        return this.subscribe(frame.channels, frame.filter, frame.sinceId);
      case 'unsubscribe':
        for (const channel of frame.channels) {
          this.unsubscribe(channel.name);
          this.sendJson({ type: 'unsubscribed', channel: channel.name });
        }
        return;
      case 'ping':
        return this.sendJson({
          type: 'pong',
          server_time: now(),
          ...(frame.id !== undefined && { id: frame.id }),
        });
      case 'get_subscriptions':
        return this.sendJson({
          type: 'subscriptions',
          subscriptions: [...this.subscriptions.values()].map((sub) => ({
            channel: sub.channel.name,
            filters: filterView(sub.filter),
            last_id: sub.feed?.lastId ?? null,
          })),
        });
    }
  }

  /** Validate every channel first, so that a bad one leaves the connection's subscriptions as they were. */
  private subscribe(channels: Channel[], filter: EventFilter, sinceId: number | null): void {
    const added = channels.filter((channel) => !this.subscriptions.has(channel.name)).length;
    const limit = this.context.settings.WS_MAX_CHANNELS;
    if (this.subscriptions.size + added > limit) {
      throw ValidationError.forField('channels', `at most ${limit} channels per connection`);
    }
    const feedFilters = channels.map((channel, index) => {
      if (channel.kind === 'ticks' && !this.hubs.ticks) {
        throw new UnavailableError(`channels[${index}]: no market feed runs in this server`);
      }
      if (channel.kind === 'portfolio' && !this.hubs.portfolio) {
        throw new UnavailableError(`channels[${index}]: no portfolio runs in this server`);
      }
      return channel.kind === 'events' ? channelFilter(channel, filter) : null;
    });
    channels.forEach((channel, index) => {
      this.unsubscribe(channel.name);
      const feedFilter = feedFilters[index];
      if (channel.kind === 'events' && feedFilter) this.subscribeEvents(channel, filter, feedFilter, sinceId);
      else this.subscribeLive(channel);
    });
  }

  private subscribeEvents(
    channel: Channel,
    filter: EventFilter,
    feedFilter: EventFilter,
    sinceId: number | null,
  ): void {
    const name = channel.name;
    const subscription: Subscription = { channel, filter, feed: null, announced: false };
    const feed = new EventFeed({
      store: this.context.store,
      bus: this.context.bus,
      filter: feedFilter,
      sinceId,
      maxQueueBytes: this.context.settings.WS_QUEUE_BYTES,
      encoder: {
        event: (message) => channelEventFrame(name, message),
        gap: (lastId) => wsJsonFrame({ type: 'gap', channel: name, last_id: lastId }),
      },
      afterGap: 'stop',
      onReadable: () => this.requestFlush(),
      onOverflow: () => this.onOverflow(),
      onDropped: (count) => this.countDropped(count),
      onError: (error) => this.failed(error),
    });
    subscription.feed = feed;
    this.subscriptions.set(name, subscription);
    this.hubs.index.add(name, this);
    feed.start().then(
      (head) => {
        if (this.closed || this.subscriptions.get(name) !== subscription) return;
        const subscribed: Record<string, unknown> = {
          type: 'subscribed',
          channel: name,
          filters: filterView(filter),
          last_id: head,
        };
        if (sinceId !== null) subscribed.since_id = feed.lastId;
        this.sendJson(subscribed);
        subscription.announced = true;
        this.requestFlush();
      },
      (error: unknown) => this.failed(error),
    );
  }

  private subscribeLive(channel: Channel): void {
    this.subscriptions.set(channel.name, { channel, filter: {}, feed: null, announced: true });
    this.hubs.index.add(channel.name, this);
    this.sendJson({ type: 'subscribed', channel: channel.name, filters: {}, last_id: null });
    if (channel.kind === 'ticks') this.hubs.ticks!.add(channel.symbol, channel.name, this);
    else if (channel.kind === 'portfolio') this.hubs.portfolio!.add(this);
    else if (channel.kind === 'metrics') this.hubs.metrics.add(this);
  }

  private unsubscribe(name: string): void {
    const subscription = this.subscriptions.get(name);
    if (!subscription) return;
    this.subscriptions.delete(name);
    this.hubs.index.remove(name, this);
    const channel = subscription.channel;
    if (subscription.feed) subscription.feed.stop();
    else if (channel.kind === 'ticks') this.hubs.ticks?.remove(channel.symbol, this);
    else if (channel.kind === 'portfolio') this.hubs.portfolio?.remove(this);
    else if (channel.kind === 'metrics') this.hubs.metrics.remove(this);
    this.dropLive(name);
  }

  protected pullFeeds(out: Buffer[]): void {
    for (const [name, subscription] of this.subscriptions) {
      const feed = subscription.feed;
      if (!feed || !subscription.announced) continue;
      feed.pull(out);
      // A feed stops after its gap frame: the client re-subscribes from the gap's last_id.
      if (feed.stopped) this.unsubscribe(name);
    }
  }

  protected feedBytes(): number {
    let bytes = 0;
    for (const subscription of this.subscriptions.values()) bytes += subscription.feed?.queuedBytes ?? 0;
    return bytes;
  }

  protected release(): void {
    for (const name of [...this.subscriptions.keys()]) this.unsubscribe(name);
  }
}
