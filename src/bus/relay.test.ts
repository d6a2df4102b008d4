import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events/model.js';
import { BusMessage } from './message.js';
import { OrderedRelay } from './relay.js';

function stored(id: number): StoredEvent {
  return {
    id,
    ts: new Date(0).toISOString(),
    event_type: 'RELAY_TEST',
    severity: 'info',
    source: 't',
    payload: { id },
  };
}
const messages = (...ids: number[]) => ids.map((id) => new BusMessage(stored(id)));

function relay(store: StoredEvent[] = [], startAfter = 0) {
  const delivered: number[] = [];
  const reads: [number, number][] = [];
  const instance = new OrderedRelay({
    startAfter,
    gapWaitMs: 5,
    readAfter: async (afterId, limit) => {
      reads.push([afterId, limit]);
      return store.filter((event) => event.id > afterId).slice(0, limit);
    },
    deliver: (batch) => delivered.push(...batch.map((message) => message.id)),
    onError: (error) => {
      throw error;
    },
  });
  return { instance, delivered, reads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

describe('ordered relay', () => {
  it('delivers in id order whatever the arrival order, each id once', async () => {
    const { instance, delivered, reads } = relay();
    instance.offer(messages(2, 3));
    instance.offer(messages(1));
    instance.offer(messages(3, 1, 4));
    instance.offer(messages(4, 5));
    await settle();
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(reads).toEqual([]);
  });

  it('waits briefly for a missing id, then reads it from the store', async () => {
    const { instance, delivered, reads } = relay([stored(1), stored(2), stored(3)]);
    instance.offer(messages(1, 3));
    expect(delivered).toEqual([1]);
    await settle();
    expect(delivered).toEqual([1, 2, 3]);
    expect(reads).toEqual([[1, 1]]);
  });

  it('an id arriving within the wait needs no store read', async () => {
    const { instance, delivered, reads } = relay([stored(1), stored(2), stored(3)]);
    instance.offer(messages(1, 3));
    instance.offer(messages(2));
    await settle();
    expect(delivered).toEqual([1, 2, 3]);
    expect(reads).toEqual([]);
  });

  it('skips a hole the store does not have either', async () => {
    const { instance, delivered } = relay([stored(1), stored(4)]);
    instance.offer(messages(1, 4));
    await settle();
    expect(delivered).toEqual([1, 4]);
  });

  it('catches up from the store after an outage, then ignores the late copies', async () => {
    const store = Array.from({ length: 2500 }, (_, i) => stored(i + 1));
    const { instance, delivered } = relay(store);
    await instance.catchUp();
    expect(delivered).toHaveLength(2500);
    instance.offer(messages(2499, 2500));
    await settle();
    expect(delivered).toHaveLength(2500);
    expect(delivered).toEqual(store.map((event) => event.id));
  });

  it('starts after the given id', async () => {
    const { instance, delivered } = relay([], 10);
    instance.offer(messages(9, 10, 11));
    expect(delivered).toEqual([11]);
  });
});
