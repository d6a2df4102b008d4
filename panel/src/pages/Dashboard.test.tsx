import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortfolioSnapshot } from '../api/types.js';
import { renderPanel } from '../test/render.js';

const PORTFOLIO: PortfolioSnapshot = {
  ts: new Date().toISOString(),
  equity: 10_012.5,
  cash: 9_000,
  realized_pnl: 10,
  unrealized_pnl: 2.5,
  daily_pnl: 12.5,
  drawdown: 0.001,
  positions: [
    {
      symbol: 'BTC/USDT',
      side: 'long',
      qty: 0.01,
      entry_price: 61_000,
      mark_price: 61_250,
      unrealized_pnl: 2.5,
      sl: 60_000,
      tp: 63_000,
      opened_at: new Date().toISOString(),
    },
  ],
};

function routes(state: { killSwitch: boolean; running: boolean }) {
  return {
    'GET /status': () => ({
      version: '0.1.0',
      uptime_s: 1,
      running: state.running,
      running_since: null,
      store: { kind: 'sqlite', events: 1, last_id: 1 },
    }),
    'GET /risk/policy': () => ({
      name: 'moderate',
      kill_switch: { on: state.killSwitch, reason: state.killSwitch ? 'panel' : null, since: null },
      policies: {},
    }),
    'GET /paper/portfolio': PORTFOLIO,
    'GET /paper/equity': {
      hours: 24,
      points: [
        {
          ts: new Date(Date.now() - 60_000).toISOString(),
          equity: 10_000,
          cash: 10_000,
          realized_pnl: 0,
          unrealized_pnl: 0,
        },
      ],
    },
    'POST /risk/killswitch': (request: { body?: unknown }) => {
      state.killSwitch = (request.body as { on: boolean }).on;
      return { on: state.killSwitch, reason: 'panel', since: null };
    },
    'POST /stop': () => {
      state.running = false;
      return { running: false };
    },
  };
}

let current: ReturnType<typeof renderPanel> | undefined;
afterEach(() => current?.stop());

describe('Dashboard', () => {
  it('dashboard - PnL figures and open positions follow the live portfolio channel', async () => {
    current = renderPanel('/', routes({ killSwitch: false, running: true }));
    const positions = await screen.findByRole('table', { name: 'Open positions' });
    expect(within(positions).getByText('61,250.00')).toBeTruthy();
    await waitFor(() =>
      expect(current!.gateway.subscribes.some((s) => s.channels.includes('portfolio'))).toBe(true),
    );
    act(() =>
      current!.gateway.publishLive('portfolio', 'PORTFOLIO', {
        ...PORTFOLIO,
        unrealized_pnl: -7.5,
        positions: [{ ...PORTFOLIO.positions[0]!, mark_price: 60_250, unrealized_pnl: -7.5 }],
      }),
    );
    await within(positions).findByText('60,250.00');
    expect(within(positions).getAllByText('-$7.50').length).toBeGreaterThan(0);
  });

  it('dashboard - the kill-switch and stop buttons act on the server and show the new state', async () => {
    const state = { killSwitch: false, running: true };
    current = renderPanel('/', routes(state));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Kill-switch' }));
    await waitFor(() =>
      expect(document.querySelector('[data-kill-switch]')!.getAttribute('data-kill-switch')).toBe('on'),
    );
    expect(current.rest.calls('POST /risk/killswitch')[0]!.body).toMatchObject({ on: true });
    await user.click(screen.getByRole('button', { name: 'Stop bot' }));
    await waitFor(() =>
      expect(document.querySelector('[data-bot]')!.getAttribute('data-bot')).toBe('stopped'),
    );
    expect(screen.getByRole('button', { name: 'Start bot' })).toBeTruthy();
  });
});
