/** Live fan-out of committed events. */
export type { BusListener, EventBus } from './bus.js';
export { InProcessBus } from './memory.js';
