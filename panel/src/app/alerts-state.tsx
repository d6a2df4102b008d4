/**
 * Unread alerts for the navigation badge: alert events newer than the last one the user has seen
 * (remembered in this browser), counted at load and kept up to date from the `alerts` channel.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useApi, useChannel } from '../api/context.js';
import { useStoredState } from '../lib/hooks.js';

export const ALERT_EVENT_TYPES = ['ALERT_TRIGGERED', 'ALERT_SENT', 'ALERT_FAILED'];

interface UnreadAlerts {
  unread: number;
  /** Id of the newest alert the user has seen. */
  readId: number;
  markRead: (id: number) => void;
}

const UnreadContext = createContext<UnreadAlerts>({ unread: 0, readId: 0, markRead: () => {} });

export function UnreadAlertsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [readId, setReadId] = useStoredState('levibot.alerts.readId', 0);
  const [unreadIds, setUnreadIds] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    let cancelled = false;
    api
      .events({ event_type: ALERT_EVENT_TYPES, after_id: readId, order: 'asc', days: 30, limit: 1000 })
      .then((page) => {
        if (!cancelled) setUnreadIds(new Set(page.events.map((event) => event.id)));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [api, readId]);

  useChannel('alerts', (message) => {
    if (message.id > readId) setUnreadIds((ids) => new Set(ids).add(message.id));
  });

  const markRead = useCallback(
    (id: number) => {
      if (id > readId) setReadId(id);
    },
    [readId, setReadId],
  );
  const value = useMemo(() => ({ unread: unreadIds.size, readId, markRead }), [unreadIds, readId, markRead]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}

export function useUnreadAlerts(): UnreadAlerts {
  return useContext(UnreadContext);
}
