/**
 * Bench suite `panel`.
 * - The JavaScript a browser downloads to show each page of the built panel on a first visit (the
 *   entry, its static imports and the page's own chunk), gzipped, from Vite's build manifest. The
 *   target is the 350 KB for the initial page; the same-run baseline is all of the panel's
 *   JavaScript, what one bundle without route-level splitting would ship.
 * - The live Event Timeline under load, in headless Chromium: 1,500 events held, 50 new events a
 *   second, for 10 s. Reported: the share of time the page's main thread spent in long tasks
 *   (> 50 ms, when the page cannot react to input), and how long an appended event takes to appear
 *   (p50/p95, including the 250 ms batching of live updates). Baseline: the same page with no new
 *   events. Skipped (with a message) without Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createLeviBot, loadRuntimeConfig } from '../app/app.js';
import type { BenchMeasurement, BenchSuite } from '../bench/harness.js';
import { round, summarize } from '../bench/harness.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium } from './chromium.js';
import { DEFAULT_PANEL_DIR } from './serve.js';

interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const INITIAL_JS_TARGET_KB = 350;

function gzipKb(dir: string, files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files) bytes += gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  return bytes / 1024;
}

/** The JS files loaded eagerly from `key`: its own file and its static imports, transitively. */
function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

export function measurePanel(dir = DEFAULT_PANEL_DIR): BenchMeasurement[] {
  const manifestFile = join(dir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`no panel build at ${dir}: run npm run build`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entryKey) throw new Error('panel build manifest has no entry');
  const allJs = readdirSync(join(dir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `assets/${file}`);
  const everything = gzipKb(dir, allJs);
  const pages = (manifest[entryKey]!.dynamicImports ?? []).filter((key) => key.includes('/pages/'));
  return pages.map((pageKey) => {
    const page = pageKey.replace(/^.*\/pages\/(\w+)\.tsx$/, '$1');
    const files = staticClosure(manifest, pageKey, staticClosure(manifest, entryKey));
    const value = round(gzipKb(dir, files), 1);
    const measurement: BenchMeasurement = {
      name: `initial JS, first visit to ${page} (gzip)`,
      value,
      unit: 'KB',
      baseline: {
        name: 'all panel JS in one bundle',
        value: round(everything, 1),
        ratio: round(value / everything, 2),
      },
      notes: `${files.size} files`,
    };
    if (page === 'Dashboard') measurement.target = { op: '<=', value: INITIAL_JS_TARGET_KB };
    return measurement;
  });
}

const LOAD_SECONDS = 10;
const EVENTS_PER_SECOND = 50;
const TICK_MS = 100;

type BusyWindow = { busyShare: number; longestMs: number };

export async function measureLiveTimeline(): Promise<BenchMeasurement[]> {
  if (!HAVE_CHROMIUM) {
    console.error(`panel: live timeline skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    return [];
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'levibot-panel-bench-'));
  const levibot = await createLeviBot(
    loadRuntimeConfig({
      env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', FEED: 'replay', STORE_SYNC: 'normal' },
      file: '',
    }),
  );
  const { url } = await levibot.listen();
  const types = ['ORDER_NEW', 'ORDER_FILLED', 'SIGNAL_SCORED', 'RISK_SLTP', 'POSITION_OPENED'];
  let sequence = 0;
  const append = async (count: number): Promise<number[]> => {
    const events = Array.from({ length: count }, () => {
      const n = sequence++;
      return {
        event_type: types[n % types.length],
        symbol: 'BTC/USDT',
        trace_id: `bench-${n % 200}`,
        source: 'bench',
        payload: { n },
      };
    });
    const response = await fetch(`${url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    return ((await response.json()) as { ids: number[] }).ids;
  };
  const browser = await launchChromium();
  const { context } = browser;
  try {
    await append(1000);
    await append(600);
    const page = await context.newPage();
    await page.goto(`${url}/timeline`);
    await page.locator('circle[data-event-id]').first().waitFor();
    await page.waitForTimeout(1000);

    const busy = async (during: () => Promise<void>): Promise<BusyWindow> => {
      // Runs in the page (a string: the server's TypeScript has no DOM types).
      await page.evaluate(`
        window.longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
        }).observe({ type: 'longtask' });
      `);
      const started = Date.now();
      await during();
      const elapsed = Date.now() - started;
      const tasks = (await page.evaluate('window.longTasks')) as number[];
      return {
        busyShare: tasks.reduce((sum, ms) => sum + ms, 0) / elapsed,
        longestMs: Math.max(0, ...tasks),
      };
    };

    const idle = await busy(() => page.waitForTimeout(LOAD_SECONDS * 1000));
    const latencies: number[] = [];
    const loaded = await busy(async () => {
      const perTick = (EVENTS_PER_SECOND * TICK_MS) / 1000;
      for (let tick = 0; tick < (LOAD_SECONDS * 1000) / TICK_MS; tick++) {
        const next = Date.now() + TICK_MS;
        const sent = Date.now();
        const ids = await append(perTick);
        if (tick % 5 === 0) {
          await page.locator(`circle[data-event-id="${ids.at(-1)}"]`).waitFor({ state: 'attached' });
          latencies.push(Date.now() - sent);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
    });
    const circles = await page.locator('circle[data-event-id]').count();
    const shown = summarize(latencies);
    const notes = `${circles} events on the chart; ${EVENTS_PER_SECOND} events/s for ${LOAD_SECONDS} s`;
    return [
      {
        name: 'live timeline, main thread in long tasks',
        value: round(loaded.busyShare * 100, 1),
        unit: '%',
        baseline: {
          name: 'same page, no new events',
          value: round(idle.busyShare * 100, 1),
          ratio: idle.busyShare > 0 ? round(loaded.busyShare / idle.busyShare, 1) : 0,
        },
        notes: `${notes}; longest task ${Math.round(loaded.longestMs)} ms`,
      },
      { name: 'live timeline, append to on screen p50', value: shown.p50, unit: 'ms', notes },
      { name: 'live timeline, append to on screen p95', value: shown.p95, unit: 'ms', notes },
    ];
  } finally {
    await browser.close();
    await levibot.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const panelBench: BenchSuite = {
  name: 'panel',
  description:
    'initial JS per page (gzip) vs one bundle; live timeline main-thread load and latency in Chromium',
  run: async () => [...measurePanel(), ...(await measureLiveTimeline())],
};
