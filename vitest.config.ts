import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests use the client library's source, never a stale build.
  resolve: { alias: { '@levibot/client': new URL('./packages/client/src/index.ts', import.meta.url).pathname } },
  test: {
    include: ['src/**/*.test.ts', 'packages/**/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
