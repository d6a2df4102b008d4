/**
 * A committed event as it travels on the bus. The JSON text, its byte size and every encoding a
 * consumer derives from it (WebSocket frames, SSE records, search text) are computed at most once
 * per publish and shared by every subscriber that receives the message.
 */
import type { StoredEvent } from '../events/model.js';

export class BusMessage {
  private jsonText: string | undefined;
  private byteCount = -1;
  private memo: Map<object, unknown> | undefined;

  constructor(
    readonly event: StoredEvent,
    json?: string,
  ) {
    this.jsonText = json;
  }

  /** For adapters that receive the serialised event from a broker: parsed once per process. */
  static fromJson(json: string): BusMessage {
    return new BusMessage(JSON.parse(json) as StoredEvent, json);
  }

  get id(): number {
    return this.event.id;
  }

  /** The stored event as JSON, exactly as GET /events returns it. */
  get json(): string {
    return (this.jsonText ??= JSON.stringify(this.event));
  }

  /** UTF-8 size of `json`: what the message costs in a subscriber's queue. */
  get bytes(): number {
    if (this.byteCount < 0) this.byteCount = Buffer.byteLength(this.json);
    return this.byteCount;
  }

  /**
   * The value `derive` computes from this message, computed once per `key` (an encoder, a
   * matcher...) however many subscribers ask for it.
   */
  derived<T>(key: object, derive: (message: BusMessage) => T): T {
    this.memo ??= new Map();
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = derive(this);
    this.memo.set(key, value);
    return value;
  }
}
