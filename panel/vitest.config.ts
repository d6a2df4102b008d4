/** Component tests of the panel: React in happy-dom, the client library from its source. */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { catalogueAlias } from './vite.config.js';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      ...catalogueAlias,
      '@levibot/client': fileURLToPath(new URL('../packages/client/src/index.ts', import.meta.url)),
    },
  },
  test: {
    name: 'panel',
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
