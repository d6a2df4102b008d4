import { expect, it } from 'vitest';
import { runBusContract } from './bus.contract.js';
import { InProcessBus } from './memory.js';

runBusContract('memory', { create: () => new InProcessBus() });

it('in-process bus - subscriber errors are reported to the owner', () => {
  const errors: unknown[] = [];
  const bus = new InProcessBus((error) => errors.push(error));
  bus.subscribe(() => {
    throw new Error('boom');
  });
  bus.publish([
    {
      id: 1,
      ts: new Date().toISOString(),
      event_type: 'ORDER_NEW',
      severity: 'info',
      source: 't',
      payload: {},
    },
  ]);
  expect(errors).toHaveLength(1);
});
