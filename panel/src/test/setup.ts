/** Component-test set-up: DOM matchers, cleanup between tests, and what happy-dom lacks for charts. */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Recharts sizes its charts with ResizeObserver; a fixed size is enough to render them.
class FixedSizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const rect = { width: 800, height: 300, top: 0, left: 0, bottom: 300, right: 800, x: 0, y: 0 };
    this.callback(
      [{ target, contentRect: rect } as unknown as ResizeObserverEntry],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= FixedSizeObserver as unknown as typeof ResizeObserver;

afterEach(() => {
  cleanup();
  localStorage.clear();
});
