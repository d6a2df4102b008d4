/** What /ws and /ws/events connections share: the socket, heartbeat, frame intake, close codes. */
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { LeviBotError, ValidationError } from '../shared/errors.js';
import type { GatewayContext } from './context.js';
import { type LiveUpdate, wsJsonFrame } from './frames.js';
import { SocketSink } from './sink.js';
import { StreamClient } from './stream-client.js';

/** Close codes the gateway uses (4xxx: application codes, mirroring HTTP where one fits). */
export const CLOSE_CODES = {
  goingAway: 1001,
  tooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  slowConsumer: 4008,
  badRequest: 4400,
  unauthorized: 4401,
} as const;

/** A close reason fits in 123 bytes of UTF-8 (RFC 6455 §5.5). */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/** The error frame for a failure: `{type:'error', code, message, field?}`. */
export function errorFrame(error: unknown): Record<string, unknown> {
  if (error instanceof ValidationError) {
    return error.field
      ? { type: 'error', code: error.code, message: error.message, field: error.field }
      : { type: 'error', code: error.code, message: error.message };
  }
  if (error instanceof LeviBotError) return { type: 'error', code: error.code, message: error.message };
  return { type: 'error', code: 'internal_error', message: 'internal error' };
}

export abstract class WsClient extends StreamClient {
  /** Cleared at each server ping, set by the pong (or any frame): still clear at the next ping means dead. */
  private alive = true;

  constructor(
    id: string,
    ip: string,
    protected readonly ws: WebSocket,
    socket: Duplex,
    context: GatewayContext,
    private readonly onDispose: (client: WsClient) => void,
  ) {
    super(id, ip, new SocketSink(socket), context);
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      this.alive = true;
      if (this.closed) return;
      if (isBinary) {
        this.sendJson(errorFrame(ValidationError.forField('frame', 'must be JSON text, not binary')));
        return;
      }
      this.onText(String(data));
    });
    ws.on('close', () => this.dispose());
    // The 'close' event follows every error; the error itself (bad frame, reset) needs no action.
    ws.on('error', () => {});
  }

  /** Heartbeat sweep: returns false when the peer missed the previous ping and was terminated. */
  heartbeat(): boolean {
    if (!this.alive) {
      this.ws.terminate();
      this.dispose();
      return false;
    }
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
    return true;
  }

  close(code: number, reason: string): void {
    this.dispose();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, closeReason(reason));
    }
  }

  /** Server shutdown: close with 1001 and hand back the socket so the caller can await the handshake. */
  shutdown(): WebSocket {
    this.close(CLOSE_CODES.goingAway, 'server shutting down');
    return this.ws;
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.onDispose(this);
  }

  protected sendJson(value: object): void {
    this.sendControl(wsJsonFrame(value));
  }

  protected encodeLive(update: LiveUpdate): Buffer {
    return update.wsFrame;
  }

  protected countOut(frames: number): void {
    this.context.counters.wsMessagesOut += frames;
  }

  protected countDropped(messages: number): void {
    this.context.counters.wsDropped += messages;
  }

  protected closeSlow(): void {
    this.close(CLOSE_CODES.slowConsumer, 'slow consumer: the queue overflowed');
  }

  protected failed(error: unknown): void {
    this.context.log.error({ err: error, client: this.id }, 'stream failed');
    this.sendJson(errorFrame(error));
    this.close(CLOSE_CODES.internalError, 'internal error');
  }

  /** A text frame from the client. */
  protected abstract onText(text: string): void;
  /** Stop feeds, leave hubs. */
  protected abstract release(): void;
}
