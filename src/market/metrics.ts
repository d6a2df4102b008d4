/** Prometheus metrics of the market domain. */
import { Counter, type Registry } from 'prom-client';
import type { MarketHub } from './hub.js';

/**
 * `levibot_feed_ticks_total{symbol}`. The hub counts in plain numbers on the hot path; the
 * counter catches up when scraped.
 */
export function registerMarketMetrics(registry: Registry, hub: MarketHub): void {
  const reported = new Map<string, number>();
  new Counter({
    name: 'levibot_feed_ticks_total',
    help: 'Ticks received from the market feed, by symbol',
    labelNames: ['symbol'],
    registers: [registry],
    collect() {
      for (const [symbol, count] of hub.tickCounts()) {
        const delta = count - (reported.get(symbol) ?? 0);
        if (delta > 0) this.inc({ symbol }, delta);
        reported.set(symbol, count);
      }
    },
  });
}
