/**
 * Build and dev server of the panel. `npm run dev` serves it on http://localhost:5173 and forwards
 * API calls and the /ws WebSocket to a LeviBot at LEVIBOT_API (default http://127.0.0.1:8000).
 */
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';

const API = process.env.LEVIBOT_API ?? 'http://127.0.0.1:8000';

// Path prefixes of the API. Some are also panel pages (/signals, /market...): a browser loading a
// page asks for text/html and gets the panel instead of the proxied API.
const API_PREFIXES = [
  '/events',
  '/traces',
  '/analytics',
  '/status',
  '/start',
  '/stop',
  '/config',
  '/signals',
  '/ml',
  '/paper',
  '/risk',
  '/policy',
  '/market',
  '/alerts',
  '/stream',
  '/healthz',
  '/livez',
  '/readyz',
  '/metrics',
  '/docs',
];

function pageNavigation(request: IncomingMessage): string | undefined {
  return request.headers.accept?.includes('text/html') ? '/index.html' : undefined;
}

const apiProxy: ProxyOptions = { target: API, changeOrigin: true, bypass: pageNavigation };

export const catalogueAlias = {
  // The event catalogue is read from the server's source at build time: one list, never copied.
  '@levibot/catalogue': fileURLToPath(new URL('../src/events/catalogue.ts', import.meta.url)),
};

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: catalogueAlias },
  server: {
    port: 5173,
    proxy: {
      ...Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, apiProxy])),
      '/ws': { target: API, ws: true, changeOrigin: true },
    },
    fs: { allow: ['..'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    // dist/.vite/manifest.json: which chunks each page loads (the `panel` bench suite reads it).
    manifest: true,
  },
});
