/**
 * The contract every Bus adapter passes. An adapter's test file is one call:
 * `runBusContract('memory', () => new InProcessBus())`. Delivery may be asynchronous (a broker
 * adapter reads its stream in the background), so every expectation waits for delivery.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Severity, StoredEvent } from '../events/model.js';
import type { BusQueue, EventBus, QueueBatch } from './bus.js';

export interface BusContractOptions {
  /** A fresh, empty bus. */
  create: () => EventBus | Promise<EventBus>;
}

let nextId = 1;

function event(fields: Partial<StoredEvent> & { event_type: string }): StoredEvent {
  return {
    id: nextId++,
    ts: new Date(Date.UTC(2024, 7, 9, 12)).toISOString(),
    severity: 'info' as Severity,
    source: 'contract',
    payload: {},
    ...fields,
  };
}

/** Let a background delivery run: resolves once `done()` holds, fails after 2 s. */
async function eventually(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the bus did not deliver within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Publish a marker nobody filters out and wait until `queue` has it: everything before it was delivered too. */
async function settle(bus: EventBus, queue: { take(): QueueBatch }, into: StoredEvent[]): Promise<void> {
  const marker = event({ event_type: 'CONTRACT_MARKER', severity: 'critical', symbol: 'ZZZ/USDT' });
  bus.publish([marker]);
  let seen = false;
  await eventually(() => {
    for (const message of queue.take().messages) {
      if (message.id === marker.id) seen = true;
      else into.push(message.event);
    }
    return seen;
  });
}

export function runBusContract(adapter: string, options: BusContractOptions): void {
  describe(`bus contract (${adapter})`, () => {
    let bus: EventBus;
    const open: BusQueue[] = [];

    const fresh = async () => {
      bus = await options.create();
      return bus;
    };

    afterEach(async () => {
      for (const queue of open.splice(0)) queue.close();
      await bus?.close();
    });

    it(`bus (${adapter}) - a listener receives every published event in id order`, async () => {
      await fresh();
      const seen: number[] = [];
      bus.subscribe((events) => seen.push(...events.map((e) => e.id)));
      const batch = [event({ event_type: 'ORDER_NEW' }), event({ event_type: 'ORDER_FILLED' })];
      bus.publish(batch);
      bus.publish([event({ event_type: 'POSITION_OPENED' })]);
      await eventually(() => seen.length === 3);
      expect(seen).toEqual([...batch.map((e) => e.id), batch[1]!.id + 1]);
    });

    it(`bus (${adapter}) - a filtered listener receives only matching events`, async () => {
      await fresh();
      const seen: StoredEvent[] = [];
      bus.subscribe((events) => seen.push(...events), { eventTypes: ['ORDER_NEW'], symbol: 'BTC/USDT' });
      const wanted = event({ event_type: 'ORDER_NEW', symbol: 'BTC/USDT' });
      bus.publish([
        event({ event_type: 'ORDER_NEW', symbol: 'ETH/USDT' }),
        wanted,
        event({ event_type: 'ORDER_FILLED' }),
      ]);
      const last = event({ event_type: 'ORDER_NEW', symbol: 'BTC/USDT' });
      bus.publish([last]);
      await eventually(() => seen.length === 2);
      expect(seen.map((e) => e.id)).toEqual([wanted.id, last.id]);
    });

    it(`bus (${adapter}) - a queue holds only events matching every part of its filter`, async () => {
      await fresh();
      const queue = bus.openQueue({
        filter: { eventTypes: ['SIGNAL_SCORED', 'CONTRACT_MARKER'], minSeverity: 'warning' },
        onReadable: () => {},
      });
      open.push(queue);
      const matching = [
        event({ event_type: 'SIGNAL_SCORED', severity: 'warning' }),
        event({ event_type: 'SIGNAL_SCORED', severity: 'critical' }),
      ];
      bus.publish([
        event({ event_type: 'SIGNAL_SCORED', severity: 'info' }),
        matching[0]!,
        event({ event_type: 'ORDER_NEW', severity: 'error' }),
        matching[1]!,
      ]);
      const received: StoredEvent[] = [];
      await settle(bus, queue, received);
      expect(received.map((e) => e.id)).toEqual(matching.map((e) => e.id));
    });

    it(`bus (${adapter}) - symbol, trace and time filters match exactly`, async () => {
      await fresh();
      const queue = bus.openQueue({
        filter: {
          symbol: 'BTC/USDT',
          traceId: 't-1',
          sinceMs: Date.UTC(2024, 7, 9),
          untilMs: Date.UTC(2024, 7, 10),
        },
        onReadable: () => {},
      });
      open.push(queue);
      const wanted = event({ event_type: 'ORDER_NEW', symbol: 'BTC/USDT', trace_id: 't-1' });
      bus.publish([
        event({ event_type: 'ORDER_NEW', symbol: 'BTC/USDT', trace_id: 't-2' }),
        event({ event_type: 'ORDER_NEW', symbol: 'ETH/USDT', trace_id: 't-1' }),
        event({
          event_type: 'ORDER_NEW',
          symbol: 'BTC/USDT',
          trace_id: 't-1',
          ts: '2024-08-10T00:00:00.000Z',
        }),
        wanted,
      ]);
      const all = bus.openQueue({ onReadable: () => {} });
      open.push(all);
      const received: StoredEvent[] = [];
      const marker = event({ event_type: 'ORDER_NEW', symbol: 'BTC/USDT', trace_id: 't-1' });
      bus.publish([marker]);
      await eventually(() => {
        received.push(...queue.take().messages.map((m) => m.event));
        return received.some((e) => e.id === marker.id);
      });
      expect(received.map((e) => e.id)).toEqual([wanted.id, marker.id]);
    });

    it(`bus (${adapter}) - q matches whole words and phrases as the store does, * as a prefix`, async () => {
      await fresh();
      const phrase = bus.openQueue({ filter: { q: 'btc/usdt long' }, onReadable: () => {} });
      const prefix = bus.openQueue({ filter: { q: 'breakou*' }, onReadable: () => {} });
      open.push(phrase, prefix);
      const both = event({ event_type: 'SIGNAL_INGEST', payload: { text: 'BTC/USDT LONG breakout now' } });
      const reversed = event({ event_type: 'SIGNAL_INGEST', payload: { text: 'USDT/BTC long, breaks' } });
      const partialWord = event({ event_type: 'SIGNAL_INGEST', payload: { text: 'BTC/USDT longer breaks' } });
      bus.publish([both, reversed, partialWord]);
      const fromPhrase: StoredEvent[] = [];
      const fromPrefix: StoredEvent[] = [];
      const marker = event({ event_type: 'SIGNAL_INGEST', payload: { text: 'btc usdt long breakout' } });
      bus.publish([marker]);
      await eventually(() => {
        fromPhrase.push(...phrase.take().messages.map((m) => m.event));
        fromPrefix.push(...prefix.take().messages.map((m) => m.event));
        return fromPhrase.some((e) => e.id === marker.id) && fromPrefix.some((e) => e.id === marker.id);
      });
      expect(fromPhrase.map((e) => e.id)).toEqual([both.id, marker.id]);
      expect(fromPrefix.map((e) => e.id)).toEqual([both.id, marker.id]);
    });

    it(`bus (${adapter}) - subscribers share one serialisation of each event`, async () => {
      await fresh();
      const first = bus.openQueue({ onReadable: () => {} });
      const second = bus.openQueue({ filter: { eventTypes: ['ORDER_NEW'] }, onReadable: () => {} });
      open.push(first, second);
      const published = event({
        event_type: 'ORDER_NEW',
        symbol: 'BTC/USDT',
        payload: { qty: 1.5, note: 'é' },
      });
      bus.publish([published]);
      let a: QueueBatch | undefined;
      let b: QueueBatch | undefined;
      await eventually(() => {
        a = a?.messages.length ? a : first.take();
        b = b?.messages.length ? b : second.take();
        return a.messages.length > 0 && b.messages.length > 0;
      });
      const message = a!.messages[0]!;
      expect(b!.messages[0]).toBe(message);
      expect(JSON.parse(message.json)).toEqual(published);
      expect(message.bytes).toBe(Buffer.byteLength(message.json));
    });

    it(`bus (${adapter}) - a queue signals readable once until it is taken`, async () => {
      await fresh();
      let signals = 0;
      const queue = bus.openQueue({ onReadable: () => signals++ });
      open.push(queue);
      bus.publish([event({ event_type: 'ORDER_NEW' })]);
      bus.publish([event({ event_type: 'ORDER_NEW' })]);
      await eventually(() => signals > 0);
      const taken: StoredEvent[] = [];
      await eventually(() => {
        taken.push(...queue.take().messages.map((m) => m.event));
        return taken.length === 2;
      });
      expect(signals).toBe(1);
      bus.publish([event({ event_type: 'ORDER_NEW' })]);
      await eventually(() => signals === 2);
    });

    it(`bus (${adapter}) - an overflowing queue drops, reports the gap once, then accepts again`, async () => {
      await fresh();
      const drops: boolean[] = [];
      const events = Array.from({ length: 20 }, (_, i) =>
        event({ event_type: 'ORDER_NEW', payload: { pad: 'x'.repeat(100), i } }),
      );
      const size = Buffer.byteLength(JSON.stringify(events[0]));
      const slow = bus.openQueue({
        maxBytes: size * 5,
        onReadable: () => {},
        onDrop: (first) => drops.push(first),
      });
      const fast = bus.openQueue({ onReadable: () => {} });
      open.push(slow, fast);
      for (const e of events) bus.publish([e]);

      const fastSeen: StoredEvent[] = [];
      await eventually(() => {
        fastSeen.push(...fast.take().messages.map((m) => m.event));
        return fastSeen.length === events.length;
      });
      const batch = slow.take();
      expect(batch.messages.map((m) => m.id)).toEqual(events.slice(0, 5).map((e) => e.id));
      expect(batch.gap).toEqual({ lastId: events[4]!.id, dropped: 15 });
      expect(slow.droppedTotal).toBe(15);
      expect(drops).toEqual([true, ...Array.from({ length: 14 }, () => false)]);
      expect(slow.queuedBytes).toBe(0);

      const after = event({ event_type: 'ORDER_NEW' });
      bus.publish([after]);
      const later: StoredEvent[] = [];
      await settle(bus, slow, later);
      expect(later.map((e) => e.id)).toEqual([after.id]);
    });

    it(`bus (${adapter}) - a closed queue or unsubscribed listener receives nothing more`, async () => {
      await fresh();
      const seen: StoredEvent[] = [];
      const unsubscribe = bus.subscribe((events) => seen.push(...events));
      let signals = 0;
      const queue = bus.openQueue({ onReadable: () => signals++ });
      const witness = bus.openQueue({ onReadable: () => {} });
      open.push(witness);
      unsubscribe();
      queue.close();
      queue.close();
      const received: StoredEvent[] = [];
      bus.publish([event({ event_type: 'ORDER_NEW' })]);
      await settle(bus, witness, received);
      expect(received).toHaveLength(1);
      expect(seen).toEqual([]);
      expect(signals).toBe(0);
      expect(queue.take().messages).toEqual([]);
    });

    it(`bus (${adapter}) - a failing subscriber does not stop delivery to the others`, async () => {
      await fresh();
      bus.subscribe(() => {
        throw new Error('listener bug');
      });
      const seen: StoredEvent[] = [];
      bus.subscribe((events) => seen.push(...events));
      const queue = bus.openQueue({
        onReadable: () => {
          throw new Error('consumer bug');
        },
      });
      open.push(queue);
      bus.publish([event({ event_type: 'ORDER_NEW' })]);
      await eventually(() => seen.length === 1);
      const received: StoredEvent[] = [];
      await settle(bus, queue, received);
      expect(received).toHaveLength(1);
    });
  });
}
