import { afterEach, describe, expect, it } from 'vitest';
import { createSobotClient } from '../../../src/adapters/sobot/client.ts';
import { SlidingWindowRateLimiter } from '../../../src/adapters/sobot/rate-limiter.ts';
import type { ChatRow } from '../../../src/core/sections/chats.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import * as stats from '../../support/stats-requests.ts';
import { BASE_URL, createMockSobot, createStaticTokens, ok } from './mock-sobot.ts';

const RANGE = { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' };

/** The most calls found in any window of `windowMs` starting at one of the calls. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(...sorted.map((start) => sorted.filter((t) => t >= start && t < start + windowMs).length));
}

describe('Class: SlidingWindowRateLimiter', () => {
  it('grants waiting calls first come, first served as the window frees up', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const limiter = new SlidingWindowRateLimiter(clock, { calls: 1, windowMs: 1_000, marginMs: 0 });
    const granted: string[] = [];
    const acquire = (name: string) =>
      limiter.acquire('getStat').then(() => granted.push(`${name}@${clock.now()}`));

    // Act
    const all = Promise.all([acquire('a'), acquire('b'), acquire('c')]);
    await clock.advance(2_000);
    await all;

    // Assess
    expect(granted).toEqual(['a@0', 'b@1000', 'c@2000']);
  });

  it('counts a slow call from when it finished, as the server may have counted it late', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const limiter = new SlidingWindowRateLimiter(clock, { calls: 1, windowMs: 1_000, marginMs: 0 });
    const done = await limiter.acquire('getStat');
    await clock.advance(400);
    done();

    // Act
    let grantedAt: number | null = null;
    const next = limiter.acquire('getStat').then(() => {
      grantedAt = clock.now();
    });
    await clock.advance(600);
    const atOneWindowFromGrant = grantedAt;
    await clock.advance(400);
    await next;

    // Assess
    expect(atOneWindowFromGrant).toBeNull();
    expect(grantedAt).toBe(1_400);
  });

  it('adds the safety margin to the window', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const limiter = new SlidingWindowRateLimiter(clock, { calls: 1, windowMs: 1_000, marginMs: 250 });
    await limiter.acquire('getStat');

    // Act
    let second = false;
    const pending = limiter.acquire('getStat').then(() => {
      second = true;
    });
    await clock.advance(1_249);
    const beforeMargin = second;
    await clock.advance(1);
    await pending;

    // Assess
    expect(beforeMargin).toBe(false);
    expect(second).toBe(true);
  });

  it('holds queued and new calls on a paused key while other keys go on', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const limiter = new SlidingWindowRateLimiter(clock, { calls: 5, windowMs: 1_000, marginMs: 0 });
    limiter.pause('getStat', 3_000);

    // Act
    const paused = limiter.acquire('getStat').then(() => clock.now());
    const other = await limiter.acquire('getMsgStat').then(() => clock.now());
    await clock.advance(3_000);

    // Assess
    expect(other).toBe(0);
    expect(await paused).toBe(3_000);
  });
});

describe('Class: SlidingWindowRateLimiter, the call about to start', () => {
  it('gives the slot back and waits out a pause that began while the call waited for its token', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const limiter = new SlidingWindowRateLimiter(clock, { calls: 5, windowMs: 1_000, marginMs: 0 });
    let tokenArrives: (token: string) => void = () => {};
    const token = new Promise<string>((resolve) => {
      tokenArrives = resolve;
    });
    let startedAt: number | null = null;
    const starting = limiter
      .start('getStat', () => token)
      .then((slot) => {
        startedAt = clock.now();
        return slot.value;
      });
    await clock.advance(0);

    // Act
    limiter.refused('getStat', 2_000);
    await clock.advance(500);
    tokenArrives('token-new');
    await clock.advance(1_499);
    const beforePauseEnds = startedAt;
    await clock.advance(1);

    // Assess
    expect(beforePauseEnds).toBeNull();
    expect(await starting).toBe('token-new');
    expect(startedAt).toBe(2_000);
  });

  it('paces every key as one account from a 229000 on a lane that had room, and says so once', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const switched: string[] = [];
    const limiter = new SlidingWindowRateLimiter(
      clock,
      { calls: 2, windowMs: 1_000, marginMs: 0 },
      { onAccountWide: ({ key }) => switched.push(key) },
    );
    (await limiter.acquire('getStat'))();

    // Act
    limiter.refused('getStat', 0);
    const granted = Promise.all(
      ['getMsgStat', 'getGeneral', 'getMsgStat', 'getRobotList'].map((key) =>
        limiter.acquire(key).then(() => clock.now()),
      ),
    );
    await clock.advance(3_000);
    limiter.refused('getGeneral', 0);

    // Assess: two calls a second in all, whatever the endpoint
    expect(await granted).toEqual([0, 1_000, 1_000, 2_000]);
    expect(switched).toEqual(['getStat']);
  });

  it('keeps the lanes apart on a 229000 when the refused lane was full', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const switched: string[] = [];
    const limiter = new SlidingWindowRateLimiter(
      clock,
      { calls: 1, windowMs: 1_000, marginMs: 0 },
      { onAccountWide: ({ key }) => switched.push(key) },
    );
    (await limiter.acquire('getStat'))();

    // Act
    limiter.refused('getStat', 5_000);
    const other = await limiter.acquire('getMsgStat').then(() => clock.now());

    // Assess
    expect(switched).toEqual([]);
    expect(other).toBe(0);
  });
});

describe('Function: createSobotClient rate limiting', () => {
  const sobot = createMockSobot();
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
  });

  it('never exceeds 20 calls in any 60 s window per endpoint while two endpoints page in parallel', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const seen: Record<string, number[]> = { getStat: [], getMsgStat: [] };
    const pageOf = (endpoint: string) => (body: Record<string, unknown>) => {
      seen[endpoint]?.push(clock.now());
      const items = [{ source: String(body.page) }];
      return ok({ page_no: Number(body.page), page_count: 60, total_count: 6000, items });
    };
    sobot.on('getStat', pageOf('getStat'));
    sobot.on('getMsgStat', pageOf('getMsgStat'));
    const client = createSobotClient({
      baseUrl: BASE_URL,
      tokenProvider: createStaticTokens().provider,
      fetch: sobot.fetch,
      clock,
    });
    stop = clock.autoAdvance();
    const query = { range: RANGE, searchWay: 3 as const, summaryWay: 1 as const };

    // Act
    const [chats, messages] = (await Promise.all([
      client.fetch(stats.chatStats(query)),
      client.fetch(stats.messageStats(query)),
    ])) as [ChatRow[], unknown[]];

    // Assess: one row a page, so the rows show every page, in order
    expect(chats.map((row) => row.source)).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)));
    expect(messages).toHaveLength(60);
    for (const times of Object.values(seen)) {
      expect(times).toHaveLength(60);
      expect(busiestWindow(times, 60_000)).toBe(20);
      expect(times.filter((t) => t === 0)).toHaveLength(20);
      // Three full windows: the run ends at the limit's floor (two windows plus margins), not later.
      expect(Math.max(...times)).toBe(2 * 60_500);
    }
    expect(client.calls()).toBe(120);
  });

  it('paces two clients that share one limiter as one account', async () => {
    // Prepare
    const clock = createFakeClock(0);
    const seen: number[] = [];
    sobot.on('getRobotList', () => {
      seen.push(clock.now());
      return ok({ items: [] });
    });
    const rateLimiter = new SlidingWindowRateLimiter(clock, { calls: 2, windowMs: 60_000, marginMs: 0 });
    const open = () =>
      createSobotClient({
        baseUrl: BASE_URL,
        tokenProvider: createStaticTokens().provider,
        fetch: sobot.fetch,
        clock,
        rateLimiter,
      });
    const [english, chinese] = [open(), open()];
    stop = clock.autoAdvance();

    // Act
    await Promise.all([
      english.fetch(stats.robots()),
      chinese.fetch(stats.robots()),
      english.fetch(stats.robots()),
      chinese.fetch(stats.robots()),
    ]);

    // Assess
    expect(seen).toEqual([0, 0, 60_000, 60_000]);
  });
});
