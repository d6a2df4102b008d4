import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestAnswer, ScoredSignal } from '../api/types.js';
import { makeEvent } from '../test/fakes.js';
import { renderPanel } from '../test/render.js';

const TEXT = 'LONG #BTCUSDT\nEntry: 61800\nTP1: 62500 TP2: 63200\nSL: 61200\nLeverage: 5x';
const SCORED: ScoredSignal = {
  label: 'BUY',
  confidence: 0.83,
  reasons: ['side word: LONG', 'entry, TP and SL present'],
  fe: {
    symbols: ['BTC/USDT'],
    side: 'BUY',
    entry: [61800],
    tps: [62500, 63200],
    sl: 61200,
    leverage: 5,
    size: null,
  },
};
const ROUTES = {
  'GET /config': {
    settings: { AUTO_ROUTE_ENABLED: true, AUTO_ROUTE_DRY_RUN: false, AUTO_ROUTE_MIN_CONF: 0.9 },
    tunable: ['AUTO_ROUTE_MIN_CONF'],
  },
  'GET /risk/policy': {
    name: 'moderate',
    kill_switch: { on: false, reason: null, since: null },
    policies: {
      conservative: { name: 'conservative', sl_atr: 2, tp_atr: 1, cooldown_s: 45 },
      moderate: { name: 'moderate', sl_atr: 1.5, tp_atr: 1.5, cooldown_s: 30 },
    },
  },
  'POST /signals/score': SCORED,
};

let current: ReturnType<typeof renderPanel> | undefined;
afterEach(() => current?.stop());

describe('Signals page', () => {
  it('signals - a pasted message gets a score card: label, confidence, reasons and every extracted field', async () => {
    current = renderPanel('/signals', ROUTES);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/signal message/i), TEXT);
    await user.click(screen.getByRole('button', { name: 'Score' }));

    const card = await screen.findByRole('article', { name: 'Score card' });
    expect(current.rest.calls('POST /signals/score')[0]!.body).toEqual({ text: TEXT });
    expect(within(card).getAllByText('BUY')).toHaveLength(2); // the label and the side
    expect(within(card).getByText('83.0 %')).toBeTruthy();
    expect(within(card).getByText('side word: LONG')).toBeTruthy();
    expect(within(card).getByText('BTC/USDT')).toBeTruthy();
    expect(within(card).getByText('62,500.00 · 63,200.00')).toBeTruthy();
    expect(within(card).getByText('61,200.00')).toBeTruthy();
    expect(within(card).getByText('5x')).toBeTruthy();
  });

  it('signals - "Send to LeviBot" ingests as the panel and shows the trace and each routing decision', async () => {
    const answer: IngestAnswer = {
      ...SCORED,
      trace_id: 'trace-42',
      routed: true,
      route: [
        { symbol: 'BTC/USDT', market: 'BTC/USDT', decision: 'executed', reason: 'paper order po-7 accepted' },
      ],
    };
    current = renderPanel('/signals', { ...ROUTES, 'POST /signals/ingest-and-score': answer });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/signal message/i), TEXT);
    await user.click(screen.getByRole('button', { name: 'Send to LeviBot' }));

    const card = await screen.findByRole('article', { name: 'Score card' });
    expect(current.rest.calls('POST /signals/ingest-and-score')[0]!.body).toEqual({
      text: TEXT,
      source: 'panel',
    });
    expect(within(card).getByRole('link', { name: 'trace-42' }).getAttribute('href')).toBe(
      '/timeline?trace=trace-42',
    );
    expect(within(card).getByText('routed')).toBeTruthy();
    expect(within(card).getByText('paper order po-7 accepted')).toBeTruthy();
  });

  it('signals - a wrong label is corrected into the dataset', async () => {
    current = renderPanel('/signals', { ...ROUTES, 'POST /ml/dataset/append': { appended: {} } });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/signal message/i), TEXT);
    await user.click(screen.getByRole('button', { name: 'Score' }));
    await user.selectOptions(await screen.findByLabelText('Correct label'), 'NO-TRADE');
    await user.click(screen.getByRole('button', { name: 'Add to dataset' }));
    await screen.findByText('Added to the dataset as NO-TRADE.');
    expect(current.rest.calls('POST /ml/dataset/append')[0]!.body).toEqual({ text: TEXT, label: 'NO-TRADE' });
  });

  it('signals - the threshold preview says whether this signal would route, and Apply saves the threshold', async () => {
    current = renderPanel('/signals', { ...ROUTES, 'PUT /config': ROUTES['GET /config'] });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/signal message/i), TEXT);
    await user.click(screen.getByRole('button', { name: 'Score' }));
    await screen.findByText('would not be routed');
    const slider = screen.getByRole('slider', { name: /minimum confidence: 90 %/i });
    fireEvent.change(slider, { target: { value: '0.8' } });
    await screen.findByText('would be routed');
    await user.click(screen.getByRole('button', { name: 'Apply threshold' }));
    await waitFor(() => expect(current!.rest.calls('PUT /config')).toHaveLength(1));
    expect(current.rest.calls('PUT /config')[0]!.body).toEqual({ AUTO_ROUTE_MIN_CONF: 0.8 });
  });

  it('signals - a bad message shows the server error naming the field', async () => {
    current = renderPanel('/signals', {
      ...ROUTES,
      'POST /signals/score': () => {
        throw Object.assign(new Error('text: must not be empty or only whitespace'), { field: 'text' });
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/signal message/i), '   x');
    await user.click(screen.getByRole('button', { name: 'Score' }));
    expect((await screen.findByRole('alert')).textContent).toContain('text: must not be empty');
  });

  it('signals - the list filters by label and minimum confidence and shows how each was routed', async () => {
    const events = [
      makeEvent({
        id: 1,
        event_type: 'SIGNAL_INGEST',
        trace_id: 'a',
        payload: { text: 'long btc', source: 'telegram' },
      }),
      makeEvent({
        id: 2,
        event_type: 'SIGNAL_SCORED',
        trace_id: 'a',
        payload: { score: { label: 'BUY', confidence: 0.9, reasons: [] }, fe: SCORED.fe },
      }),
      makeEvent({ id: 3, event_type: 'AUTO_ROUTE_EXECUTED', trace_id: 'a', payload: {} }),
      makeEvent({
        id: 4,
        event_type: 'SIGNAL_INGEST',
        trace_id: 'b',
        payload: { text: 'short eth', source: 'api' },
      }),
      makeEvent({
        id: 5,
        event_type: 'SIGNAL_SCORED',
        trace_id: 'b',
        payload: {
          label: 'SELL',
          confidence: 0.55,
          reasons: [],
          fe: { ...SCORED.fe, symbols: ['ETH/USDT'] },
        },
      }),
      makeEvent({ id: 6, event_type: 'AUTO_ROUTE_DRYRUN', trace_id: 'b', payload: {} }),
    ];
    current = renderPanel('/signals', {
      ...ROUTES,
      'GET /events': { events: [...events].reverse(), next_cursor: null },
    });
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Signals' });
    await within(table).findByText('long btc');
    expect(within(table).getByText('executed')).toBeTruthy();
    expect(within(table).getByText('dry-run')).toBeTruthy();

    await user.click(
      within(screen.getByRole('group', { name: 'Label' })).getByRole('button', { name: 'SELL' }),
    );
    await waitFor(() => expect(within(table).queryByText('long btc')).toBeNull());
    expect(within(table).getByText('short eth')).toBeTruthy();
  });
});
