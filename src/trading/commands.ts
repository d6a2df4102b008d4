/**
 * The desk's commands as they travel from an instance that does not run the engine to the one
 * that does: a kind and a JSON body, executed against the engine's desk. Anything that changes
 * the paper account is a command; reads never are.
 */
import { ValidationError } from '../shared/errors.js';
import type { PaperDesk } from './desk.js';
import type { OrderRequest } from './port.js';

export type TradingCommand =
  | { kind: 'place_order'; request: OrderRequest }
  | { kind: 'cancel_order'; order_id: string }
  | { kind: 'close_position'; symbol: string; trace_id?: string }
  | { kind: 'kill_switch'; on: boolean; reason: string }
  | { kind: 'reset_daily'; reason: string }
  | { kind: 'set_policy'; name: unknown; via: string };

export type TradingCommandKind = TradingCommand['kind'];

/** Split a command into what the queue stores. */
export function commandBody(command: TradingCommand): { kind: TradingCommandKind; body: unknown } {
  const { kind, ...body } = command;
  return { kind, body };
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw ValidationError.forField(field, 'must be text');
  return value;
}

/** A stored command back to its type; the engine's own validation still applies to the values. */
export function parseCommand(kind: string, raw: unknown): TradingCommand {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  switch (kind) {
    case 'place_order':
      if (typeof body.request !== 'object' || body.request === null) {
        throw ValidationError.forField('request', 'must be an order request');
      }
      return { kind, request: body.request as OrderRequest };
    case 'cancel_order':
      return { kind, order_id: text(body, 'order_id') };
    case 'close_position':
      return {
        kind,
        symbol: text(body, 'symbol'),
        ...(typeof body.trace_id === 'string' ? { trace_id: body.trace_id } : {}),
      };
    case 'kill_switch':
      return { kind, on: body.on === true, reason: text(body, 'reason') };
    case 'reset_daily':
      return { kind, reason: text(body, 'reason') };
    case 'set_policy':
      return { kind, name: body.name, via: text(body, 'via') };
    default:
      throw new ValidationError(`unknown command ${kind}`, 'kind');
  }
}

/** Run a command on the desk that holds the engine; the result is what the desk method returns. */
export function executeCommand(desk: PaperDesk, command: TradingCommand): Promise<unknown> {
  switch (command.kind) {
    case 'place_order':
      return desk.placeOrder(command.request);
    case 'cancel_order':
      return desk.cancelOrder(command.order_id);
    case 'close_position':
      return desk.closePosition(command.symbol, command.trace_id);
    case 'kill_switch':
      return desk.setKillSwitch(command.on, command.reason);
    case 'reset_daily':
      return desk.resetDaily(command.reason);
    case 'set_policy':
      return desk.setPolicy(command.name, command.via);
  }
}
