/**
 * Serving the built panel: hashed assets under /assets/, the few root files (favicon), and a
 * fallback that answers a browser's page navigation to a URL no route serves (/timeline, /signals
 * after a reload) with index.html, so the panel's client-side router takes over. API routes have
 * exact or parametric paths and always win over the catch-all fallback; a request that is not a
 * page navigation (fetch, curl, a missing asset) still gets the JSON 404. Files are looked up on
 * each request, so a rebuild is served without a restart; without a build, pages explain how to
 * make one.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/** A file at the top of the build (favicon.svg), never a path into a folder. */
const ROOT_FILE = /^[\w-]+(?:\.[\w-]+)*\.\w+$/;
/** Served without API key: the panel's files hold no data (see the guard). */
const OPEN = { open: true } as const;

/** A browser loading a page (address bar, reload, link), as opposed to fetch or curl. */
function isPageNavigation(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export async function registerPanel(
  app: HttpApp,
  options: PanelOptions = {},
): Promise<{ readonly built: boolean }> {
  const dir = options.dir || DEFAULT_PANEL_DIR;
  const index = join(dir, 'index.html');
  await app.register(fastifyStatic, {
    root: dir,
    // Only reply.sendFile: the routes below decide what is served, so nothing shadows the API.
    serve: false,
    // Vite puts a content hash in every asset name: cache those for good, revalidate the rest so
    // a new build is picked up at the next load.
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header(
        'cache-control',
        path.includes(`${dir}/assets/`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });

  const home = (_request: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(index)) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.sendFile('index.html');
  };
  const page = (request: FastifyRequest, reply: FastifyReply) =>
    isPageNavigation(request) ? home(request, reply) : reply.callNotFound();
  const hidden = { schema: { hide: true }, config: OPEN };

  // `/` is never an API path, so it is the panel for any client (`curl localhost:8000/` too).
  app.get('/', hidden, home);
  app.get<{ Params: { '*': string } }>('/assets/*', hidden, (request, reply) =>
    reply.sendFile(`assets/${request.params['*']}`),
  );
  // The lowest-priority route of the router: any exact or parametric API route matches first.
  app.get<{ Params: { '*': string } }>('/*', hidden, (request, reply) => {
    const path = request.params['*'];
    if (ROOT_FILE.test(path) && path !== 'index.html' && existsSync(join(dir, path)))
      return reply.sendFile(path);
    return page(request, reply);
  });
  return {
    get built() {
      return existsSync(index);
    },
  };
}
