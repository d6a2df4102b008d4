import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests use the client library's source, never a stale build.
  resolve: {
    alias: { '@levibot/client': new URL('./packages/client/src/index.ts', import.meta.url).pathname },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'server', include: ['src/**/*.test.ts', 'packages/**/src/**/*.test.ts'] },
      },
      // The panel's component tests (React in happy-dom), configured in the panel's folder.
      'panel/vitest.config.ts',
      // The panel end to end: a real LeviBot process driven through headless Chromium.
      { extends: true, test: { name: 'panel-e2e', include: ['panel/e2e/**/*.e2e.test.ts'] } },
    ],
  },
});
