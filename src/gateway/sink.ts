/**
 * Where a connection's frames go: the socket under a WebSocket, or an SSE response. Frames are
 * complete (pre-framed) buffers; a batch is written corked so it leaves in one writev.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface FrameSink {
  /** False while the transport's buffer is over its high-water mark (wait for `drain`). */
  readonly ready: boolean;
  /** Bytes written but not yet handed to the kernel. */
  readonly bufferedBytes: number;
  write(frames: readonly Buffer[]): void;
  /** Called whenever the transport drains after a write that filled it. */
  onDrain(listener: () => void): void;
}

function writeCorked(stream: Duplex | ServerResponse, frames: readonly Buffer[]): void {
  if (frames.length === 1) {
    stream.write(frames[0]!);
    return;
  }
  stream.cork();
  for (const frame of frames) stream.write(frame);
  stream.uncork();
}

/**
 * The raw socket of an upgraded WebSocket connection. Writing whole frames next to `ws` is safe
 * because `ws` (without permessage-deflate) also writes each of its frames (pong, close) whole
 * and synchronously.
 */
export class SocketSink implements FrameSink {
  constructor(private readonly socket: Duplex) {}

  get ready(): boolean {
    return this.socket.writable && !this.socket.writableNeedDrain;
  }

  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  write(frames: readonly Buffer[]): void {
    if (this.socket.writable) writeCorked(this.socket, frames);
  }

  onDrain(listener: () => void): void {
    this.socket.on('drain', listener);
  }
}

export class ResponseSink implements FrameSink {
  constructor(private readonly response: ServerResponse) {}

  get ready(): boolean {
    return this.response.writable && !this.response.writableNeedDrain;
  }

  get bufferedBytes(): number {
    return this.response.writableLength;
  }

  write(frames: readonly Buffer[]): void {
    if (this.response.writable) writeCorked(this.response, frames);
  }

  onDrain(listener: () => void): void {
    this.response.on('drain', listener);
  }
}
