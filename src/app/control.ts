/**
 * Whether the bot is running. Stopped means: signals are still scored and recorded, but nothing
 * is routed into orders. Every change is an event (BOT_STARTED / BOT_STOPPED).
 */
import type { EventLog } from '../events/index.js';

export class BotControl {
  private runningSince: Date | null;

  constructor(
    private readonly log: EventLog,
    running: boolean,
  ) {
    this.runningSince = running ? new Date() : null;
  }

  get running(): boolean {
    return this.runningSince !== null;
  }

  get since(): Date | null {
    return this.runningSince;
  }

  /** Returns false when it was already running (no event is emitted then). */
  async start(reason: string): Promise<boolean> {
    if (this.running) return false;
    this.runningSince = new Date();
    await this.log.emit({ event_type: 'BOT_STARTED', source: 'control', payload: { reason } });
    return true;
  }

  async stop(reason: string): Promise<boolean> {
    if (!this.running) return false;
    this.runningSince = null;
    await this.log.emit({
      event_type: 'BOT_STOPPED',
      source: 'control',
      severity: 'warning',
      payload: { reason },
    });
    return true;
  }
}
