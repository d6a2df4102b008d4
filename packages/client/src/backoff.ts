/**
 * Reconnect delays: exponential growth capped at `maxMs`, with full jitter (a uniformly random
 * delay up to the cap) so that clients cut off together do not come back together.
 */
export interface BackoffOptions {
  /** @default 500 */
  minMs?: number;
  /** @default 20000 */
  maxMs?: number;
  /** @default Math.random */
  random?: () => number;
}

export function fullJitterDelay(attempt: number, options: BackoffOptions = {}): number {
  const { minMs = 500, maxMs = 20_000, random = Math.random } = options;
  const cap = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt));
  return Math.max(minMs, Math.round(random() * cap));
}
