/** Live fan-out of committed events: the Bus port, its adapters and the contract they share. */

// The port
export {
  type BusListener,
  type BusQueue,
  type EventBus,
  type QueueBatch,
  type QueueGap,
  type QueueOptions,
  DEFAULT_QUEUE_BYTES,
} from './bus.js';
export { BusMessage } from './message.js';

// Adapters
export { InProcessBus } from './memory.js';
export { RedisStreamsBus } from './redis.js';

// For adapters: the per-process fan-out and the filter evaluation they share
export { Fanout } from './fanout.js';
export { OrderedRelay } from './relay.js';
export { compileFilter, type MessageMatcher } from './filter.js';
