import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSobotClient, type SobotClientOptions } from '../../../src/adapters/sobot/client.ts';
import {
  SobotResponseTooLargeError,
  SobotRetryBudgetError,
  SobotServerError,
  SobotTokenFetchError,
  SobotTransportError,
} from '../../../src/adapters/sobot/errors.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import type { Fetch } from '../../../src/adapters/sobot/transport.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { requestTimeoutsOnCue, timingOut } from '../../support/request-timeouts.ts';
import * as stats from '../../support/stats-requests.ts';
import { startLocalServer } from './local-server.ts';
import { BASE_URL, createMockSobot, createStaticTokens, failure, ok } from './mock-sobot.ts';

const LIMIT = 4_096;
const APP = { appId: 'app-0001', appKey: 'key-secret-0001' };

/** A valid getRobotList answer of exactly `bytes` bytes. */
function answerOf(bytes: number): string {
  const empty = JSON.stringify({ ret_code: '000000', ret_msg: 'Succeed', items: [], pad: '' });
  return JSON.stringify({
    ret_code: '000000',
    ret_msg: 'Succeed',
    items: [],
    pad: 'x'.repeat(bytes - empty.length),
  });
}

/** Writes `body` in pieces, chunked, with no content-length. */
async function writeChunked(response: ServerResponse, body: string, pieces = 8): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  const size = Math.ceil(body.length / pieces);
  for (let at = 0; at < body.length; at += size) {
    if (!response.write(body.slice(at, at + size)))
      await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}

