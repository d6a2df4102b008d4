/**
 * The panel end to end: a real LeviBot process (seeded demo day, replay feed, auto-routing on)
 * serving the built panel, driven through headless Chromium. Screenshots of every page at desktop
 * and phone width go to artifacts/panel/ (git-ignored).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PAGES from '../src/pages.json';
import { type Browser, CHROMIUM, HAVE_CHROMIUM, launchChromium } from '../../src/panel/chromium.js';
import { E2EServer } from './server.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/panel/', import.meta.url));
const PANEL_BUILD = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const INITIAL_JS_BUDGET = 350 * 1024;
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const SIGNAL = 'LONG #BTCUSDT\nEntry: 61800\nTP1: 62600\nTP2: 63400\nSL: 61000\nLeverage: 3x';

const CI = process.env.CI === 'true';
if (!HAVE_CHROMIUM && !CI) {
  console.warn(
    `\n*** SKIPPING the panel end-to-end tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH) ***\n`,
  );
}

/** Console errors and uncaught exceptions of a page, as they happen. */
function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  return errors;
}

function slug(path: string): string {
  return path === '/' ? 'dashboard' : path.slice(1);
}

describe.skipIf(!HAVE_CHROMIUM && !CI)('panel end to end (Chromium)', () => {
  let server: E2EServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM)
      throw new Error(
        `CI=true and no Chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium)`,
      );
    if (!existsSync(PANEL_BUILD)) throw new Error('the panel is not built: run `npm run build` first');
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await E2EServer.start({
      AUTO_ROUTE_ENABLED: 'true',
      AUTO_ROUTE_DRY_RUN: 'false',
      AUTO_ROUTE_MIN_CONF: '0.3',
    });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.destroy();
  });

  it('panel e2e - the initial page JS stays within 350 KB gzipped', async () => {
    const page = await browser.context.newPage();
    const scripts = new Map<string, Buffer>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') {
        void response.body().then(
          (body) => scripts.set(response.url(), body),
          () => undefined,
        );
      }
    });
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.waitForLoadState('networkidle');
    const gzipped = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
    const raw = [...scripts.values()].reduce((sum, body) => sum + body.length, 0);
    writeFileSync(
      `${ARTIFACTS}initial-js.json`,
      `${JSON.stringify({ page: '/', files: [...scripts.keys()].map((url) => new URL(url).pathname), raw_bytes: raw, gzip_bytes: gzipped }, null, 2)}\n`,
    );
    console.log(
      `panel initial JS: ${scripts.size} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped`,
    );
    expect(scripts.size).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
    await page.close();
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`panel e2e - every page loads with no console error (${name}, ${viewport.width} px) and is screenshotted`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize(viewport);
      const errors = recordErrors(page);
      for (const { path, title } of PAGES) {
        await page.goto(`${server.url}${path}`);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await page.waitForLoadState('networkidle');
        // Charts lay themselves out after the data arrives.
        await page.waitForTimeout(400);
        await page.screenshot({ path: `${ARTIFACTS}${slug(path)}-${name}.png`, fullPage: true });
        expect(errors, `${path} at ${viewport.width} px`).toEqual([]);
      }
      await page.close();
    });
  }

  it('panel e2e - clicking an event on the timeline highlights its whole trace and opens its story', async () => {
    const page = await browser.context.newPage();
    const errors = recordErrors(page);
    await page.goto(`${server.url}/timeline`);
    const point = page.locator('circle[data-trace^="demo-"]').first();
    await point.waitFor();
    const trace = (await point.getAttribute('data-trace'))!;
    await point.click({ force: true });

    const story = page.getByRole('list', { name: 'Trace story' });
    await story.getByRole('listitem').nth(2).waitFor();
    const inTrace = page.locator(`circle[data-trace="${trace}"]`);
    const count = await inTrace.count();
    expect(count).toBeGreaterThanOrEqual(3);
    await expect
      .poll(() => page.locator(`circle[data-trace="${trace}"][data-highlighted="true"]`).count())
      .toBe(count);
    expect(await page.locator(`circle[data-highlighted="true"]:not([data-trace="${trace}"])`).count()).toBe(
      0,
    );
    expect(await story.getByRole('listitem').count()).toBe(count);
    expect(new URL(page.url()).searchParams.get('trace')).toBe(trace);
    await page.screenshot({ path: `${ARTIFACTS}timeline-trace-desktop.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('panel e2e - a signal pasted in Signals gets a score card and, routed, reaches the live Timeline without a reload', async () => {
    const timeline = await browser.context.newPage();
    await timeline.goto(`${server.url}/timeline`);
    await timeline.locator('[data-connection="connected"]').waitFor();
    await timeline.locator('[data-live="on"]').waitFor();
    await timeline.locator('tr[data-event-row]').first().waitFor();
    await timeline.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const signals = await browser.context.newPage();
    const errors = recordErrors(signals);
    await signals.goto(`${server.url}/signals`);
    await signals.getByLabel(/signal message/i).fill(SIGNAL);
    await signals.getByRole('button', { name: 'Send to LeviBot' }).click();
    const card = signals.getByTestId('score-card');
    await card.waitFor();
    await expect.poll(() => card.getAttribute('data-routed')).toBe('yes');
    expect(await card.textContent()).toContain('BTC/USDT');
    const trace = (await card.getByRole('link').first().textContent())!.trim();
    await signals.screenshot({ path: `${ARTIFACTS}signals-scored-desktop.png`, fullPage: true });

    const rows = timeline.locator(`tr[data-event-row]:has(td[title="${trace}"])`);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const types = await rows.locator('td:nth-child(2)').allTextContents();
    expect(types).toEqual(expect.arrayContaining(['SIGNAL_INGEST', 'SIGNAL_SCORED', 'AUTO_ROUTE_EXECUTED']));
    expect(await timeline.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    expect(errors).toEqual([]);
    await timeline.close();
    await signals.close();
  });

  it('panel e2e - the connection badge turns disconnected when the server stops and connected when it is back', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    const badge = page.locator('[data-connection]');
    await expect.poll(() => badge.getAttribute('data-connection')).toBe('connected');
    await server.stop();
    await expect.poll(() => badge.getAttribute('data-connection'), { timeout: 15_000 }).toBe('disconnected');
    await page.screenshot({ path: `${ARTIFACTS}dashboard-disconnected-desktop.png` });
    await server.resume();
    await expect.poll(() => badge.getAttribute('data-connection'), { timeout: 20_000 }).toBe('connected');
    await page.close();
  });
});
