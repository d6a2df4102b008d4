/**
 * The panel's entry: the REST API over fetch, one live connection (LeviBotClient on /ws) for the
 * whole app, and the router. The server that serves the panel is the API (same origin), or Vite's
 * dev proxy in front of it.
 */
import { LeviBotClient } from '@levibot/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { Api, fetchTransport } from './api/api.js';
import { Providers } from './api/context.js';
import { LiveHub } from './api/live.js';
import { UnreadAlertsProvider } from './app/alerts-state.js';
import { App } from './app/App.js';
import { API_KEY_STORAGE } from './app/keys.js';
import './styles.css';

const apiKey = () => localStorage.getItem(API_KEY_STORAGE) ?? '';
const api = new Api(fetchTransport({ apiKey }));
const client = new LeviBotClient({
  url: window.location.origin,
  apiKey: apiKey() || undefined,
  // A restarted server is found again within a few seconds, not the library's 20 s ceiling.
  reconnect: { minMs: 300, maxMs: 3000 },
  pingIntervalMs: 10_000,
});
const live = new LiveHub(client);
live.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers api={api} live={live}>
      <BrowserRouter>
        <UnreadAlertsProvider>
          <App />
        </UnreadAlertsProvider>
      </BrowserRouter>
    </Providers>
  </StrictMode>,
);
