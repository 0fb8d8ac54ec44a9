import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';

describe('Function: createFakeClock', () => {
  it('wakes sleepers in deadline order, including ones scheduled while advancing', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`c@${clock.now()}`));
    void clock.sleep(100).then(async () => {
      woke.push(`a@${clock.now()}`);
      await clock.sleep(100);
      woke.push(`b@${clock.now()}`);
    });

    // Act
    await clock.advance(250);
    const midway = [...woke];
    await clock.advance(50);

    // Assess
    expect(midway).toEqual(['a@100', 'b@200']);
    expect(woke).toEqual(['a@100', 'b@200', 'c@300']);
    expect(clock.now()).toBe(300);
  });

  it('jumps to each deadline by itself once auto-advance is on', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const stop = clock.autoAdvance();

    // Act
    await clock.sleep(60_000);
    await clock.sleep(5_000);
    stop();

    // Assess
    expect(clock.now()).toBe(65_000);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('rejects a sleep whose signal aborts', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal).catch((e: unknown) => e);

    // Act
    controller.abort(new Error('stop'));

    // Assess
    expect(((await sleeping) as Error).message).toBe('stop');
    expect(clock.pendingSleeps()).toBe(0);
  });
});
