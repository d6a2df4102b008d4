/** Rendering the whole panel (shell, router, pages) against the fakes, at a given URL. */
import { LeviBotClient } from '@levibot/client';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { Api } from '../api/api.js';
import { Providers } from '../api/context.js';
import { LiveHub } from '../api/live.js';
import { UnreadAlertsProvider } from '../app/alerts-state.js';
import { App } from '../app/App.js';
import { FakeGateway, fakeRest, type FakeRest, type Handler } from './fakes.js';

/** Answers every page needs from the shell (feed badge, unread alerts). */
const SHELL_ROUTES: Record<string, Handler | unknown> = {
  'GET /market/feed': {
    kind: 'replay',
    requested: 'replay',
    replay: true,
    status: 'connected',
    symbols: [],
    ticks: 0,
    last_tick_ts: null,
  },
  'GET /events': { events: [], next_cursor: null },
};

export function renderPanel(path: string, routes: Record<string, Handler | unknown> = {}) {
  const rest: FakeRest = fakeRest({ ...SHELL_ROUTES, ...routes });
  const gateway = new FakeGateway();
  const client = new LeviBotClient({
    url: 'http://panel.test',
    WebSocket: gateway.WebSocket,
    reconnect: { minMs: 10, maxMs: 20 },
  });
  const live = new LiveHub(client);
  live.start();
  const view = render(
    <Providers api={new Api(rest.transport)} live={live}>
      <MemoryRouter initialEntries={[path]}>
        <UnreadAlertsProvider>
          <App />
        </UnreadAlertsProvider>
      </MemoryRouter>
    </Providers>,
  );
  return { ...view, rest, gateway, live, stop: () => live.stop() };
}
