import { describe, expect, it } from 'vitest';
import { CATALOGUE_EVENT_TYPES, eventColour } from './catalogue.js';

describe('event colours', () => {
  it('timeline legend - every catalogue event type has a colour of its own', () => {
    const colours = CATALOGUE_EVENT_TYPES.map(eventColour);
    expect(CATALOGUE_EVENT_TYPES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(colours).size).toBe(CATALOGUE_EVENT_TYPES.length);
  });

  it('timeline legend - a type posted by a client gets the same colour every time', () => {
    expect(eventColour('MY_CUSTOM_EVENT')).toBe(eventColour('MY_CUSTOM_EVENT'));
    expect(CATALOGUE_EVENT_TYPES.map(eventColour)).not.toContain(eventColour('MY_CUSTOM_EVENT'));
  });
});
