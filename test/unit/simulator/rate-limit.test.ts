import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';
import { type Harness, startHarness } from './harness.ts';

const tooFrequent = (seconds: number) =>
  `API call too frequent. Try again [${seconds}]s later. Currently [20] times of API call within [60]s is allowed. Excess will be limited!`;

describe('Simulator: rate limit', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function callTimes(h: Harness, times: number) {
    const codes: string[] = [];
    for (let i = 0; i < times; i++) codes.push((await h.call('getRobotList')).ret_code);
    return codes;
  }

  it('allows 20 calls per endpoint per minute and refuses the 21st with the reference message', async () => {
    // Prepare
    const clock = createFakeClock();
    harness = await startHarness({ clock, rateLimit: { calls: 20, windowMs: 60_000 } });
    await harness.token();

    // Act
    const codes = await callTimes(harness, 20);
    await clock.advance(15_500);
    const refused = await harness.call('getRobotList');

    // Assess
    expect(codes.every((c) => c === '000000')).toBe(true);
    expect(refused).toEqual({ ret_code: '229000', ret_msg: tooFrequent(45) });
  });

  it('counts each endpoint separately', async () => {
    // Prepare
    harness = await startHarness({ clock: createFakeClock(), rateLimit: { calls: 20, windowMs: 60_000 } });
    await callTimes(harness, 20);

    // Act
    const other = await harness.call('getChannelList');

    // Assess
    expect(other.ret_code).toBe('000000');
  });

  it('counts every endpoint together with rateLimitScope: account', async () => {
    // Prepare
    const clock = createFakeClock();
    harness = await startHarness({
      clock,
      rateLimit: { calls: 20, windowMs: 60_000 },
      rateLimitScope: 'account',
    });
    await harness.token();
    await callTimes(harness, 20);

    // Act
    const other = await harness.call('getChannelList');

    // Assess
    expect(other).toEqual({ ret_code: '229000', ret_msg: tooFrequent(60) });
  });

  it('slides the window: a slot frees when the oldest call leaves it, and refused calls do not count', async () => {
    // Prepare
    const clock = createFakeClock();
    harness = await startHarness({ clock, rateLimit: { calls: 20, windowMs: 60_000 } });
    await harness.token();
    await harness.call('getRobotList');
    await clock.advance(30_000);
    await callTimes(harness, 19);
    const refusedMeanwhile = await callTimes(harness, 5);

    // Act
    await clock.advance(30_000);
    const afterOldestLeft = await callTimes(harness, 2);

    // Assess
    expect(refusedMeanwhile.every((c) => c === '229000')).toBe(true);
    expect(afterOldestLeft).toEqual(['000000', '229000']);
  });

  it('can be disabled with calls: Infinity', async () => {
    // Prepare
    harness = await startHarness({ rateLimit: { calls: Number.POSITIVE_INFINITY, windowMs: 60_000 } });

    // Act
    const codes = await callTimes(harness, 30);

    // Assess
    expect(new Set(codes)).toEqual(new Set(['000000']));
  });
});
