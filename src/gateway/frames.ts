/**
 * Wire encodings. Each is built once per published event (or live update) and shared by every
 * connection that receives it: WebSocket frames are pre-framed bytes, SSE records are bytes.
 */
import type { BusMessage } from '../bus/index.js';

/**
 * A complete unmasked WebSocket text frame (RFC 6455 §5.2). Server frames are identical for every
 * client, so the header is written here once per message instead of by `ws` once per send; `ws`
 * keeps the handshake, reading, ping/pong and close.
 */
export function wsFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81; // FIN + text opcode
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  frame.write(text, headerLength, 'utf8');
  return frame;
}

/** A JSON control frame (hello, subscribed, error, ...). */
export function wsJsonFrame(value: object): Buffer {
  return wsFrame(JSON.stringify(value));
}

/** One SSE record; `data` must not contain a newline (JSON text never does). */
export function sseRecord(data: string, fields: { id?: number; event?: string } = {}): Buffer {
  let record = '';
  if (fields.event !== undefined) record += `event: ${fields.event}\n`;
  if (fields.id !== undefined) record += `id: ${fields.id}\n`;
  return Buffer.from(`${record}data: ${data}\n\n`);
}

// Memo keys: one derived encoding per message and per key, whoever asks first builds it.
const EVENT_FRAME = {};
const SSE_EVENT = {};
const channelKeys = new Map<string, object>();

/** /ws/events: the stored event JSON plus `"type":"event"`. */
export function eventFrame(message: BusMessage): Buffer {
  return message.derived(EVENT_FRAME, (m) => wsFrame(`{"type":"event",${m.json.slice(1)}`));
}

/** /ws: `{channel, id, timestamp, event_type, data}` with the stored event as `data`. */
export function channelEventFrame(channel: string, message: BusMessage): Buffer {
  let key = channelKeys.get(channel);
  if (!key) channelKeys.set(channel, (key = {}));
  return message.derived(key, (m) =>
    wsFrame(
      `{"channel":${JSON.stringify(channel)},"id":${m.id},"timestamp":${JSON.stringify(m.event.ts)},` +
        `"event_type":${JSON.stringify(m.event.event_type)},"data":${m.json}}`,
    ),
  );
}

/** /stream/events: `id:` is the event id, so that Last-Event-ID resumes. */
export function sseEventRecord(message: BusMessage): Buffer {
  return message.derived(SSE_EVENT, (m) => sseRecord(m.json, { id: m.id }));
}

/**
 * A value pushed on a live-only channel (tick, portfolio, metrics, broadcast): serialised once,
 * framed lazily once per transport.
 */
export class LiveUpdate {
  private frame: Buffer | undefined;
  private record: Buffer | undefined;

  constructor(
    readonly channel: string,
    readonly eventType: string,
    readonly timestamp: string,
    /** The `data` value as JSON text. */
    readonly dataJson: string,
  ) {}

  get wsFrame(): Buffer {
    return (this.frame ??= wsFrame(
      `{"channel":${JSON.stringify(this.channel)},"id":null,"timestamp":${JSON.stringify(this.timestamp)},` +
        `"event_type":${JSON.stringify(this.eventType)},"data":${this.dataJson}}`,
    ));
  }

  get sseRecord(): Buffer {
    return (this.record ??= sseRecord(this.dataJson));
  }
}
