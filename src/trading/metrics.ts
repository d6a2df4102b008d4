/**
 * Prometheus metrics of paper trading, registered once per process on its portfolio (so that
 * they survive the engine changing hands between instances; a follower reports the leader's).
 */
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { PortfolioSource } from './port.js';

/** One tick in this many is timed for levibot_tick_to_pnl_seconds (timing every tick costs more than the work). */
export const TIMING_SAMPLE = 16;

/** Register the gauges; returns the tick-to-PnL histogram for the engine's service to observe. */
export function registerTradingMetrics(registry: Registry, desk: PortfolioSource): { tickToPnl: Histogram } {
  new Gauge({
    name: 'levibot_equity',
    help: 'Paper account equity (quote currency)',
    registers: [registry],
    collect() {
      this.set(desk.portfolio().equity);
    },
  });
  new Gauge({
    name: 'levibot_unrealized_pnl',
    help: 'Unrealized PnL of open paper positions',
    registers: [registry],
    collect() {
      this.set(desk.portfolio().unrealized_pnl);
    },
  });
  // A gauge despite the _total suffix the issue names it with: realized PnL falls with losses.
  new Gauge({
    name: 'levibot_realized_pnl_total',
    help: 'Realized PnL of the paper account since it was created, net of fees',
    registers: [registry],
    collect() {
      this.set(desk.portfolio().realized_pnl);
    },
  });
  const tickToPnl = new Histogram({
    name: 'levibot_tick_to_pnl_seconds',
    help: `Time from a tick reaching the engine to PnL updated (1 tick in ${TIMING_SAMPLE} timed)`,
    buckets: [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3],
    registers: [registry],
  });
  return { tickToPnl };
}
