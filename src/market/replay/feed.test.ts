import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURES } from '../fixtures.js';
import type { Tick } from '../tick.js';
import { loadCaptureTicks } from './capture.js';
import { ReplayFeed } from './feed.js';

const ETH = DEFAULT_CAPTURES.slice(2);

describe('replay feed', () => {
  it('replay - at max speed it loops, shifting each pass forward so time never runs backwards', async () => {
    const ticks: Tick[] = [];
    const statuses: string[] = [];
    const feed = new ReplayFeed({
      files: ETH,
      symbols: ['ETH/USDT'],
      speed: Number.POSITIVE_INFINITY,
      loops: 2,
    });
    await feed.start({ tick: (tick) => ticks.push(tick), status: (change) => statuses.push(change.status) });
    await feed.done;
    const pass = loadCaptureTicks(ETH);
    expect(ticks).toHaveLength(pass.length * 2);
    const first = pass[0]!.ts;
    const last = Math.max(...pass.slice(-1000).map((tick) => tick.ts));
    const shift = last - first + 1000;
    expect(ticks[pass.length]).toEqual({ ...pass[0], ts: first + shift });
    expect(ticks[0]).toEqual(pass[0]);
    expect(statuses).toEqual(['connected', 'looped']);
  });

  it('replay - resuming after a stored time continues with the next tick, in the right pass', async () => {
    const pass = loadCaptureTicks(ETH);
    const first = pass[0]!.ts;
    const shift = Math.max(...pass.map((tick) => tick.ts)) - first + 1000;
    const middle = pass[Math.floor(pass.length / 2)]!;
    const ticks: Tick[] = [];
    const feed = new ReplayFeed({
      files: ETH,
      symbols: ['ETH/USDT'],
      speed: Number.POSITIVE_INFINITY,
      loops: 2,
      resumeAfterMs: middle.ts + shift,
    });
    await feed.start({ tick: (tick) => ticks.push(tick), status: () => undefined });
    await feed.done;
    const expected = pass
      .filter((tick) => tick.ts > middle.ts)
      .map((tick) => ({ ...tick, ts: tick.ts + shift }));
    expect(ticks).toEqual(expected);
  });

  it('replay - at speed N the exchange clock advances about N times faster than the wall clock', async () => {
    const run = async (speed: number) => {
      const ticks: Tick[] = [];
      const feed = new ReplayFeed({ files: ETH, symbols: ['ETH/USDT'], speed });
      await feed.start({ tick: (tick) => ticks.push(tick), status: () => undefined });
      await new Promise((resolve) => setTimeout(resolve, 400));
      await feed.stop();
      return ticks[ticks.length - 1]!.ts - ticks[0]!.ts;
    };
    const real = await run(1);
    const fast = await run(20);
    expect(real).toBeLessThan(2_000); // about 400 ms of exchange time; generous for a loaded machine
    expect(fast).toBeGreaterThan(3 * real);
  });
});
