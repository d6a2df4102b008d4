/**
 * Headless Debian Chromium for the panel's end-to-end tests and benchmark, driven by
 * playwright-core with no browser download: the system's /usr/bin/chromium, or CHROMIUM_PATH.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

// Without the background-networking flags Chromium keeps calling hosts this closed network refuses.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile (its own --user-data-dir) each time, removed on close. */
export async function launchChromium(): Promise<Browser> {
  // Loaded on use: playwright-core is a development dependency the server never needs.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'levibot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