describe('Function: createSobotClient within its bounds', () => {
  let cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  async function serve(
    handle: Parameters<typeof startLocalServer>[0],
    overrides: Partial<SobotClientOptions> = {},
    wrapFetch = (fetch: Fetch) => fetch,
  ) {
    const server = await startLocalServer(handle);
    const clock = createFakeClock();
    cleanup.push(server.close, clock.autoAdvance());
    const client = createSobotClient({
      baseUrl: server.url,
      tokenProvider: createStaticTokens().provider,
      fetch: wrapFetch(server.fetch),
      clock,
      random: () => 0.5,
      maxResponseBytes: LIMIT,
      requestTimeoutMs: 5_000,
      ...overrides,
    });
    return { server, client };
  }

  describe('response size', () => {
    it.each([
      ['one byte under', LIMIT - 1],
      ['exactly at', LIMIT],
    ])('reads an answer %s the limit, with content-length or chunked', async (_label, bytes) => {
      // Prepare
      let chunked = false;
      const { client } = await serve((_request, response) => {
        chunked = !chunked;
        if (chunked) void writeChunked(response, answerOf(bytes));
        else response.end(answerOf(bytes));
      });

      // Act
      const results = [await client.fetch(stats.robots()), await client.fetch(stats.robots())];

      // Assess
      expect(results).toEqual([[], []]);
      expect(client.calls()).toBe(2);
    });

    it('refuses an answer one byte over the limit with content-length, naming endpoint and limit, not retried', async () => {
      // Prepare
      const { client } = await serve((_request, response) => response.end(answerOf(LIMIT + 1)));

      // Act
      const error = await client.fetch(stats.robots()).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SobotResponseTooLargeError);
      expect((error as Error).message).toBe(
        'getRobotList: answer larger than the limit of 4096 bytes, not read',
      );
      expect(error).toMatchObject({ endpoint: 'getRobotList', maxBytes: LIMIT });
      expect(client.calls()).toBe(1);
    });

    it('refuses a chunked answer without content-length once it grows one byte over the limit', async () => {
      // Prepare
      const { client } = await serve(
        (_request, response) => void writeChunked(response, answerOf(LIMIT + 1)),
      );

      // Act
      const error = await client.fetch(stats.robots()).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SobotResponseTooLargeError);
      expect(client.calls()).toBe(1);
    });

    it('refuses a declared content-length over the limit before any of the body arrives', async () => {
      // Prepare: the body never comes, so reading it would end in a timeout instead.
      const { client } = await serve((_request, response) => {
        response.writeHead(200, { 'content-length': String(LIMIT + 1) });
        response.flushHeaders();
      });

      // Act
      const error = await client.fetch(stats.robots()).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SobotResponseTooLargeError);
    });

    it('stops reading an endless body at the limit and drops the connection', async () => {
      // Prepare
      let closed = false;
      let settle: (finished: boolean) => void = () => {};
      const finishedWhenClosed = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      const { client } = await serve(async (_request, response) => {
        const gone = new Promise<void>((resolve) =>
          response.once('close', () => {
            closed = true;
            settle(response.writableFinished);
            resolve();
          }),
        );
        response.writeHead(200);
        while (!closed) {
          if (response.write('x'.repeat(1_024))) continue;
          await Promise.race([new Promise((resolve) => response.once('drain', resolve)), gone]);
        }
      });

      // Act
      const error = await client.fetch(stats.robots()).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SobotResponseTooLargeError);
      expect(await finishedWhenClosed).toBe(false);
      expect(client.calls()).toBe(1);
    });

    it('refuses an oversized get_token answer in the token provider too', async () => {
      // Prepare
      const server = await startLocalServer((_request, response) =>
        response.end(
          JSON.stringify({ ret_code: '000000', item: { token: 't'.repeat(LIMIT), expires_in: '60' } }),
        ),
      );
      cleanup.push(server.close);
      const provider = new FetchingTokenProvider({
        ...APP,
        baseUrl: server.url,
        fetch: server.fetch,
        maxResponseBytes: LIMIT,
      });

      // Act
      const error = await provider.token().catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SobotTokenFetchError);
      expect(error).toMatchObject({ attempts: 1 });
      expect((error as Error).cause).toBeInstanceOf(SobotResponseTooLargeError);
    });
  });

  describe('retry budget', () => {
    function mocked(overrides: Partial<SobotClientOptions>) {
      const sobot = createMockSobot();
      const clock = createFakeClock();
      cleanup.push(sobot.close, clock.autoAdvance());
      const retries: number[] = [];
      const client = createSobotClient({
        baseUrl: BASE_URL,
        tokenProvider: createStaticTokens().provider,
        fetch: sobot.fetch,
        clock,
        random: () => 0.5,
        events: { onRetry: ({ waitMs }) => retries.push(waitMs) },
        ...overrides,
      });
      return { sobot, clock, client, retries };
    }

    it.each([
      // Waits 0.5, 1, 2, 4, 8, 15, 15 … s (half of a ceiling doubling to 30 s): 105.5 s after 11, and the
      // 12th would end at 120.5 s.
      ['999999', failure('999999', 'Unknown System Exception'), 120_000, 12, 105_500],
      ['HTTP 503', { status: 503, text: 'Service Unavailable' }, 10_000, 5, 7_500],
    ])(
      'stops an endless run of %s at the budget, with the last error as cause',
      async (_label, answer, budgetMs, attempts, waited) => {
        // Prepare
        const { sobot, clock, client, retries } = mocked({
          retry: { maxAttempts: 1_000, baseDelayMs: 1_000, maxDelayMs: 30_000, maxElapsedMs: budgetMs },
        });
        sobot.on('getGeneral', () => answer);
        const start = clock.now();

        // Act
        const error = await client
          .fetch(
            stats.customerOverview({
              range: { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' },
              searchWay: 2,
            }),
          )
          .catch((e: unknown) => e);

        // Assess
        expect(error).toBeInstanceOf(SobotRetryBudgetError);
        expect((error as Error).message).toContain(
          `retry budget of ${budgetMs} ms ran out after ${attempts} attempt(s)`,
        );
        expect((error as Error).cause).toBeInstanceOf(SobotServerError);
        expect(client.calls()).toBe(attempts);
        expect(retries.reduce((sum, ms) => sum + ms, 0)).toBe(waited);
        expect(clock.now() - start).toBe(waited);
      },
    );

    it('does not count time queued for a rate-limit slot against the budget', async () => {
      // Prepare
      const { sobot, client } = mocked({
        retry: { maxElapsedMs: 10_000 },
        rateLimit: { calls: 1, windowMs: 60_000, marginMs: 0 },
      });
      sobot.on('getRobotList', (_body, index) => (index === 1 ? failure('999999') : ok({ items: [] })));
      await client.fetch(stats.robots());

      // Act: queued 60 s, a 999999, then queued 60 s again for the retry
      const robots = await client.fetch(stats.robots());

      // Assess
      expect(robots).toEqual([]);
      expect(client.calls()).toBe(3);
    });

    it('cuts the request timeout to what is left of the budget', async () => {
      // Prepare: the server never answers; a 60 s timeout would outlast the test, the 40 ms budget ends it.
      const timeouts = requestTimeoutsOnCue();
      cleanup.push(timeouts.restore);
      const { client } = await serve(
        () => {},
        { requestTimeoutMs: 60_000, retry: { maxElapsedMs: 40 } },
        (fetch) => timingOut(timeouts, fetch),
      );

      // Act
      const error = await client.fetch(stats.robots()).catch((e: unknown) => e);

      // Assess
      expect(timeouts.requestedMs()).toEqual([40]);
      expect(error).toBeInstanceOf(SobotRetryBudgetError);
      expect((error as Error).cause).toMatchObject({ name: 'SobotTransportError', failure: 'timeout' });
      expect(client.calls()).toBe(1);
    });

    it('makes only the token provider attempts for a hanging get_token, with no outer retries', async () => {
      // Prepare: get_token never answers, and each attempt's timeout fires as soon as it is sent.
      const server = await startLocalServer(() => {});
      const clock = createFakeClock();
      const timeouts = requestTimeoutsOnCue();
      cleanup.push(server.close, clock.autoAdvance(), timeouts.restore);
      let fetches = 0;
      const outerRetries: unknown[] = [];
      const shared = {
        baseUrl: server.url,
        fetch: timingOut(timeouts, server.fetch),
        clock,
        random: () => 0.5,
      };
      const tokenProvider = new FetchingTokenProvider({
        ...APP,
        ...shared,
        requestTimeoutMs: 20,
        retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000 },
        onFetch: () => fetches++,
      });
      const client = createSobotClient({
        ...shared,
        tokenProvider,
        requestTimeoutMs: 20,
        retry: { maxAttempts: 4 },
        events: { onRetry: (event) => outerRetries.push(event) },
      });

      // Act
      const error = await client.fetch(stats.robots()).catch((e: unknown) => e);

      // Assess
      expect(timeouts.requestedMs()).toEqual([20, 20, 20, 20]);
      expect(error).toBeInstanceOf(SobotTokenFetchError);
      expect(error).toMatchObject({ attempts: 4 });
      expect((error as Error).cause).toBeInstanceOf(SobotTransportError);
      expect(fetches).toBe(4);
      expect(outerRetries).toEqual([]);
      expect(client.calls()).toBe(0);
    });
  });
});
