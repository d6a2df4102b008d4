/**
 * Dashboard: the portfolio at a glance (equity curve, PnL, open positions marked live), the latest
 * signals, and the two switches an operator reaches for: bot start/stop and the kill-switch.
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi, useChannel } from '../api/context.js';
import type { LeviBotEvent, PortfolioSnapshot } from '../api/types.js';
import { AXIS, GRID, TOOLTIP } from '../components/charts.js';
import {
  Badge,
  Button,
  Card,
  Empty,
  ErrorNote,
  PageHeader,
  Stat,
  TableShell,
  tdClass,
} from '../components/ui.js';
import { money, percent, pnlClass, price, quantity, time } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';
import { LABEL_STYLES, signalOf } from '../lib/signals.js';

const CONTROL_EVENTS = new Set(['KILL_SWITCH', 'BOT_STARTED', 'BOT_STOPPED', 'RISK_POLICY_CHANGED']);
const MAX_CURVE_POINTS = 2000;

function Controls() {
  const api = useApi();
  const status = useLoad(() => api.status(), [api], 15_000);
  const policy = useLoad(() => api.riskPolicy(), [api], 15_000);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  useChannel('status', (message) => {
    if (CONTROL_EVENTS.has(message.event_type)) {
      status.reload();
      policy.reload();
    }
  });

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      status.reload();
      policy.reload();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const running = status.data?.running;
  const killSwitch = policy.data?.kill_switch;
  return (
    <Card title="Controls">
      <dl className="grid grid-cols-[auto_1fr_auto] items-center gap-x-3 gap-y-3 text-sm">
        <dt className="text-slate-400">Bot</dt>
        <dd data-bot={running === undefined ? 'unknown' : running ? 'running' : 'stopped'}>
          {running === undefined ? (
            '…'
          ) : running ? (
            <Badge className="bg-emerald-900/70 text-emerald-200">running</Badge>
          ) : (
            <Badge className="bg-slate-700 text-slate-200">stopped</Badge>
          )}
        </dd>
        <dd>
          {running ? (
            <Button disabled={busy} onClick={() => void act(() => api.setRunning(false))}>
              Stop bot
            </Button>
          ) : (
            <Button
              tone="success"
              disabled={busy || running === undefined}
              onClick={() => void act(() => api.setRunning(true))}
            >
              Start bot
            </Button>
          )}
        </dd>
        <dt className="text-slate-400">Kill-switch</dt>
        <dd data-kill-switch={killSwitch?.on ? 'on' : 'off'}>
          {killSwitch?.on ? (
            <Badge className="bg-red-700 text-white">
              ON{killSwitch.reason ? ` · ${killSwitch.reason}` : ''}
            </Badge>
          ) : (
            <Badge className="bg-slate-700 text-slate-200">off</Badge>
          )}
        </dd>
        <dd>
          {killSwitch?.on ? (
            <Button disabled={busy} onClick={() => void act(() => api.setKillSwitch(false))}>
              Release
            </Button>
          ) : (
            <Button
              tone="danger"
              disabled={busy || !policy.data}
              onClick={() => void act(() => api.setKillSwitch(true))}
            >
              Kill-switch
            </Button>
          )}
        </dd>
        <dt className="text-slate-400">Risk policy</dt>
        <dd className="col-span-2">{policy.data?.name ?? '…'}</dd>
        <dt className="text-slate-400">Feed</dt>
        <dd className="col-span-2">
          {status.data?.feed ? `${status.data.feed.kind} · ${status.data.feed.status}` : '…'}
        </dd>
      </dl>
      <ErrorNote error={error ?? status.error} />
    </Card>
  );
}

function EquityCurve({ points }: { points: { t: number; equity: number }[] }) {
  if (points.length === 0) return <Empty>No equity snapshots yet.</Empty>;
  return (
    <div className="h-64" aria-label="Equity curve" role="img">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={time}
            {...AXIS}
            minTickGap={40}
          />
          <YAxis
            domain={['auto', 'auto']}
            width={70}
            tickFormatter={(value: number) => money(value)}
            {...AXIS}
          />
          <Tooltip
            {...TOOLTIP}
            labelFormatter={(value) => time(Number(value))}
            formatter={(value) => [money(Number(value)), 'Equity']}
          />
          <Line
            type="monotone"
            dataKey="equity"
            stroke="#38bdf8"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function Positions({ portfolio }: { portfolio: PortfolioSnapshot | undefined }) {
  if (!portfolio) return <Empty>Loading positions…</Empty>;
  if (portfolio.positions.length === 0) return <Empty>No open positions.</Empty>;
  return (
    <TableShell
      label="Open positions"
      headings={['Symbol', 'Side', 'Qty', 'Entry', 'Mark', 'PnL', 'SL / TP']}
    >
      <tbody>
        {portfolio.positions.map((position) => (
          <tr key={position.symbol}>
            <td className={tdClass}>{position.symbol}</td>
            <td className={`${tdClass} ${position.side === 'long' ? 'text-emerald-300' : 'text-rose-300'}`}>
              {position.side}
            </td>
            <td className={`${tdClass} tabular-nums`}>{quantity(position.qty)}</td>
            <td className={`${tdClass} tabular-nums`}>{price(position.entry_price)}</td>
            <td className={`${tdClass} tabular-nums`} data-mark>
              {price(position.mark_price)}
            </td>
            <td className={`${tdClass} tabular-nums ${pnlClass(position.unrealized_pnl)}`}>
              {money(position.unrealized_pnl, true)}
            </td>
            <td className={`${tdClass} tabular-nums text-slate-400`}>
              {price(position.sl)} / {price(position.tp)}
            </td>
          </tr>
        ))}
      </tbody>
    </TableShell>
  );
}

function LatestSignals() {
  const api = useApi();
  const recent = useLoad(() => api.events({ event_type: ['SIGNAL_SCORED'], days: 30, limit: 8 }), [api]);
  const [live, setLive] = useState<LeviBotEvent[]>([]);
  useChannel('signals', (message) => {
    if (message.event_type === 'SIGNAL_SCORED') setLive((events) => [message.data, ...events].slice(0, 8));
  });
  const signals = useMemo(() => {
    const seen = new Set<number>();
    return [...live, ...(recent.data?.events ?? [])]
      .filter((event) => !seen.has(event.id) && seen.add(event.id))
      .slice(0, 8)
      .map((event) => signalOf(event));
  }, [live, recent.data]);
  return (
    <Card
      title="Latest signals"
      actions={
        <Link className="text-sm text-sky-400 hover:underline" to="/signals">
          All signals
        </Link>
      }
    >
      <ErrorNote error={recent.error} />
      {signals.length === 0 ? (
        <Empty>No signals yet.</Empty>
      ) : (
        <ul className="divide-y divide-slate-800">
          {signals.map((signal) => (
            <li key={signal.id} className="flex items-center gap-3 py-2 text-sm">
              <Badge className={LABEL_STYLES[signal.label]}>{signal.label}</Badge>
              <span className="min-w-0 flex-1 truncate">
                {signal.fe?.symbols.join(', ') || signal.symbol || '—'}
              </span>
              <span className="tabular-nums text-slate-400">{percent(signal.confidence)}</span>
              <span className="text-xs text-slate-500 tabular-nums">{time(signal.ts)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export default function Dashboard() {
  const api = useApi();
  const snapshot = useLoad(() => api.portfolio(), [api]);
  const history = useLoad(() => api.equity(24), [api]);
  const [live, setLive] = useState<PortfolioSnapshot>();
  const [livePoints, setLivePoints] = useState<{ t: number; equity: number }[]>([]);
  useChannel('portfolio', (message) => {
    setLive(message.data);
    setLivePoints((points) =>
      [...points, { t: Date.parse(message.data.ts), equity: message.data.equity }].slice(-MAX_CURVE_POINTS),
    );
  });

  const portfolio = live ?? snapshot.data;
  const curve = useMemo(() => {
    const stored = (history.data ?? []).map((point) => ({ t: Date.parse(point.ts), equity: point.equity }));
    const lastStored = stored.at(-1)?.t ?? -Infinity;
    return [...stored, ...livePoints.filter((point) => point.t > lastStored)];
  }, [history.data, livePoints]);

  return (
    <>
      <PageHeader title="Dashboard" />
      <ErrorNote error={snapshot.error} />
      <div className="mb-4 grid grid-cols-2 gap-3 lg:grid-cols-5">
        <Stat label="Equity" value={money(portfolio?.equity)} />
        <Stat
          label="Realized PnL"
          value={money(portfolio?.realized_pnl, true)}
          className={pnlClass(portfolio?.realized_pnl)}
        />
        <Stat
          label="Unrealized PnL"
          value={money(portfolio?.unrealized_pnl, true)}
          className={pnlClass(portfolio?.unrealized_pnl)}
        />
        <Stat
          label="Daily PnL"
          value={money(portfolio?.daily_pnl, true)}
          className={pnlClass(portfolio?.daily_pnl)}
        />
        <Stat label="Drawdown" value={portfolio ? percent(portfolio.drawdown, 2) : '—'} />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Equity (24 h)" className="lg:col-span-2">
          <ErrorNote error={history.error} />
          <EquityCurve points={curve} />
        </Card>
        <Controls />
        <Card title="Open positions" className="lg:col-span-2">
          <Positions portfolio={portfolio} />
        </Card>
        <LatestSignals />
      </div>
    </>
  );
}
