import { describe, expect, it, vi } from 'vitest';
import { wiredOnFirstEvent } from '../../../src/handlers/cold-start.ts';

describe('Function: wiredOnFirstEvent', () => {
  it('wires nothing until the first event, then once for every event of the sandbox', async () => {
    // Prepare
    const wire = vi.fn(() => async (event: string) => `handled ${event}`);
    const handler = wiredOnFirstEvent(wire);
    const wiredBeforeAnyEvent = wire.mock.calls.length;

    // Act
    const answers = await Promise.all([handler('a'), handler('b')]);
    answers.push(await handler('c'));

    // Assess
    expect(wiredBeforeAnyEvent).toBe(0);
    expect(wire).toHaveBeenCalledTimes(1);
    expect(answers).toEqual(['handled a', 'handled b', 'handled c']);
  });

  it('waits for a wiring that loads its modules first', async () => {
    // Prepare
    const handler = wiredOnFirstEvent(async () => {
      await Promise.resolve();
      return async (left: number, right: number) => left + right;
    });

    // Act
    const sum = await handler(2, 3);

    // Assess
    expect(sum).toBe(5);
  });

  it('wires again on the next event after a wiring that failed, instead of failing every event', async () => {
    // Prepare: the first cold-start wiring finds a variable missing.
    let attempts = 0;
    const handler = wiredOnFirstEvent(() => {
      attempts += 1;
      if (attempts === 1) throw new Error('ARCHIVE_BUCKET: environment variable is required');
      return async () => 'handled';
    });

    // Act
    const first = await handler().catch((error: unknown) => error);
    const second = await handler();

    // Assess
    expect(first).toEqual(new Error('ARCHIVE_BUCKET: environment variable is required'));
    expect(second).toBe('handled');
    expect(attempts).toBe(2);
  });
});
