import { describe, expect, it } from 'vitest';
import { createSobotClient } from '../../../src/adapters/sobot/client.ts';
import { resolveClientOptions, SobotClientOptionsError } from '../../../src/adapters/sobot/client-options.ts';
import { DEFAULT_BASE_URL } from '../../../src/core/sobot/endpoints.ts';
import * as stats from '../../support/stats-requests.ts';
import { createStaticTokens } from './mock-sobot.ts';

const tokenProvider = createStaticTokens().provider;

describe('Function: resolveClientOptions', () => {
  it('fills the documented defaults', () => {
    // Prepare
    const options = { tokenProvider };

    // Act
    const resolved = resolveClientOptions(options);

    // Assess
    expect(resolved).toMatchObject({
      baseUrl: DEFAULT_BASE_URL,
      timezone: 'Asia/Shanghai',
      language: 'en',
      requestTimeoutMs: 30_000,
      maxResponseBytes: 20 * 1024 * 1024,
      pageSize: 100,
      pageConcurrency: 5,
      rateLimit: { calls: 20, windowMs: 60_000, marginMs: 500 },
      retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000, maxElapsedMs: 120_000 },
    });
  });

  it.each([
    ['an unknown option', { tokenProvider, timeoutMs: 5 }, 'timeoutMs'],
    ['a zone that is not IANA', { tokenProvider, timezone: 'China/Beijing' }, 'timezone'],
    ['a page size above the API maximum', { tokenProvider, pageSize: 500 }, 'pageSize'],
    ['an unknown retry field', { tokenProvider, retry: { attempts: 3 } }, 'attempts'],
    [
      'a response limit that is not a positive integer',
      { tokenProvider, maxResponseBytes: 0 },
      'maxResponseBytes',
    ],
    ['a retry budget that is not positive', { tokenProvider, retry: { maxElapsedMs: 0 } }, 'maxElapsedMs'],
  ])('fails loudly on %s, naming it', (_label, options, named) => {
    // Prepare
    const create = () => createSobotClient(options as never);

    // Act
    const error = (() => {
      try {
        create();
      } catch (e) {
        return e;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(SobotClientOptionsError);
    expect((error as Error).message).toContain(named);
  });

  it('refuses a date range that is not yyyy-MM-dd HH:mm:ss when the request is built, sending nothing', async () => {
    // Prepare
    const client = createSobotClient({ tokenProvider });
    const range = { start: '2025-11-03', end: '2025-11-09' };

    // Act
    let fetching: Promise<unknown> | undefined;
    const error = (() => {
      try {
        fetching = client.fetch(stats.customerOverview({ range, searchWay: 2 }));
      } catch (e) {
        return e;
      }
    })();
    await fetching?.catch(() => undefined);

    // Assess: rangeParams throws while the section builds the request, before the client is asked
    expect(error).toBeInstanceOf(RangeError);
    expect(fetching).toBeUndefined();
    expect(client.calls()).toBe(0);
  });
});
