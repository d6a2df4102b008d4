/**
 * The frame around every page: navigation (a sidebar on wide screens, a scrolling bar on phones),
 * the connection and REPLAY badges, the unread-alerts count and the API key setting.
 */
import { type FormEvent, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useApi, useChannel, useLiveUnauthorized } from '../api/context.js';
import { ConnectionBadge, ReplayBadge } from '../components/ConnectionBadge.js';
import { Button, inputClass } from '../components/ui.js';
import PAGES from '../pages.json';
import { useUnreadAlerts } from './alerts-state.js';
import { API_KEY_STORAGE } from './keys.js';

function useReplayFeed(): boolean {
  const api = useApi();
  const [replay, setReplay] = useState(false);
  useEffect(() => {
    api.feed().then(
      (feed) => setReplay(feed.replay),
      () => undefined,
    );
  }, [api]);
  useChannel('status', (message) => {
    if (message.event_type === 'FEED_STATUS') setReplay(message.data.payload.replay === true);
  });
  return replay;
}

function ApiKeyDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(() => localStorage.getItem(API_KEY_STORAGE) ?? '');
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (key) localStorage.setItem(API_KEY_STORAGE, key);
    else localStorage.removeItem(API_KEY_STORAGE);
    // The live connection and every page pick the key up from a fresh start.
    window.location.reload();
  };
  return (
    <>
      <Button onClick={() => dialog.current?.showModal()} aria-haspopup="dialog" className="text-xs">
        API key
      </Button>
      <dialog
        ref={dialog}
        aria-label="API key"
        className="m-auto w-[min(28rem,92vw)] rounded-lg border border-slate-700 bg-slate-900 p-5 text-slate-200 backdrop:bg-black/60"
      >
        <form onSubmit={save} className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">API key</h2>
          <p className="text-sm text-slate-400">
            Needed when LeviBot runs with API_KEYS. It stays in this browser and is sent as X-API-Key.
          </p>
          <input
            className={inputClass}
            type="password"
            autoComplete="off"
            aria-label="API key"
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
          <div className="flex justify-end gap-2">
            <Button onClick={() => dialog.current?.close()}>Cancel</Button>
            <Button tone="primary" type="submit">
              Save
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function NavItems({ unread }: { unread: number }) {
  const { pathname } = useLocation();
  // On a phone the navigation is a horizontal strip: keep the current page's tab in view.
  useEffect(() => {
    document
      .querySelector('nav[aria-label="Pages"] a[aria-current="page"]')
      ?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <>
      {PAGES.map((page) => (
        <NavLink
          key={page.path}
          to={page.path}
          end={page.path === '/'}
          className={({ isActive }) =>
            `flex shrink-0 items-center justify-between gap-2 rounded-md px-3 py-2 text-sm whitespace-nowrap ${
              isActive ? 'bg-sky-900/60 text-sky-100' : 'text-slate-300 hover:bg-slate-800'
            }`
          }
        >
          {page.title}
          {page.path === '/alerts' && unread > 0 ? (
            <span
              data-unread={unread}
              aria-label={`${unread} unread`}
              className="rounded-full bg-rose-600 px-1.5 text-xs font-semibold text-white"
            >
              {unread > 999 ? '999+' : unread}
            </span>
          ) : null}
        </NavLink>
      ))}
    </>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const replay = useReplayFeed();
  const { unread } = useUnreadAlerts();
  const unauthorized = useLiveUnauthorized();
  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-sky-700 focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="border-b border-slate-800 bg-slate-900/80 md:sticky md:top-0 md:h-screen md:w-52 md:shrink-0 md:border-r md:border-b-0">
        <div className="px-4 pt-3 pb-2 md:py-3">
          <span className="text-lg font-bold tracking-tight text-sky-300">LeviBot</span>
        </div>
        <nav
          aria-label="Pages"
          className="flex gap-1 overflow-x-auto px-2 pb-2 md:flex-col md:overflow-visible"
        >
          <NavItems unread={unread} />
        </nav>
      </aside>
      <div className="min-w-0 flex-1">
        <header className="flex items-center justify-end gap-2 border-b border-slate-800 px-3 py-2 md:gap-3 md:px-6 md:py-2.5">
          <ReplayBadge replay={replay} />
          <ConnectionBadge />
          <ApiKeyDialog />
        </header>
        <main id="main" className="mx-auto max-w-[1400px] p-3 md:p-6">
          {unauthorized ? (
            <p
              role="alert"
              className="mb-4 rounded-md border border-amber-700 bg-amber-950/60 px-3 py-2 text-sm text-amber-100"
            >
              LeviBot refused the live connection: it runs with API keys. Set yours with the API key button
              above.
            </p>
          ) : null}
          <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>{children}</Suspense>
        </main>
      </div>
    </div>
  );
}
