/**
 * Signals: paste a message and see how LeviBot reads it (score card), send it through the real
 * pipeline (record, score, auto-route), preview the auto-route threshold, pick the risk policy,
 * correct the label into the training dataset, and browse the signals already scored.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/api.js';
import { useApi, useChannel } from '../api/context.js';
import { type IngestAnswer, type ScoredSignal, SIGNAL_LABELS, type SignalLabel } from '../api/types.js';
import { paginate, Pagination } from '../components/Pagination.js';
import {
  Badge,
  Button,
  Card,
  Empty,
  ErrorNote,
  Field,
  inputClass,
  PageHeader,
  Segmented,
  TableShell,
  tdClass,
} from '../components/ui.js';
import { dateTime, percent, price } from '../lib/format.js';
import { useCoalesced, useDebounced, useLoad } from '../lib/hooks.js';
import {
  foldSignals,
  LABEL_STYLES,
  ROUTED_STYLES,
  SIGNAL_TRACE_TYPES,
  type SignalRow,
} from '../lib/signals.js';

const EXAMPLE = `LONG #BTCUSDT
Entry: 61800 - 62000
TP1: 62500  TP2: 63200
SL: 61200
Leverage: 5x`;

function list(values: number[] | null | undefined): string {
  return values && values.length > 0 ? values.map((value) => price(value)).join(' · ') : '—';
}

export function ScoreCard({ scored, ingest }: { scored: ScoredSignal; ingest?: IngestAnswer | undefined }) {
  const fe = scored.fe;
  const fields: [string, string][] = [
    ['Symbols', fe.symbols.length > 0 ? fe.symbols.join(', ') : '—'],
    ['Side', fe.side ?? '—'],
    [
      'Entry',
      fe.entry
        ? fe.entry.length === 2
          ? `${price(fe.entry[0])} – ${price(fe.entry[1])}`
          : list(fe.entry)
        : 'market / —',
    ],
    ['Take-profits', list(fe.tps)],
    ['Stop-loss', price(fe.sl)],
    ['Leverage', fe.leverage === null ? '—' : `${fe.leverage}x`],
    ['Size', fe.size === null ? '—' : String(fe.size)],
  ];
  return (
    <article
      aria-label="Score card"
      data-testid="score-card"
      data-routed={ingest ? (ingest.routed ? 'yes' : 'no') : undefined}
      className="rounded-lg border border-slate-700 bg-slate-950/60 p-4"
    >
      <div className="flex flex-wrap items-center gap-3">
        <Badge className={`px-3 py-1 text-base ${LABEL_STYLES[scored.label]}`}>{scored.label}</Badge>
        <div className="min-w-40 flex-1">
          <div className="flex justify-between text-xs text-slate-400">
            <span>Confidence</span>
            <span className="tabular-nums" data-confidence={scored.confidence}>
              {percent(scored.confidence, 1)}
            </span>
          </div>
          <div className="mt-1 h-2 rounded bg-slate-800" aria-hidden>
            <div
              className="h-2 rounded bg-sky-500"
              style={{ width: `${Math.round(scored.confidence * 100)}%` }}
            />
          </div>
        </div>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        {fields.map(([name, value]) => (
          <div key={name} className="min-w-0">
            <dt className="text-xs text-slate-500">{name}</dt>
            <dd className="break-words tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {scored.reasons.length > 0 ? (
        <>
          <h3 className="mt-4 text-xs font-semibold text-slate-400 uppercase">Reasons</h3>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-300">
            {scored.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      {ingest ? (
        <div className="mt-4 border-t border-slate-800 pt-3 text-sm">
          <p>
            Recorded as trace{' '}
            <Link
              className="font-mono text-sky-400 hover:underline"
              to={`/timeline?trace=${encodeURIComponent(ingest.trace_id)}`}
            >
              {ingest.trace_id}
            </Link>{' '}
            ·{' '}
            {ingest.routed ? (
              <Badge className={ROUTED_STYLES.executed}>routed</Badge>
            ) : (
              <Badge className={ROUTED_STYLES.no}>not routed</Badge>
            )}
          </p>
          {ingest.route.length > 0 ? (
            <ul className="mt-2 space-y-1">
              {ingest.route.map((decision) => (
                <li key={decision.symbol} className="text-slate-300">
                  <span className="font-medium">{decision.market ?? decision.symbol}</span>:{' '}
                  {decision.decision.replace('_', ' ')} —{' '}
                  <span className="text-slate-400">{decision.reason}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

function DatasetCorrection({ text, scored }: { text: string; scored: ScoredSignal }) {
  const api = useApi();
  const [label, setLabel] = useState<SignalLabel>(scored.label);
  const [state, setState] = useState<{ done?: string; error?: Error }>({});
  useEffect(() => {
    setLabel(scored.label);
    setState({});
  }, [scored]);
  const add = async () => {
    try {
      await api.appendToDataset(text, label);
      setState({ done: `Added to the dataset as ${label}.` });
    } catch (error) {
      setState({ error: error as Error });
    }
  };
  return (
    <div className="mt-3 flex flex-wrap items-end gap-2">
      <Field label="Correct label">
        <select
          className={inputClass}
          value={label}
          onChange={(event) => setLabel(event.target.value as SignalLabel)}
        >
          {SIGNAL_LABELS.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </Field>
      <Button onClick={() => void add()}>Add to dataset</Button>
      {state.done ? (
        <span role="status" className="text-sm text-emerald-300">
          {state.done}
        </span>
      ) : null}
      <ErrorNote error={state.error} />
    </div>
  );
}

function AutoRoute({ scored, recent }: { scored: ScoredSignal | undefined; recent: SignalRow[] }) {
  const api = useApi();
  const config = useLoad(() => api.config(), [api]);
  const current = config.data?.settings.AUTO_ROUTE_MIN_CONF;
  const [threshold, setThreshold] = useState<number>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (typeof current === 'number') setThreshold(current);
  }, [current]);
  if (config.error) return <ErrorNote error={config.error} />;
  if (!config.data) return <Empty>Loading…</Empty>;
  if (typeof current !== 'number' || threshold === undefined) {
    return <Empty>This server has no auto-routing settings.</Empty>;
  }
  const settings = config.data.settings;
  const tradeable = recent.filter((signal) => signal.label !== 'NO-TRADE');
  const passing = tradeable.filter((signal) => signal.confidence >= threshold).length;
  const wouldRoute = scored && scored.label !== 'NO-TRADE' && scored.confidence >= threshold;
  const apply = async () => {
    setError(undefined);
    try {
      await api.updateConfig({ AUTO_ROUTE_MIN_CONF: threshold });
      config.reload();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-400">
        Auto-routing is{' '}
        <strong className={settings.AUTO_ROUTE_ENABLED ? 'text-emerald-300' : 'text-slate-200'}>
          {settings.AUTO_ROUTE_ENABLED ? 'on' : 'off'}
        </strong>
        {settings.AUTO_ROUTE_DRY_RUN ? ' (dry run: records what it would do)' : ''}; threshold now{' '}
        {percent(current)}.
      </p>
      <label className="block">
        <span className="text-xs text-slate-400">Minimum confidence: {percent(threshold)}</span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={threshold}
          onChange={(event) => setThreshold(Number(event.target.value))}
          className="w-full accent-sky-500"
        />
      </label>
      <p aria-live="polite">
        {scored ? (
          <>
            This signal <strong>{wouldRoute ? 'would be routed' : 'would not be routed'}</strong> at{' '}
            {percent(threshold)}.{' '}
          </>
        ) : null}
        {passing} of the last {tradeable.length} BUY/SELL signals pass.
      </p>
      <Button tone="primary" disabled={threshold === current} onClick={() => void apply()}>
        Apply threshold
      </Button>
      <ErrorNote error={error} />
    </div>
  );
}

function RiskPolicy() {
  const api = useApi();
  const policy = useLoad(() => api.riskPolicy(), [api]);
  const [choice, setChoice] = useState<string>();
  const [error, setError] = useState<Error>();
  if (policy.error) return <ErrorNote error={policy.error} />;
  if (!policy.data) return <Empty>Loading…</Empty>;
  const selected = choice ?? policy.data.name;
  const apply = async () => {
    setError(undefined);
    try {
      await api.setRiskPolicy(selected);
      policy.reload();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  const details = policy.data.policies[selected];
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Risk policy">
          <select className={inputClass} value={selected} onChange={(event) => setChoice(event.target.value)}>
            {Object.keys(policy.data.policies).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Button tone="primary" disabled={selected === policy.data.name} onClick={() => void apply()}>
          Apply
        </Button>
      </div>
      {details ? (
        <p className="text-slate-400">
          Stop-loss {details.sl_atr}× ATR, take-profit {details.tp_atr}× ATR, cooldown {details.cooldown_s} s.
          In use: <strong className="text-slate-200">{policy.data.name}</strong>.
        </p>
      ) : null}
      <ErrorNote error={error} />
    </div>
  );
}

function SignalsTable({ signals, loading }: { signals: SignalRow[]; loading: boolean }) {
  const [label, setLabel] = useState<'ALL' | SignalLabel>('ALL');
  const [minConfidence, setMinConfidence] = useState(0);
  const [search, setSearch] = useState('');
  const text = useDebounced(search.trim().toLowerCase(), 200);
  const [page, setPage] = useState(0);
  const [size, setSize] = useState(25);
  const shown = useMemo(
    () =>
      signals.filter(
        (signal) =>
          (label === 'ALL' || signal.label === label) &&
          signal.confidence >= minConfidence &&
          (text === '' ||
            signal.text.toLowerCase().includes(text) ||
            (signal.fe?.symbols ?? []).join(' ').toLowerCase().includes(text)),
      ),
    [signals, label, minConfidence, text],
  );
  useEffect(() => setPage(0), [label, minConfidence, text]);
  return (
    <Card title="Signals">
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <Segmented
          label="Label"
          options={['ALL', ...SIGNAL_LABELS] as const}
          value={label}
          onChange={setLabel}
        />
        <label className="flex flex-col gap-1 text-xs text-slate-400">
          <span>Minimum confidence: {percent(minConfidence)}</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={minConfidence}
            onChange={(event) => setMinConfidence(Number(event.target.value))}
            className="w-40 accent-sky-500"
          />
        </label>
        <Field label="Search" className="min-w-40 flex-1">
          <input
            className={inputClass}
            type="search"
            value={search}
            placeholder="text or symbol"
            onChange={(e) => setSearch(e.target.value)}
          />
        </Field>
      </div>
      {shown.length === 0 ? (
        <Empty>{loading ? 'Loading…' : 'No signals match.'}</Empty>
      ) : (
        <TableShell
          label="Signals"
          headings={['Time', 'Label', 'Confidence', 'Symbols', 'Message', 'Source', 'Routed']}
        >
          <tbody>
            {paginate(shown, page, size).map((signal) => (
              <tr key={signal.id} data-signal-row={signal.trace_id ?? ''}>
                <td className={`${tdClass} whitespace-nowrap text-slate-400`}>
                  {signal.trace_id ? (
                    <Link
                      className="hover:underline"
                      to={`/timeline?trace=${encodeURIComponent(signal.trace_id)}`}
                    >
                      {dateTime(signal.ts)}
                    </Link>
                  ) : (
                    dateTime(signal.ts)
                  )}
                </td>
                <td className={tdClass}>
                  <Badge className={LABEL_STYLES[signal.label]}>{signal.label}</Badge>
                </td>
                <td className={`${tdClass} tabular-nums`}>{percent(signal.confidence)}</td>
                <td className={`${tdClass} whitespace-nowrap`}>
                  {signal.fe?.symbols.join(', ') || signal.symbol || '—'}
                </td>
                <td className={`${tdClass} max-w-xs truncate text-slate-400`} title={signal.text}>
                  {signal.text.replace(/\s+/g, ' ')}
                </td>
                <td className={`${tdClass} text-slate-400`}>{signal.source}</td>
                <td className={tdClass}>
                  <Badge className={ROUTED_STYLES[signal.routed]}>{signal.routed}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </TableShell>
      )}
      <Pagination total={shown.length} page={page} size={size} onPage={setPage} onSize={setSize} />
    </Card>
  );
}

export default function Signals() {
  const api = useApi();
  const [text, setText] = useState('');
  const [scored, setScored] = useState<ScoredSignal>();
  const [ingest, setIngest] = useState<IngestAnswer>();
  const [scoredText, setScoredText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const history = useLoad(() => api.events({ event_type: SIGNAL_TRACE_TYPES, days: 30, limit: 1000 }), [api]);
  const signals = useMemo(() => foldSignals(history.data?.events ?? []), [history.data]);

  // New signals (from here, Telegram or the API) refresh the list, at most once a second.
  useChannel('signals', useCoalesced(history.reload, 1000));

  const run = async (action: 'score' | 'ingest') => {
    setBusy(true);
    setError(undefined);
    try {
      if (action === 'score') {
        setScored(await api.scoreSignal(text));
        setIngest(undefined);
      } else {
        const answer = await api.ingestSignal(text);
        setScored(answer);
        setIngest(answer);
      }
      setScoredText(text);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('score');
  };

  return (
    <>
      <PageHeader title="Signals" />
      <div className="mb-4 grid gap-4 lg:grid-cols-[1fr_22rem]">
        <Card title="Score a message">
          <form onSubmit={submit} className="space-y-3">
            <label className="block text-xs text-slate-400">
              <span>Signal message (as posted in a channel)</span>
              <textarea
                className={`${inputClass} mt-1 block h-36 w-full font-mono`}
                value={text}
                placeholder={EXAMPLE}
                onChange={(event) => setText(event.target.value)}
                aria-invalid={error instanceof ApiError && error.field === 'text'}
              />
            </label>
            <div className="flex flex-wrap gap-2">
              <Button tone="primary" type="submit" disabled={busy || text.trim() === ''}>
                Score
              </Button>
              <Button tone="success" disabled={busy || text.trim() === ''} onClick={() => void run('ingest')}>
                Send to LeviBot
              </Button>
              <Button onClick={() => setText(EXAMPLE)}>Example</Button>
            </div>
            <p className="text-xs text-slate-500">
              Score only reads the message. Send records it (SIGNAL_INGEST, SIGNAL_SCORED) and lets the
              auto-router act on it.
            </p>
          </form>
          <ErrorNote error={error} />
          {scored ? (
            <div className="mt-4">
              <ScoreCard scored={scored} ingest={ingest} />
              <DatasetCorrection text={scoredText} scored={scored} />
            </div>
          ) : null}
        </Card>
        <div className="space-y-4">
          <Card title="Auto-route threshold">
            <AutoRoute scored={scored} recent={signals} />
          </Card>
          <Card title="Risk policy">
            <RiskPolicy />
          </Card>
        </div>
      </div>
      <ErrorNote error={history.error} />
      <SignalsTable signals={signals} loading={history.loading} />
    </>
  );
}
