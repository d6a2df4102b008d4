/** Trades: paper orders and closed positions with PnL, filtered by symbol and side, paginated. */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useApi, useChannel } from '../api/context.js';
import { paginate, Pagination } from '../components/Pagination.js';
import {
  Badge,
  Card,
  Empty,
  ErrorNote,
  Field,
  inputClass,
  PageHeader,
  Segmented,
  Stat,
  TableShell,
  tdClass,
} from '../components/ui.js';
import { dateTime, duration, money, pnlClass, price, quantity } from '../lib/format.js';
import { useCoalesced, useDebounced, useLoad } from '../lib/hooks.js';
import { closedPositions, foldOrders, type OrderStatus, TRADE_EVENT_TYPES } from '../lib/trades.js';

const VIEWS = ['Orders', 'Closed positions'] as const;
const SIDES = ['all', 'buy', 'sell'] as const;
const STATUS_STYLES: Record<OrderStatus, string> = {
  new: 'bg-sky-900/70 text-sky-200',
  partial: 'bg-lime-900/70 text-lime-200',
  filled: 'bg-emerald-900/70 text-emerald-200',
  rejected: 'bg-rose-900/70 text-rose-200',
  cancelled: 'bg-slate-700 text-slate-300',
};

function Trace({ id }: { id: string | null }) {
  if (!id) return null;
  return (
    <Link
      className="font-mono text-xs text-sky-400 hover:underline"
      to={`/timeline?trace=${encodeURIComponent(id)}`}
    >
      trace
    </Link>
  );
}

