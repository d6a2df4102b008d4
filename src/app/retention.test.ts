import { describe, expect, it } from 'vitest';
import { createTestLeviBot } from './testing/app.js';

describe('retention', () => {
  it('events older than EVENT_RETENTION_DAYS are deleted at start, newer ones kept', async () => {
    const first = await createTestLeviBot({ EVENT_RETENTION_DAYS: '60' });
    const day = 86_400_000;
    await first.log.emit(
      { ts: new Date(Date.now() - 90 * day).toISOString(), event_type: 'ANCIENT', source: 'test' },
      { ts: new Date(Date.now() - 10 * day).toISOString(), event_type: 'RECENT', source: 'test' },
    );
    await first.close();
    const second = await createTestLeviBot({ DATA_DIR: first.dataDir, EVENT_RETENTION_DAYS: '30' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const types = (await second.store.query({ limit: 10, order: 'asc' })).events.map(
      (event) => event.event_type,
    );
    expect(types).toEqual(['RECENT']);
    await second.destroy();
  });
});
