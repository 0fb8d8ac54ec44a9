import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSobotClient, type SobotClientOptions } from '../../../src/adapters/sobot/client.ts';
import {
  SobotInputError,
  SobotMalformedJsonError,
  SobotRateLimitError,
  SobotResponseError,
  SobotServerError,
  SobotTransportError,
} from '../../../src/adapters/sobot/errors.ts';
import type { Fetch } from '../../../src/adapters/sobot/transport.ts';
import type { ChatRow } from '../../../src/core/sections/chats.ts';
import type { CustomerOverview } from '../../../src/core/sections/customers.ts';
import { ENDPOINTS } from '../../../src/core/sobot/endpoints.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { requestTimeoutsOnCue, timingOut } from '../../support/request-timeouts.ts';
import * as stats from '../../support/stats-requests.ts';
import { BASE_URL, createMockSobot, createStaticTokens, failure, ok } from './mock-sobot.ts';

const RANGE = { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' };
const QUERY = { range: RANGE, searchWay: 2 as const };
const BREAKDOWN = { range: RANGE, searchWay: 3 as const, summaryWay: 1 as const };
const TOO_FREQUENT = (seconds: number) =>
  failure(
    '229000',
    `API call too frequent. Try again [${seconds}]s later. Currently [20] times of API call within [60]s is allowed.`,
  );

function statPage(pageNo: number, pageCount = 3) {
  return ok({
    page_no: pageNo,
    page_count: pageCount,
    total_count: pageCount,
    items: [{ source: String(pageNo), human_consult: pageNo }],
  });
}

function setup(overrides: Partial<SobotClientOptions> = {}, wrapFetch = (fetch: Fetch) => fetch) {
  const sobot = createMockSobot();
  const clock = createFakeClock();
  const tokens = createStaticTokens();
  const retries: { endpoint: string; attempt: number; waitMs: number; reason: string }[] = [];
  const client = createSobotClient({
    baseUrl: BASE_URL,
    tokenProvider: tokens.provider,
    fetch: wrapFetch(sobot.fetch),
    clock,
    random: () => 0.5,
    retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000 },
    events: { onRetry: (event) => retries.push(event) },
    ...overrides,
  });
  return { sobot, clock, tokens, client, retries };
}