export default function Trades() {
  const api = useApi();
  const [view, setView] = useState<(typeof VIEWS)[number]>('Orders');
  const [side, setSide] = useState<(typeof SIDES)[number]>('all');
  const [symbolInput, setSymbolInput] = useState('');
  const symbol = useDebounced(symbolInput.trim(), 400);
  const [page, setPage] = useState(0);
  const [size, setSize] = useState(25);

  const events = useLoad(
    () => api.events({ event_type: TRADE_EVENT_TYPES, symbol, days: 30, limit: 1000 }),
    [api, symbol],
  );
  const known = useLoad(() => api.symbols(), [api]);

  const scheduleRefresh = useCoalesced(events.reload, 1000);
  useChannel('orders', scheduleRefresh);
  useChannel('positions', scheduleRefresh);
  useEffect(() => setPage(0), [view, side, symbol]);

  const all = useMemo(() => events.data?.events ?? [], [events.data]);
  const orders = useMemo(
    () => foldOrders(all).filter((order) => side === 'all' || order.side === side),
    [all, side],
  );
  const closed = useMemo(
    () =>
      closedPositions(all).filter(
        (position) =>
          side === 'all' || (side === 'buy' ? position.side === 'long' : position.side === 'short'),
      ),
    [all, side],
  );
  const symbolOptions = useMemo(() => {
    const seen = new Set(known.data?.symbols ?? []);
    for (const event of all) if (event.symbol) seen.add(event.symbol);
    return [...seen].sort();
  }, [known.data, all]);

  const totalPnl = closed.reduce((sum, position) => sum + position.realized_pnl, 0);
  const wins = closed.filter((position) => position.realized_pnl > 0).length;

  return (
    <>
      <PageHeader title="Trades">
        <Segmented label="View" options={VIEWS} value={view} onChange={setView} />
      </PageHeader>
      <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Orders" value={orders.length} />
        <Stat label="Closed positions" value={closed.length} />
        <Stat label="Realized PnL" value={money(totalPnl, true)} className={pnlClass(totalPnl)} />
        <Stat
          label="Win rate"
          value={closed.length > 0 ? `${Math.round((wins / closed.length) * 100)} %` : '—'}
        />
      </div>
      <Card>
        <div className="mb-3 flex flex-wrap items-end gap-3">
          <Field label="Symbol">
            <input
              className={`${inputClass} w-36`}
              list="trade-symbols"
              value={symbolInput}
              placeholder="any"
              onChange={(event) => setSymbolInput(event.target.value)}
            />
            <datalist id="trade-symbols">
              {symbolOptions.map((option) => (
                <option key={option} value={option} />
              ))}
            </datalist>
          </Field>
          <Segmented label="Side" options={SIDES} value={side} onChange={setSide} />
          <span className="text-xs text-slate-500">last 30 days</span>
        </div>
        <ErrorNote error={events.error} />
        {view === 'Orders' ? (
          orders.length === 0 ? (
            <Empty>{events.loading ? 'Loading…' : 'No orders match.'}</Empty>
          ) : (
            <TableShell
              label="Orders"
              headings={[
                'Time',
                'Symbol',
                'Side',
                'Status',
                'Qty',
                'Filled',
                'Avg price',
                'Fees',
                'Purpose',
                '',
              ]}
            >
              <tbody>
                {paginate(orders, page, size).map((order) => (
                  <tr key={order.key}>
                    <td className={`${tdClass} whitespace-nowrap text-slate-400`}>{dateTime(order.ts)}</td>
                    <td className={tdClass}>{order.symbol}</td>
                    <td
                      className={`${tdClass} ${order.side === 'buy' ? 'text-emerald-300' : 'text-rose-300'}`}
                    >
                      {order.side}
                    </td>
                    <td className={tdClass} title={order.reason ?? undefined}>
                      <Badge className={STATUS_STYLES[order.status]}>{order.status}</Badge>
                      {order.reason ? (
                        <span className="ml-1 text-xs text-slate-500">{order.reason}</span>
                      ) : null}
                    </td>
                    <td className={`${tdClass} tabular-nums`}>{quantity(order.qty)}</td>
                    <td className={`${tdClass} tabular-nums`}>{quantity(order.filled_qty)}</td>
                    <td className={`${tdClass} tabular-nums`}>{price(order.avg_price)}</td>
                    <td className={`${tdClass} tabular-nums`}>{money(order.fees)}</td>
                    <td className={`${tdClass} text-slate-400`}>{order.purpose}</td>
                    <td className={tdClass}>
                      <Trace id={order.trace_id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableShell>
          )
        ) : closed.length === 0 ? (
          <Empty>{events.loading ? 'Loading…' : 'No closed positions match.'}</Empty>
        ) : (
          <TableShell
            label="Closed positions"
            headings={[
              'Closed',
              'Symbol',
              'Side',
              'Qty',
              'Entry',
              'Exit',
              'PnL',
              'Fees',
              'Reason',
              'Held',
              '',
            ]}
          >
            <tbody>
              {paginate(closed, page, size).map((position) => (
                <tr key={position.id}>
                  <td className={`${tdClass} whitespace-nowrap text-slate-400`}>{dateTime(position.ts)}</td>
                  <td className={tdClass}>{position.symbol}</td>
                  <td
                    className={`${tdClass} ${position.side === 'long' ? 'text-emerald-300' : 'text-rose-300'}`}
                  >
                    {position.side}
                  </td>
                  <td className={`${tdClass} tabular-nums`}>{quantity(position.qty)}</td>
                  <td className={`${tdClass} tabular-nums`}>{price(position.entry_price)}</td>
                  <td className={`${tdClass} tabular-nums`}>{price(position.exit_price)}</td>
                  <td className={`${tdClass} tabular-nums font-medium ${pnlClass(position.realized_pnl)}`}>
                    {money(position.realized_pnl, true)}
                  </td>
                  <td className={`${tdClass} tabular-nums`}>{money(position.fees)}</td>
                  <td className={`${tdClass} text-slate-400`}>{position.reason.replace(/_/g, ' ')}</td>
                  <td className={`${tdClass} whitespace-nowrap text-slate-400`}>
                    {position.held_s === null ? '—' : duration(position.held_s * 1000)}
                  </td>
                  <td className={tdClass}>
                    <Trace id={position.trace_id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </TableShell>
        )}
        <Pagination
          total={view === 'Orders' ? orders.length : closed.length}
          page={page}
          size={size}
          onPage={setPage}
          onSize={setSize}
        />
      </Card>
    </>
  );
}
