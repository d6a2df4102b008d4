import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api/api.js';
import { makeEvent } from '../test/fakes.js';
import { renderPanel } from '../test/render.js';

let current: ReturnType<typeof renderPanel> | undefined;
afterEach(() => current?.stop());

const connection = () => document.querySelector('[data-connection]')!.getAttribute('data-connection');

describe('panel shell', () => {
  it('connection badge - connecting, connected, disconnected when the server goes, connected when it is back', async () => {
    current = renderPanel('/analytics');
    expect(connection()).toBe('connecting');
    await waitFor(() => expect(connection()).toBe('connected'));
    act(() => current!.gateway.stop());
    await waitFor(() => expect(connection()).toBe('disconnected'));
    expect(screen.getByText('Disconnected')).toBeTruthy();
    current.gateway.start();
    await waitFor(() => expect(connection()).toBe('connected'));
  });

  it('connection badge - a refused API key stops the retries and says how to set one', async () => {
    current = renderPanel('/analytics');
    await waitFor(() => expect(connection()).toBe('connected'));
    act(() => current!.gateway.refuse());
    expect((await screen.findByRole('alert')).textContent).toMatch(/API keys.*API key button/);
    expect(connection()).toBe('disconnected');
  });

  it('REPLAY badge - shown while the market feed replays recorded data', async () => {
    current = renderPanel('/analytics');
    expect(await screen.findByText('REPLAY')).toBeTruthy();
  });

  it('alerts badge - counts unseen alerts, grows with live ones, and clears when the Alerts page is opened', async () => {
    const stored = [
      makeEvent({
        id: 40,
        event_type: 'ALERT_FAILED',
        severity: 'error',
        source: 'alerts',
        payload: { error: 'HTTP 503 from webhook', channel: 'slack' },
      }),
      makeEvent({
        id: 41,
        event_type: 'ALERT_TRIGGERED',
        severity: 'warning',
        source: 'alerts',
        payload: { message: 'BTC/USDT closed with -12 USDT' },
      }),
    ];
    current = renderPanel('/analytics', {
      'GET /events': (request: ApiRequest) => ({
        events:
          request.query?.order === 'asc'
            ? stored.filter((event) => event.id > Number(request.query?.after_id ?? 0))
            : [...stored].reverse(),
        next_cursor: null,
      }),
    });
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    await within(nav).findByLabelText('2 unread');
    await waitFor(() =>
      expect(current!.gateway.subscribes.some((s) => s.channels.includes('alerts'))).toBe(true),
    );
    const live = makeEvent({
      id: 42,
      event_type: 'ALERT_SENT',
      source: 'alerts',
      payload: { channel: 'telegram' },
    });
    stored.push(live);
    act(() => current!.gateway.publish('alerts', live));
    await within(nav).findByLabelText('3 unread');

    await userEvent.setup().click(within(nav).getByRole('link', { name: /alerts/i }));
    const table = await screen.findByRole('table', { name: 'Alerts' });
    expect(within(table).getAllByText('new')).toHaveLength(3);
    expect(within(table).getByText('HTTP 503 from webhook')).toBeTruthy();
    await waitFor(() => expect(within(nav).queryByLabelText(/unread/)).toBeNull());
    expect(localStorage.getItem('levibot.alerts.readId')).toBe('42');
  });

  it('navigation - every page is a link reachable from the keyboard', async () => {
    current = renderPanel('/');
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual([
      'Dashboard',
      'Event Timeline',
      'Analytics',
      'Signals',
      'Trades',
      'Market',
      'Alerts',
    ]);
    const user = userEvent.setup();
    links[1]!.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Event Timeline' })).toBeTruthy();
  });
});
