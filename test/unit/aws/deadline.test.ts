import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineError, deadlineSignal } from '../../../src/handlers/deadline.ts';

const contextWith = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

describe('Function: deadlineSignal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires the margin before the remaining time runs out', () => {
    // Prepare
    const deadline = deadlineSignal(contextWith(900_000), 30_000);

    // Act
    vi.advanceTimersByTime(869_999);
    const beforeMargin = deadline.signal.aborted;
    vi.advanceTimersByTime(1);

    // Assess
    expect(beforeMargin).toBe(false);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineError);
  });

  it('is already aborted when less time than the margin remains', () => {
    // Prepare
    const context = contextWith(10_000);

    // Act
    const deadline = deadlineSignal(context, 30_000);

    // Assess
    expect(deadline.signal.aborted).toBe(true);
  });

  it('never fires once disposed', () => {
    // Prepare
    const deadline = deadlineSignal(contextWith(60_000), 30_000);

    // Act
    deadline.dispose();
    vi.advanceTimersByTime(60_000);

    // Assess
    expect(deadline.signal.aborted).toBe(false);
  });
});