describe('Function: createSobotClient under faults', () => {
  let cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup) await step();
    cleanup = [];
  });

  it('waits the seconds a 229000 names on that endpoint only when its own lane is full, then succeeds', async () => {
    // Prepare: one call per lane, so the refused call filled its lane and the refusal is the endpoint's.
    const { sobot, clock, client } = setup({ rateLimit: { calls: 1, windowMs: 1, marginMs: 0 } });
    cleanup.push(sobot.close);
    const seenAt: Record<string, number[]> = { getGeneral: [], getRobotReception: [] };
    sobot.on('getGeneral', (_b, index) => {
      seenAt.getGeneral?.push(clock.now());
      return index === 0 ? TOO_FREQUENT(7) : ok({ item: { valid_visitor_total: index } });
    });
    sobot.on('getRobotReception', () => {
      seenAt.getRobotReception?.push(clock.now());
      return ok({ item: { robot_reception_num: 1 } });
    });
    const start = clock.now();

    // Act
    const throttled = client.fetch(stats.customerOverview(QUERY));
    await clock.advance(10);
    const queuedBehind = client.fetch(stats.customerOverview(QUERY));
    const otherEndpoint = await client.fetch(stats.robotReception(QUERY));
    await clock.advance(6_990 - 1);
    const waitingAfterPause = clock.pendingSleeps();
    await clock.advance(1);
    await clock.advance(1);
    const [first, second] = await Promise.all([throttled, queuedBehind]);

    // Assess
    expect(otherEndpoint).toEqual({ robot_reception_num: 1 });
    expect(waitingAfterPause).toBe(1);
    expect(first).toEqual({ valid_visitor_total: 1 });
    expect(second).toEqual({ valid_visitor_total: 2 });
    expect(seenAt.getRobotReception).toEqual([start + 10]);
    expect(seenAt.getGeneral).toEqual([start, start + 7_000, start + 7_001]);
  });

  it('gives up with SobotRateLimitError after the allowed consecutive 229000 answers', async () => {
    // Prepare
    const { sobot, clock, client } = setup({ maxRateLimitRetries: 2 });
    cleanup.push(sobot.close, clock.autoAdvance());
    sobot.on('getGeneral', () => TOO_FREQUENT(1));

    // Act
    const error = await client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotRateLimitError);
    expect((error as SobotRateLimitError).message).toContain('after 3 consecutive');
    expect(client.calls()).toBe(3);
  });

  it('refreshes a token invalidated mid-run once and retries the rejected page with the new one', async () => {
    // Prepare
    const { sobot, clock, client, tokens } = setup();
    cleanup.push(sobot.close, clock.autoAdvance());
    const initial = tokens.current();
    sobot.on('getStat', (body, _i, headers) =>
      body.page === '2' && headers.token === initial
        ? failure('900002', 'Token invalid or not found. Get a new one!')
        : statPage(Number(body.page)),
    );

    // Act
    const rows = (await client.fetch(stats.chatStats(BREAKDOWN))) as ChatRow[];

    // Assess
    expect(rows.map((r) => r.source)).toEqual(['1', '2', '3']);
    expect(tokens.refreshes()).toBe(1);
    const pageTwo = sobot.requests.filter((r) => r.body.page === '2').map((r) => r.headers.token);
    expect(pageTwo).toEqual([initial, tokens.current()]);
  });

  it('retries 999999 bursts and an HTTP 502 mid-paging with growing jittered backoff, then completes', async () => {
    // Prepare
    const { sobot, clock, client, retries } = setup();
    cleanup.push(sobot.close, clock.autoAdvance());
    const attempts = new Map<string, number>();
    sobot.on('getStat', (body) => {
      const page = String(body.page);
      const attempt = (attempts.get(page) ?? 0) + 1;
      attempts.set(page, attempt);
      if (page === '2' && attempt <= 2) return failure('999999', 'Unknown System Exception');
      if (page === '3' && attempt === 1) return { status: 502, text: '<html>Bad Gateway</html>' };
      return statPage(Number(page));
    });

    // Act
    const rows = (await client.fetch(stats.chatStats(BREAKDOWN))) as ChatRow[];

    // Assess
    expect(rows.map((r) => r.human_consult)).toEqual([1, 2, 3]);
    expect(client.calls()).toBe(6);
    expect(retries.filter((r) => r.reason === '999999').map((r) => r.waitMs)).toEqual([500, 1_000]);
    expect(retries.filter((r) => r.reason === 'HTTP 502').map((r) => r.waitMs)).toEqual([500]);
  });

  it('throws SobotServerError once the retry attempts are spent', async () => {
    // Prepare
    const { sobot, clock, client } = setup();
    cleanup.push(sobot.close, clock.autoAdvance());
    sobot.on('getGeneral', () => ({ status: 502, text: 'Bad Gateway' }));

    // Act
    const error = await client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotServerError);
    expect(error).toMatchObject({ endpoint: 'getGeneral', httpStatus: 502 });
    expect(client.calls()).toBe(4);
  });

  it('times out a slow response and succeeds on a retry', async () => {
    // Prepare: the first answer is slow, and its timeout fires (on cue, not on real time) while it waits.
    const timeouts = requestTimeoutsOnCue();
    const { sobot, clock, client, retries } = setup({}, (fetch) => timingOut(timeouts, fetch, 1));
    cleanup.push(sobot.close, clock.autoAdvance(), timeouts.restore);
    sobot.pool
      .intercept({ path: ENDPOINTS.getGeneral.path, method: 'POST' })
      .reply(200, { ret_code: '000000', item: { valid_visitor_total: 0 } })
      .delay(100);
    sobot.on('getGeneral', () => ok({ item: { valid_visitor_total: 9 } }));

    // Act
    const overview = await client.fetch(stats.customerOverview(QUERY));

    // Assess
    expect(overview).toEqual({ valid_visitor_total: 9 });
    expect(retries).toEqual([
      { endpoint: 'getGeneral', attempt: 1, waitMs: 500, reason: 'SobotTransportError' },
    ]);
    expect(client.calls()).toBe(2);
    expect(sobot.calls('getGeneral')).toHaveLength(1);
  });

  it('throws SobotTransportError naming a timeout when every attempt is too slow', async () => {
    // Prepare
    const timeouts = requestTimeoutsOnCue();
    const { sobot, clock, client } = setup({ retry: { maxAttempts: 2 } }, (fetch) =>
      timingOut(timeouts, fetch),
    );
    cleanup.push(sobot.close, clock.autoAdvance(), timeouts.restore);
    sobot.pool
      .intercept({ path: ENDPOINTS.getGeneral.path, method: 'POST' })
      .reply(200, { ret_code: '000000' })
      .delay(100)
      .times(2);

    // Act
    const error = await client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotTransportError);
    expect((error as SobotTransportError).failure).toBe('timeout');
    expect(client.calls()).toBe(2);
  });

  it('retries after a connection reset', async () => {
    // Prepare
    const { sobot, clock, client, retries } = setup();
    cleanup.push(sobot.close, clock.autoAdvance());
    sobot.pool
      .intercept({ path: ENDPOINTS.getRobotList.path, method: 'POST' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    sobot.on('getRobotList', () => ok({ items: [{ robot_flag: '7' }] }));

    // Act
    const robots = await client.fetch(stats.robots());

    // Assess
    expect(robots).toEqual([{ robot_flag: '7' }]);
    expect(retries).toEqual([
      { endpoint: 'getRobotList', attempt: 1, waitMs: 500, reason: 'SobotTransportError' },
    ]);
  });

  it('retries a malformed JSON body at most twice, then throws SobotMalformedJsonError', async () => {
    // Prepare
    const { sobot, clock, client } = setup();
    cleanup.push(sobot.close, clock.autoAdvance());
    sobot.on('getRobotList', () => ({ text: '{"ret_code":"000000","items":[{"robot_fl' }));

    // Act
    const error = await client.fetch(stats.robots()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotMalformedJsonError);
    expect((error as Error).message).toBe('getRobotList: (body): malformed JSON');
    expect(client.calls()).toBe(3);
  });

  it('recovers when a truncated body is followed by a whole one', async () => {
    // Prepare
    const { sobot, clock, client } = setup();
    cleanup.push(sobot.close, clock.autoAdvance());
    sobot.on('getRobotList', (_b, index) =>
      index === 0 ? { text: '{"ret_code":"0000' } : ok({ items: [] }),
    );

    // Act
    const robots = await client.fetch(stats.robots());

    // Assess
    expect(robots).toEqual([]);
    expect(client.calls()).toBe(2);
  });

  it('names the endpoint and path when a row is not an object', async () => {
    // Prepare
    const { sobot, client } = setup();
    cleanup.push(sobot.close);
    const items = [0, 1, 2, 3].map((i) => (i === 3 ? 3 : { human_consult: i }));
    sobot.on('getStat', () => ok({ page_no: 1, page_count: 1, total_count: 4, items }));

    // Act
    const error = await client.fetch(stats.chatStats(BREAKDOWN)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotResponseError);
    expect((error as Error).message).toBe('getStat: items[3]: expected object');
    expect(client.calls()).toBe(1);
  });

  it('hands on a row whose value is odd, as received, for the collection to read', async () => {
    // Prepare
    const { sobot, client } = setup();
    cleanup.push(sobot.close);
    const items = [{ human_consult: { count: 3 } }, { human_consult: '1,234' }];
    sobot.on('getStat', () => ok({ page_no: 1, page_count: 1, total_count: 2, items }));

    // Act
    const rows = await client.fetch(stats.chatStats(BREAKDOWN));

    // Assess
    expect(rows).toEqual(items);
  });

  it.each([
    ['the items list is missing', { page_no: 1, page_count: 1 }, 'items: expected array'],
    [
      'a paging field is unreadable',
      { page_no: 1, page_count: 'many', items: [] },
      'page_count: expected number',
    ],
  ])('fails the call when %s', async (_, answer, problem) => {
    // Prepare
    const { sobot, client } = setup();
    cleanup.push(sobot.close);
    sobot.on('getStat', () => ok(answer));

    // Act
    const error = await client.fetch(stats.chatStats(BREAKDOWN)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotResponseError);
    expect((error as Error).message).toBe(`getStat: ${problem}`);
  });

  it('rejects an answer whose ret_code is missing or renamed', async () => {
    // Prepare
    const { sobot, client } = setup();
    cleanup.push(sobot.close);
    sobot.on('getGeneral', () => ({ json: { retCode: '000000', ret_msg: 'Succeed', item: {} } }));

    // Act
    const error = await client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotResponseError);
    expect(error).toMatchObject({ path: 'ret_code', message: 'getGeneral: ret_code: expected string' });
  });

  it('keeps a row whose optional field was renamed, with the reference name absent', async () => {
    // Prepare
    const { sobot, client } = setup();
    cleanup.push(sobot.close);
    sobot.on('getGeneral', () => ok({ item: { validVisitorTotal: 4, new_visitor_num: 1 } }));

    // Act
    const overview = (await client.fetch(stats.customerOverview(QUERY))) as CustomerOverview | null;

    // Assess
    expect(overview?.valid_visitor_total).toBeUndefined();
    expect(overview).toMatchObject({ validVisitorTotal: 4, new_visitor_num: 1 });
  });

  it('surfaces 222000 with the API message and does not retry it', async () => {
    // Prepare
    const { sobot, client } = setup();
    cleanup.push(sobot.close);
    const message = '[startTime] and [endTime] time range cannot be greater than [90]d.';
    sobot.on('getGeneral', () => failure('222000', message));

    // Act
    const error = await client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotInputError);
    expect(error).toMatchObject({ retCode: '222000', retMsg: message, endpoint: 'getGeneral' });
    expect((error as Error).message).toContain(message);
    expect(client.calls()).toBe(1);
  });

  it('keeps the token out of error messages and properties', async () => {
    // Prepare
    const { sobot, clock, client, tokens } = setup({ retry: { maxAttempts: 1 } });
    cleanup.push(sobot.close, clock.autoAdvance());
    const token = tokens.current();
    sobot.on('getGeneral', () => failure('222000', `token ${token} may not query this`));
    sobot.pool
      .intercept({ path: ENDPOINTS.getRobotList.path, method: 'POST' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    // Act
    const errors = await Promise.all([
      client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e),
      client.fetch(stats.robots()).catch((e: unknown) => e),
    ]);

    // Assess
    for (const error of errors) {
      expect(`${inspect(error, { depth: 8 })} ${JSON.stringify(error)} ${String(error)}`).not.toContain(
        token,
      );
    }
    expect((errors[0] as Error).message).toContain('[redacted]');
  });

  it('stops waiting when the signal aborts', async () => {
    // Prepare
    const controller = new AbortController();
    const { sobot, clock, client } = setup({ signal: controller.signal, rateLimit: { calls: 1 } });
    cleanup.push(sobot.close);
    sobot.on('getRobotList', () => ok({ items: [] }));
    await client.fetch(stats.robots());

    // Act
    const waiting = client.fetch(stats.robots()).catch((e: unknown) => e);
    await clock.advance(1_000);
    controller.abort(new Error('deadline'));
    const error = await waiting;

    // Assess
    expect((error as Error).message).toBe('deadline');
    expect(client.calls()).toBe(1);
  });
});
