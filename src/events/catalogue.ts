/**
 * The one place that lists LeviBot's event types (DESIGN.md "Event"). Other event types are
 * accepted from clients as long as they are UPPER_SNAKE; these are the ones LeviBot emits itself.
 */
export const EVENT_CATALOGUE = {
  SIGNAL_INGEST: 'A text signal arrived (HTTP, Telegram, panel)',
  SIGNAL_SCORED: 'A signal was extracted and scored',
  AUTO_ROUTE_DRYRUN: 'Auto-router would have placed an order (dry run)',
  AUTO_ROUTE_EXECUTED: 'Auto-router placed a paper order',
  AUTO_ROUTE_SKIPPED: 'Auto-router declined a signal, with the reason',
  ORDER_NEW: 'Paper order accepted',
  ORDER_PARTIAL_FILL: 'Paper order partly filled',
  ORDER_FILLED: 'Paper order completely filled',
  ORDER_REJECTED: 'Paper order rejected',
  ORDER_CANCELED: 'Open paper order cancelled (by the user, or because its position closed)',
  RISK_SLTP: 'Stop-loss / take-profit levels set or triggered',
  POSITION_OPENED: 'Position opened',
  POSITION_CLOSED: 'Position closed, with realised PnL',
  RISK_BLOCKED: 'A risk guard refused an action',
  KILL_SWITCH: 'Kill-switch turned on or off',
  RISK_POLICY_CHANGED: 'Risk policy changed',
  RISK_DAILY_RESET: 'A new trading day started: daily PnL and the daily-loss limit reset',
  EQUITY_SNAPSHOT: 'Periodic portfolio equity snapshot',
  FEED_STATUS: 'Market feed connected, disconnected, stale or fell back to replay',
  DS_APPEND: 'A labelled example was added to the signal dataset',
  MODEL_TRAINED: 'The signal model was retrained',
  ALERT_TRIGGERED: 'An alert rule matched',
  ALERT_SENT: 'An alert was delivered',
  ALERT_FAILED: 'An alert delivery failed',
  CONFIG_CHANGED: 'Runtime configuration changed',
  BOT_STARTED: 'Bot started',
  BOT_STOPPED: 'Bot stopped',
} as const;

export type CatalogueEventType = keyof typeof EVENT_CATALOGUE;

export const CATALOGUE_EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as CatalogueEventType[];
