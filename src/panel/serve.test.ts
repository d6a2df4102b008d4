import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestLeviBot, tempDataDir, type TestLeviBot } from '../app/testing/app.js';

const PAGES = JSON.parse(readFileSync(new URL('../../panel/src/pages.json', import.meta.url), 'utf8')) as {
  path: string;
}[];
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const INDEX = '<!doctype html><title>panel</title><div id="root"></div>';

describe('panel hosting', () => {
  let levibot: TestLeviBot;
  let panelDir: string;

  beforeAll(async () => {
    panelDir = tempDataDir('levibot-panel-');
    mkdirSync(`${panelDir}/assets`);
    writeFileSync(`${panelDir}/index.html`, INDEX);
    writeFileSync(`${panelDir}/assets/index-abc123.js`, 'console.log("panel")');
    levibot = await createTestLeviBot({ PANEL_DIR: panelDir, API_KEYS: 'k1' });
  });

  afterAll(async () => {
    await levibot.destroy();
    rmSync(panelDir, { recursive: true, force: true });
  });

  it('panel - / serves index.html, revalidated on each load; hashed assets are cached for good', async () => {
    const index = await levibot.http.inject({ url: '/', headers: HTML });
    expect(index.statusCode).toBe(200);
    expect(index.body).toBe(INDEX);
    expect(index.headers['cache-control']).toBe('no-cache');
    const fromCurl = await levibot.http.inject({ url: '/' });
    expect(fromCurl.statusCode).toBe(200);
    expect(fromCurl.body).toBe(INDEX);
    const asset = await levibot.http.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('panel - a rebuild is served without a restart; root files are served, build internals are not', async () => {
    writeFileSync(`${panelDir}/assets/index-def456.js`, 'console.log("rebuilt")');
    writeFileSync(`${panelDir}/favicon.svg`, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    mkdirSync(`${panelDir}/.vite`, { recursive: true });
    writeFileSync(`${panelDir}/.vite/manifest.json`, '{}');
    expect((await levibot.http.inject({ url: '/assets/index-def456.js' })).body).toBe(
      'console.log("rebuilt")',
    );
    const icon = await levibot.http.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/svg/);
    expect((await levibot.http.inject({ url: '/.vite/manifest.json' })).statusCode).toBe(404);
    writeFileSync(`${panelDir}/../levibot-panel-secret.txt`, 'secret');
    const escape = await levibot.http.inject({ url: '/assets/..%2F..%2Flevibot-panel-secret.txt' });
    expect(escape.statusCode).not.toBe(200);
    expect(escape.body).not.toContain('secret');
    rmSync(`${panelDir}/../levibot-panel-secret.txt`);
  });

  it('panel - reloading any panel page serves index.html, without an API key', async () => {
    for (const page of PAGES) {
      const response = await levibot.http.inject({ url: page.path, headers: HTML });
      expect(response.statusCode, page.path).toBe(200);
      expect(response.body, page.path).toBe(INDEX);
    }
    const deep = await levibot.http.inject({ url: '/timeline?range=7d', headers: HTML });
    expect(deep.body).toBe(INDEX);
  });

  it('panel - API routes win over the page fallback and keep their API key', async () => {
    const refused = await levibot.http.inject({ url: '/events', headers: HTML });
    expect(refused.statusCode).toBe(401);
    const events = await levibot.http.inject({ url: '/events', headers: { ...HTML, 'x-api-key': 'k1' } });
    expect(events.statusCode).toBe(200);
    expect(events.json()).toHaveProperty('events');
    const status = await levibot.http.inject({ url: '/status', headers: HTML });
    expect(status.json()).toMatchObject({ panel: { built: true } });
  });

  it('panel - a request that is not a page navigation gets the JSON 404, not the panel', async () => {
    const missingApi = await levibot.http.inject({ url: '/signals/nope', headers: { 'x-api-key': 'k1' } });
    expect(missingApi.statusCode).toBe(404);
    expect(missingApi.json()).toMatchObject({ error: 'not_found' });
    const missingAsset = await levibot.http.inject({ url: '/assets/gone.js' });
    expect(missingAsset.statusCode).toBe(404);
    const post = await levibot.http.inject({ method: 'POST', url: '/timeline', headers: HTML });
    expect(post.statusCode).toBe(404);
  });

  it('panel - no panel page URL is also an API route, so a reload never lands on JSON', () => {
    const collisions = PAGES.filter(
      (page) => page.path !== '/' && levibot.http.hasRoute({ method: 'GET', url: page.path }),
    );
    expect(collisions).toEqual([]);
  });
});

describe('panel hosting without a build', () => {
  it('panel - / and page URLs explain how to build the panel instead of a 404', async () => {
    const levibot = await createTestLeviBot({ PANEL_DIR: tempDataDir('levibot-no-panel-') });
    try {
      for (const url of ['/', '/timeline']) {
        const response = await levibot.http.inject({ url, headers: HTML });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/text\/html/);
        expect(response.body).toContain('npm run build');
      }
      const status = await levibot.http.inject({ url: '/status' });
      expect(status.json()).toMatchObject({ panel: { built: false } });
      const api = await levibot.http.inject({ url: '/nothing-here' });
      expect(api.statusCode).toBe(404);
    } finally {
      await levibot.destroy();
    }
  });
});
