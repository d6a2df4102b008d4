import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCoalesced } from './hooks.js';

describe('useCoalesced', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the action once per interval however many calls came in it', () => {
    const action = vi.fn();
    const { result } = renderHook(() => useCoalesced(action, 500));
    result.current();
    result.current();
    result.current();
    vi.advanceTimersByTime(499);
    expect(action).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(action).toHaveBeenCalledTimes(1);
    result.current();
    vi.advanceTimersByTime(500);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('runs the latest action it was given, and nothing after unmount', () => {
    const first = vi.fn();
    const second = vi.fn();
    const { result, rerender, unmount } = renderHook(({ action }) => useCoalesced(action, 500), {
      initialProps: { action: first },
    });
    result.current();
    rerender({ action: second });
    vi.advanceTimersByTime(500);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    result.current();
    unmount();
    vi.advanceTimersByTime(500);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
