/**
 * Auto-routing: scored signals become paper orders through the `OrderPort`, behind guards read
 * from the live settings on every signal (so PUT /config takes effect at once). Each symbol of a
 * signal is routed on its own and leaves exactly one event under the signal's trace_id:
 * AUTO_ROUTE_EXECUTED, AUTO_ROUTE_DRYRUN or AUTO_ROUTE_SKIPPED with the reason.
 */
import type { SettingsOf } from '../config/index.js';
import type { EventInput, EventLog } from '../events/index.js';
import type { OrderOutcome, OrderPort, OrderRequest } from '../trading/port.js';
import type { ScoredSignal } from './model.js';
import { type SIGNAL_SETTINGS, mapSymbol, parseSymbolMap } from './settings.js';

export type RouteDecisionKind = 'executed' | 'dry_run' | 'skipped';

export interface RouteDecision {
  /** The symbol as the signal names it. */
  symbol: string;
  /** The market it routes to (AUTO_ROUTE_SYMBOL_MAP), null when not routable. */
  market: string | null;
  decision: RouteDecisionKind;
  reason: string;
  /** The order placed (executed) or that would have been (dry run). */
  order?: OrderRequest;
  /** What the order port answered (executed, or refused). */
  outcome?: OrderOutcome;
}

export interface RoutableSignal {
  trace_id: string;
  scored: ScoredSignal;
}

export interface AutoRouterOptions {
  /** The live settings object (updated in place by PUT /config). */
  settings: SettingsOf<typeof SIGNAL_SETTINGS>;
  orders: OrderPort;
  /** `running === false` (the bot is stopped) blocks routing. */
  bot: { readonly running: boolean };
  log: EventLog;
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
  onDecision?: (decision: RouteDecision) => void;
}

const EVENT_OF: Record<RouteDecisionKind, string> = {
  executed: 'AUTO_ROUTE_EXECUTED',
  dry_run: 'AUTO_ROUTE_DRYRUN',
  skipped: 'AUTO_ROUTE_SKIPPED',
};

export class AutoRouter {
  private readonly lastRouted = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: AutoRouterOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Route every symbol of a signal; resolves once each decision's event is stored. An executed
   * decision's event is recorded by the order port just before the order's own events.
   */
  async route(signal: RoutableSignal): Promise<RouteDecision[]> {
    const decisions: RouteDecision[] = [];
    for (const symbol of signal.scored.fe.symbols) {
      const decision = await this.routeSymbol(signal, symbol);
      if (decision.decision !== 'executed') await this.options.log.emit(decisionEvent(signal, decision));
      decisions.push(decision);
    }
    for (const decision of decisions) this.options.onDecision?.(decision);
    return decisions;
  }

  /** Seconds left in a symbol's cooldown (0 when none). */
  cooldownLeft(market: string): number {
    const last = this.lastRouted.get(market);
    if (last === undefined) return 0;
    return Math.max(0, this.options.settings.AUTO_ROUTE_COOLDOWN_SEC - (this.now() - last) / 1000);
  }

  private async routeSymbol(signal: RoutableSignal, symbol: string): Promise<RouteDecision> {
    const settings = this.options.settings;
    const { scored } = signal;
    const skip = (reason: string, market: string | null = null): RouteDecision => ({
      symbol,
      market,
      decision: 'skipped',
      reason,
    });
    if (scored.label === 'NO-TRADE') return skip('not a trade signal (NO-TRADE)');
    if (!settings.AUTO_ROUTE_ENABLED) return skip('auto-routing is disabled (AUTO_ROUTE_ENABLED=false)');
    if (!this.options.bot.running) return skip('the bot is stopped');
    if (scored.confidence < settings.AUTO_ROUTE_MIN_CONF) {
      return skip(
        `confidence ${scored.confidence} is below AUTO_ROUTE_MIN_CONF ${settings.AUTO_ROUTE_MIN_CONF}`,
      );
    }
    const market = mapSymbol(parseSymbolMap(settings.AUTO_ROUTE_SYMBOL_MAP), symbol);
    if (market === null) return skip(`${symbol} is not in AUTO_ROUTE_SYMBOL_MAP`);
    const left = this.cooldownLeft(market);
    if (left > 0) {
      return skip(
        `${market} is cooling down for ${Math.ceil(left)} more s (AUTO_ROUTE_COOLDOWN_SEC=${settings.AUTO_ROUTE_COOLDOWN_SEC})`,
        market,
      );
    }

    const order: OrderRequest = {
      symbol: market,
      side: scored.label === 'BUY' ? 'buy' : 'sell',
      type: 'market',
      notional_usd: settings.AUTO_ROUTE_DEFAULT_NOTIONAL,
      trace_id: signal.trace_id,
      source: 'router',
    };
    // The signal's own levels take priority over the risk policy's ATR-derived ones.
    if (scored.fe.sl !== null) order.sl = scored.fe.sl;
    if (scored.fe.tps[0] !== undefined) order.tp = scored.fe.tps[0];

    const previous = this.lastRouted.get(market);
    this.lastRouted.set(market, this.now());
    if (settings.AUTO_ROUTE_DRY_RUN) {
      return {
        symbol,
        market,
        decision: 'dry_run',
        reason: `dry run: would ${order.side} ${order.notional_usd} USD of ${market}`,
        order,
      };
    }
    const restore = () => {
      if (previous === undefined) this.lastRouted.delete(market);
      else this.lastRouted.set(market, previous);
    };
    const executed = (outcome: OrderOutcome): RouteDecision => ({
      symbol,
      market,
      decision: 'executed',
      reason: `order ${outcome.status === 'accepted' ? outcome.order_id : ''} accepted`,
      order,
      outcome,
    });
    let outcome: OrderOutcome;
    try {
      outcome = await this.options.orders.placeOrder(order, {
        announce: (answer) => (answer.status === 'accepted' ? decisionEvent(signal, executed(answer)) : null),
      });
    } catch (error) {
      restore();
      return { ...skip(`order failed: ${(error as Error).message}`, market), order };
    }
    if (outcome.status !== 'accepted') {
      restore();
      return { ...skip(`order ${outcome.status}: ${outcome.reason}`, market), order, outcome };
    }
    return executed(outcome);
  }
}

function decisionEvent(signal: RoutableSignal, decision: RouteDecision): EventInput {
  return {
    event_type: EVENT_OF[decision.decision],
    symbol: decision.market ?? decision.symbol,
    trace_id: signal.trace_id,
    source: 'router',
    severity: decision.decision === 'skipped' && decision.outcome ? 'warning' : 'info',
    payload: {
      symbol: decision.symbol,
      market: decision.market,
      decision: decision.decision,
      reason: decision.reason,
      label: signal.scored.label,
      confidence: signal.scored.confidence,
      ...(decision.order ? { order: decision.order } : {}),
      ...(decision.outcome ? { outcome: decision.outcome } : {}),
    },
  };
}
