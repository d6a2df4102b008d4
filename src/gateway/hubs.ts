/**
 * Live-only channels: ticks from a TickSource, periodic snapshots (portfolio, metrics). Each hub
 * listens to its source only while someone subscribes, and serialises every update once for all
 * of its subscribers.
 */
import type { Tick, TickSource } from '../market/tick.js';
import type { LiveSubscriber } from './context.js';
import { LiveUpdate } from './frames.js';

interface TickTopic {
  channel: string;
  unsubscribe: () => void;
  subscribers: Set<LiveSubscriber>;
}

export class TickHub {
  private readonly topics = new Map<string, TickTopic>();

  constructor(private readonly source: TickSource) {}

  /** `symbol` is a normalised symbol or `*`; `channel` is the name frames carry. */
  add(symbol: string, channel: string, subscriber: LiveSubscriber): void {
    let topic = this.topics.get(symbol);
    if (!topic) {
      const created: TickTopic = { channel, unsubscribe: () => {}, subscribers: new Set() };
      this.topics.set(symbol, created);
      created.unsubscribe = this.source.subscribeTicks(symbol, (tick) => this.fanOut(created, tick));
      topic = created;
    }
    topic.subscribers.add(subscriber);
    // A new subscriber starts from the latest tick rather than waiting for the next one.
    for (const known of symbol === '*' ? this.source.symbols() : [symbol]) {
      const current = this.source.lastTick(known);
      if (current) subscriber.pushLive(this.keyOf(topic, current), this.update(topic.channel, current));
    }
  }

  remove(symbol: string, subscriber: LiveSubscriber): void {
    const topic = this.topics.get(symbol);
    if (!topic?.subscribers.delete(subscriber) || topic.subscribers.size > 0) return;
    topic.unsubscribe();
    this.topics.delete(symbol);
  }

  close(): void {
    for (const topic of this.topics.values()) topic.unsubscribe();
    this.topics.clear();
  }

  private fanOut(topic: TickTopic, tick: Tick): void {
    const update = this.update(topic.channel, tick);
    const key = this.keyOf(topic, tick);
    for (const subscriber of topic.subscribers) subscriber.pushLive(key, update);
  }

  /** On ticks:* each symbol conflates on its own: a slow client still gets every symbol's latest. */
  private keyOf(topic: TickTopic, tick: Tick): string {
    return topic.channel === 'ticks:*' ? `ticks:*|${tick.symbol}` : topic.channel;
  }

  private update(channel: string, tick: Tick): LiveUpdate {
    return new LiveUpdate(channel, 'TICK', new Date(tick.ts).toISOString(), JSON.stringify(tick));
  }
}

/** A snapshot taken every `intervalMs` while there are subscribers, and on each new subscription. */
export class PeriodicHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly channel: string,
    private readonly eventType: string,
    private readonly intervalMs: number,
    private readonly snapshot: () => unknown,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(subscriber: LiveSubscriber): void {
    this.subscribers.add(subscriber);
    const update = this.take();
    if (update) subscriber.pushLive(this.channel, update);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref();
    }
  }

  remove(subscriber: LiveSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop();
  }

  close(): void {
    this.subscribers.clear();
    this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const update = this.take();
    if (update) for (const subscriber of this.subscribers) subscriber.pushLive(this.channel, update);
  }

  private take(): LiveUpdate | null {
    try {
      return new LiveUpdate(
        this.channel,
        this.eventType,
        new Date().toISOString(),
        JSON.stringify(this.snapshot()),
      );
    } catch (error) {
      this.onError(error);
      return null;
    }
  }
}

/** Which connections listen on which channel name: broadcasts and per-channel counts. */
export class ChannelIndex {
  private readonly byName = new Map<string, Set<LiveSubscriber>>();

  add(channel: string, subscriber: LiveSubscriber): void {
    let set = this.byName.get(channel);
    if (!set) this.byName.set(channel, (set = new Set()));
    set.add(subscriber);
  }

  remove(channel: string, subscriber: LiveSubscriber): void {
    const set = this.byName.get(channel);
    if (set?.delete(subscriber) && set.size === 0) this.byName.delete(channel);
  }

  subscribersOf(channel: string): ReadonlySet<LiveSubscriber> {
    return this.byName.get(channel) ?? new Set();
  }

  /** Subscriptions per channel name. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [channel, set] of this.byName) counts[channel] = set.size;
    return counts;
  }
}
