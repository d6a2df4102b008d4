import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiRequest } from '../api/api.js';
import type { LeviBotEvent } from '../api/types.js';
import { makeEvent } from '../test/fakes.js';
import { renderPanel } from '../test/render.js';

const start = Date.now() - 3_600_000;
const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
const TRACE = [
  makeEvent({ id: 11, ts: at(0), event_type: 'SIGNAL_INGEST', trace_id: 't-1', symbol: 'BTC/USDT' }),
  makeEvent({ id: 12, ts: at(0.05), event_type: 'SIGNAL_SCORED', trace_id: 't-1', symbol: 'BTC/USDT' }),
  makeEvent({
    id: 14,
    ts: at(3.05),
    event_type: 'ORDER_FILLED',
    trace_id: 't-1',
    symbol: 'BTC/USDT',
    payload: { price: 61800 },
  }),
];
const OTHER = makeEvent({ id: 13, ts: at(1), event_type: 'FEED_STATUS', payload: { status: 'connected' } });
const STORED = [...TRACE, OTHER].sort((a, b) => b.id - a.id);

function timelineRoutes(stored: LeviBotEvent[] = STORED) {
  return {
    'GET /events': (request: ApiRequest) =>
      request.query?.event_type?.startsWith('ALERT')
        ? { events: [], next_cursor: null }
        : { events: stored, next_cursor: null },
    'GET /traces/t-1': {
      trace_id: 't-1',
      count: 3,
      first_ts: at(0),
      last_ts: at(3.05),
      duration_ms: 3050,
      events: TRACE,
    },
  };
}

function timelineQueries(requests: ApiRequest[]): ApiRequest[] {
  return requests.filter(
    (request) => request.path === '/events' && !request.query?.event_type?.startsWith('ALERT'),
  );
}

let current: ReturnType<typeof renderPanel> | undefined;
afterEach(() => {
  current?.stop();
  vi.useRealTimers();
});

describe('Event Timeline', () => {
  it('timeline - clicking an event highlights every event of its trace and tells the story with durations', async () => {
    current = renderPanel('/timeline', timelineRoutes());
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Recent events' });
    await within(table).findByText('ORDER_FILLED');
    await user.click(within(table).getByRole('button', { name: 'Select event 12 and highlight its trace' }));

    await waitFor(() => expect(table.querySelectorAll('tr[data-highlighted="true"]')).toHaveLength(3));
    expect(table.querySelector('tr[data-event-row="13"]')!.getAttribute('data-highlighted')).toBe('false');
    const story = await screen.findByRole('list', { name: 'Trace story' });
    const steps = within(story).getAllByRole('listitem');
    expect(steps.map((step) => step.textContent)).toEqual([
      expect.stringContaining('SIGNAL_INGEST'),
      expect.stringMatching(/SIGNAL_SCORED.*\+50 ms/),
      expect.stringMatching(/ORDER_FILLED.*\+3\.0 s/),
    ]);
    expect(screen.getByText(/3 events over 3\.\d s/)).toBeTruthy();
  });

  it('timeline - live mode resumes after the newest event loaded and shows new events without a reload', async () => {
    current = renderPanel('/timeline', timelineRoutes());
    const table = await screen.findByRole('table', { name: 'Recent events' });
    await within(table).findByText('ORDER_FILLED');
    await waitFor(() =>
      expect(current!.gateway.subscribes.some((s) => s.channels.includes('events'))).toBe(true),
    );
    expect(current.gateway.subscribes.find((s) => s.channels.includes('events'))!.since_id).toBe(14);

    act(() =>
      current!.gateway.publish(
        'events',
        makeEvent({ id: 15, event_type: 'POSITION_OPENED', trace_id: 't-1' }),
      ),
    );
    await within(table).findByText('POSITION_OPENED');
    expect(timelineQueries(current.rest.requests).length).toBe(1);
  });

  it('timeline - with live off the window is polled every 10 s, and live on again resumes from the newest', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    current = renderPanel('/timeline', timelineRoutes());
    const table = await screen.findByRole('table', { name: 'Recent events' });
    await within(table).findByText('ORDER_FILLED');
    const liveButton = screen.getByRole('button', { pressed: true, name: /live/i });
    act(() => liveButton.click());
    const before = timelineQueries(current.rest.requests).length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10_000);
    });
    expect(timelineQueries(current.rest.requests).length).toBe(before + 1);

    const subscribesBefore = current.gateway.subscribes.length;
    act(() => screen.getByRole('button', { pressed: false, name: /live/i }).click());
    await waitFor(() => expect(current!.gateway.subscribes.length).toBeGreaterThan(subscribesBefore));
    expect(current.gateway.subscribes.at(-1)).toMatchObject({ channels: ['events'], since_id: 14 });
  });

  it('timeline - filters go to the server: event types, symbol, text and minimum severity', async () => {
    current = renderPanel('/timeline', timelineRoutes());
    const user = userEvent.setup();
    await screen.findByRole('table', { name: 'Recent events' });
    await user.selectOptions(screen.getByLabelText('Minimum severity'), 'warning');
    await user.type(screen.getByLabelText('Symbol'), 'ETHUSDT');
    await waitFor(() =>
      expect(timelineQueries(current!.rest.requests).at(-1)!.query).toMatchObject({
        severity: 'warning',
        symbol: 'ETHUSDT',
        days: '1',
      }),
    );
    await user.click(screen.getByRole('button', { name: '7d' }));
    await waitFor(() =>
      expect(timelineQueries(current!.rest.requests).at(-1)!.query).toMatchObject({ days: '7' }),
    );
    await waitFor(() =>
      expect(current!.gateway.subscribes.at(-1)).toMatchObject({
        filters: { severity: 'warning', symbol: 'ETHUSDT' },
      }),
    );
  });

  it('timeline - the legend lists every catalogue event type with its count', async () => {
    current = renderPanel('/timeline', timelineRoutes());
    const legend = await screen.findByRole('list', { name: 'Event types' });
    await waitFor(() =>
      expect(within(legend).getByRole('button', { name: /SIGNAL_SCORED\s*1/ })).toBeTruthy(),
    );
    expect(within(legend).getAllByRole('listitem').length).toBeGreaterThanOrEqual(25);
    expect(within(legend).getByRole('button', { name: /ALERT_FAILED\s*0/ })).toBeTruthy();
  });
});
