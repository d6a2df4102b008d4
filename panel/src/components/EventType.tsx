/** An event type with its colour swatch, as used in tables, legends and stories. */
import { describeEventType, eventColour } from '../lib/catalogue.js';

export function EventType({ type }: { type: string }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 font-mono text-xs whitespace-nowrap"
      title={describeEventType(type)}
    >
      <span
        aria-hidden
        className="inline-block size-2.5 rounded-full"
        style={{ background: eventColour(type) }}
      />
      {type}
    </span>
  );
}
