/** Market: live price cards (ticks over the WebSocket) and a candlestick chart per symbol. */
import { useEffect, useRef, useState } from 'react';
import { useApi, useChannel } from '../api/context.js';
import type { Candle, CandleInterval, Tick } from '../api/types.js';
import { CandleChart } from '../components/CandleChart.js';
import { Card, Empty, ErrorNote, PageHeader, Segmented } from '../components/ui.js';
import { applyTrade, INTERVAL_MS } from '../lib/candles.js';
import { price, time } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';

const INTERVALS: CandleInterval[] = ['1s', '1m', '5m'];
const REFETCH_MS: Record<CandleInterval, number> = { '1s': 5_000, '1m': 15_000, '5m': 30_000 };
const CANDLES = 120;
/** Ticks can arrive hundreds of times a second; the cards repaint at most this often. */
const PAINT_MS = 250;

/** The latest tick of a symbol, repainted at most every PAINT_MS. */
function useLatestTick(symbol: string): Tick | undefined {
  const latest = useRef<Tick | undefined>(undefined);
  const [shown, setShown] = useState<Tick>();
  useChannel(`ticks:${symbol}`, (message) => {
    latest.current = message.data;
  });
  useEffect(() => {
    const timer = setInterval(
      () => setShown((current) => (current === latest.current ? current : latest.current)),
      PAINT_MS,
    );
    return () => clearInterval(timer);
  }, []);
  return shown;
}

function PriceCard({
  symbol,
  selected,
  onSelect,
}: {
  symbol: string;
  selected: boolean;
  onSelect: () => void;
}) {
  const tick = useLatestTick(symbol);
  const previous = useRef<number | null>(null);
  const last = tick?.last ?? null;
  const direction = last !== null && previous.current !== null ? Math.sign(last - previous.current) : 0;
  useEffect(() => {
    if (last !== null) previous.current = last;
  }, [last]);
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-pressed={selected}
      data-price-card={symbol}
      className={`rounded-lg border p-4 text-left ${selected ? 'border-sky-600 bg-sky-950/40' : 'border-slate-800 bg-slate-900/70 hover:border-slate-600'}`}
    >
      <div className="flex items-baseline justify-between gap-2">
        <span className="font-semibold text-slate-100">{symbol}</span>
        <span className="text-xs text-slate-500">{tick ? time(tick.ts) : 'waiting for ticks'}</span>
      </div>
      <div
        data-last-price
        className={`mt-2 text-2xl font-semibold tabular-nums ${direction > 0 ? 'text-emerald-400' : direction < 0 ? 'text-rose-400' : 'text-slate-100'}`}
      >
        {price(last)}
      </div>
      <div className="mt-1 flex gap-4 text-xs text-slate-400 tabular-nums">
        <span>bid {price(tick?.bid)}</span>
        <span>ask {price(tick?.ask)}</span>
      </div>
    </button>
  );
}

function Chart({ symbol, interval }: { symbol: string; interval: CandleInterval }) {
  const api = useApi();
  const fetched = useLoad(
    () => api.candles(symbol, interval, CANDLES),
    [api, symbol, interval],
    REFETCH_MS[interval],
  );
  const [candles, setCandles] = useState<Candle[]>([]);
  useEffect(() => {
    if (fetched.data) setCandles(fetched.data.candles);
  }, [fetched.data]);
  const pending = useRef<Tick[]>([]);
  useChannel(`ticks:${symbol}`, (message) => {
    if (message.data.qty > 0 && message.data.last !== null) pending.current.push(message.data);
  });
  useEffect(() => {
    pending.current = [];
    const timer = setInterval(() => {
      if (pending.current.length === 0) return;
      const trades = pending.current;
      pending.current = [];
      setCandles((current) =>
        trades.reduce(
          (acc, tick) => applyTrade(acc, tick.ts, tick.last!, tick.qty, INTERVAL_MS[interval], CANDLES),
          current,
        ),
      );
    }, PAINT_MS);
    return () => clearInterval(timer);
  }, [symbol, interval]);
  return (
    <>
      <ErrorNote error={fetched.error} />
      {candles.length > 0 ? (
        <CandleChart candles={candles} label={`${symbol} ${interval} candles`} />
      ) : (
        <Empty>{fetched.loading ? 'Loading candles…' : 'No candles yet for this symbol.'}</Empty>
      )}
    </>
  );
}

export default function Market() {
  const api = useApi();
  const symbols = useLoad(() => api.symbols(), [api], 30_000);
  const [chosen, setChosen] = useState<string>();
  const [interval, setInterval] = useState<CandleInterval>('1m');
  const list = symbols.data?.symbols.length ? symbols.data.symbols : (symbols.data?.configured ?? []);
  const symbol = chosen ?? list[0];
  return (
    <>
      <PageHeader title="Market">
        {symbols.data ? (
          <span className="text-xs text-slate-500">
            feed: {symbols.data.feed.kind} · {symbols.data.feed.status}
          </span>
        ) : null}
      </PageHeader>
      <ErrorNote error={symbols.error} />
      {list.length === 0 ? (
        <Empty>{symbols.loading ? 'Loading…' : 'The feed carries no symbols yet.'}</Empty>
      ) : (
        <>
          <div className="mb-4 grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            {list.map((each) => (
              <PriceCard
                key={each}
                symbol={each}
                selected={each === symbol}
                onSelect={() => setChosen(each)}
              />
            ))}
          </div>
          {symbol ? (
            <Card
              title={`${symbol} candles`}
              actions={
                <Segmented
                  label="Candle interval"
                  options={INTERVALS}
                  value={interval}
                  onChange={setInterval}
                />
              }
            >
              <Chart key={`${symbol}-${interval}`} symbol={symbol} interval={interval} />
            </Card>
          ) : null}
        </>
      )}
    </>
  );
}
