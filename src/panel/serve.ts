/**
 * Serving the built panel: every file of panel/dist on its exact path (@fastify/static, so the
 * files are known at start and no catch-all route is involved), and a fallback that answers a
 * browser's page navigation to a URL no route serves (/timeline, /signals after a reload) with
 * index.html, so the panel's client-side router takes over. API routes are registered with exact
 * paths and always win over the fallback; a request that is not a page navigation (fetch, curl,
 * assets) still gets the JSON 404. Without a build, `/` explains how to make one.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HttpApp } from '../http/server.js';

export const DEFAULT_PANEL_DIR = fileURLToPath(new URL('../../panel/dist', import.meta.url));

export interface PanelOptions {
  /** Folder holding index.html and assets/. @default DEFAULT_PANEL_DIR */
  dir?: string;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LeviBot</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{background:#0b0f17;color:#e2e8f0;font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:4rem auto;padding:0 1rem}
code{background:#1e293b;padding:.1rem .35rem;border-radius:.25rem}a{color:#38bdf8}</style></head>
<body><h1>LeviBot is running, but the web panel is not built</h1>
<p>Build it once with <code>npm run build</code> at the repository root (or
<code>npm run build --workspace @levibot/panel</code>), then reload this page.
For development, <code>npm run dev</code> in <code>panel/</code> serves it with live reload on
http://localhost:5173 and forwards API calls here.</p>
<p>The API is available meanwhile: <a href="/docs">/docs</a>, <a href="/status">/status</a>.</p></body></html>`;

/** A browser loading a page (address bar, reload, link), as opposed to fetch or curl. */
function isPageNavigation(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

export async function registerPanel(app: HttpApp, options: PanelOptions = {}): Promise<{ built: boolean }> {
  const dir = options.dir || DEFAULT_PANEL_DIR;
  const built = existsSync(`${dir}/index.html`);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: ['index.html'],
      // Vite puts a content hash in every asset name: cache them for good, but always revalidate
      // index.html so a new build is picked up at the next load.
      cacheControl: false,
      setHeaders: (reply, path) => {
        void reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
      schemaHide: true,
    });
  } else {
    app.get('/', { schema: { hide: true }, config: { open: true } }, (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE),
    );
  }

  const fallback = (request: FastifyRequest, reply: FastifyReply) => {
    if (!isPageNavigation(request)) return reply.callNotFound();
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  // The lowest-priority route of the router: any exact or parametric API route matches first.
  app.get('/*', { schema: { hide: true }, config: { open: true } }, fallback);
  return { built };
}
