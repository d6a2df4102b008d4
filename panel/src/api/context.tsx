/** React access to the REST API and the live hub: providers at the root, hooks in the pages. */
import type { Channel, MessageOf } from '@levibot/client';
import { createContext, type ReactNode, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { Api } from './api.js';
import type { ConnectionState, ListenOptions, LiveHub } from './live.js';

const ApiContext = createContext<Api | null>(null);
const LiveContext = createContext<LiveHub | null>(null);

export function Providers({ api, live, children }: { api: Api; live: LiveHub; children: ReactNode }) {
  return (
    <ApiContext.Provider value={api}>
      <LiveContext.Provider value={live}>{children}</LiveContext.Provider>
    </ApiContext.Provider>
  );
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <Providers>');
  return api;
}

function useLive(): LiveHub {
  const live = useContext(LiveContext);
  if (!live) throw new Error('live hooks outside <Providers>');
  return live;
}

/** Whether the live connection was refused for want of a valid API key. */
export function useLiveUnauthorized(): boolean {
  const live = useLive();
  return useSyncExternalStore(
    (onChange) => live.onStateChange(onChange),
    () => live.unauthorized,
  );
}

export function useConnectionState(): ConnectionState {
  const live = useLive();
  return useSyncExternalStore(
    (onChange) => live.onStateChange(onChange),
    () => live.state,
  );
}

/**
 * Listen on a channel while the component is mounted (and `channel` is not null). The handler may
 * change on every render; the subscription changes only with the channel, filters or resume point.
 */
export function useChannel<C extends Channel>(
  channel: C | null,
  handler: (message: MessageOf<C>) => void,
  options: ListenOptions = {},
): void {
  const live = useLive();
  const latest = useRef(handler);
  latest.current = handler;
  const filtersKey = JSON.stringify(options.filters ?? null);
  const { sinceId } = options;
  useEffect(() => {
    if (channel === null) return undefined;
    const filters = JSON.parse(filtersKey) as ListenOptions['filters'] | null;
    const listenOptions: ListenOptions = {};
    if (filters) listenOptions.filters = filters;
    if (sinceId !== undefined) listenOptions.sinceId = sinceId;
    return live.listen(channel, (message) => latest.current(message), listenOptions);
  }, [live, channel, filtersKey, sinceId]);
}
