/** The live connection's state (WebSocket to /ws), and the REPLAY badge of a replayed feed. */
import { useConnectionState } from '../api/context.js';
import type { ConnectionState } from '../api/live.js';

const LOOK: Record<ConnectionState, { dot: string; text: string; label: string }> = {
  connected: { dot: 'bg-emerald-400', text: 'text-emerald-300', label: 'Connected' },
  connecting: { dot: 'bg-amber-400 animate-pulse', text: 'text-amber-300', label: 'Connecting' },
  disconnected: { dot: 'bg-rose-500', text: 'text-rose-300', label: 'Disconnected' },
};

export function ConnectionBadge() {
  const state = useConnectionState();
  const look = LOOK[state];
  return (
    <span
      role="status"
      aria-live="polite"
      data-connection={state}
      title={
        state === 'disconnected'
          ? 'Live updates paused; reconnecting by itself'
          : 'Live updates over WebSocket'
      }
      className={`inline-flex items-center gap-1.5 rounded-full border border-slate-700 bg-slate-900 px-2.5 py-1 text-xs font-medium ${look.text}`}
    >
      <span aria-hidden className={`size-2 rounded-full ${look.dot}`} />
      {look.label}
    </span>
  );
}

export function ReplayBadge({ replay }: { replay: boolean }) {
  if (!replay) return null;
  return (
    <span
      data-replay
      title="The market feed replays recorded data: prices are not live"
      className="rounded-full bg-amber-500 px-2.5 py-1 text-xs font-bold tracking-widest text-slate-950"
    >
      REPLAY
    </span>
  );
}
