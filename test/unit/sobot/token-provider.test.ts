import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSobotClient } from '../../../src/adapters/sobot/client.ts';
import { SobotError } from '../../../src/adapters/sobot/errors.ts';
import { signFor } from '../../../src/adapters/sobot/sign.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import * as stats from '../../support/stats-requests.ts';
import { BASE_URL, createMockSobot, failure, ok, onGetToken } from './mock-sobot.ts';

const APP_ID = 'app-0001';
const APP_KEY = 'key-secret-0001';

function setup(respond?: Parameters<typeof onGetToken>[1]) {
  const sobot = createMockSobot();
  const tokenRequests = onGetToken(sobot, respond);
  const clock = createFakeClock(Date.UTC(2025, 10, 12, 1, 0, 0));
  const provider = new FetchingTokenProvider({
    appId: APP_ID,
    appKey: APP_KEY,
    baseUrl: BASE_URL,
    clock,
    fetch: sobot.fetch,
    retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
  return { sobot, tokenRequests, clock, provider };
}

describe('Class: FetchingTokenProvider', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('asks get_token with appid, create_time in Unix seconds and the md5 sign', async () => {
    // Prepare
    const { sobot, tokenRequests, clock, provider } = setup();
    close = sobot.close;
    const createTime = String(Math.floor(clock.now() / 1000));

    // Act
    const token = await provider.token();

    // Assess
    expect(token).toBe('token-1-abcdef');
    expect(tokenRequests).toEqual([
      { appid: APP_ID, createTime, sign: signFor(APP_ID, createTime, APP_KEY) },
    ]);
    expect(provider.expiresAt()).toBe(clock.now() + 86_400_000);
  });

  it('reuses the held token until ten minutes before expires_in runs out', async () => {
    // Prepare
    const { sobot, tokenRequests, clock, provider } = setup();
    close = sobot.close;
    await provider.token();

    // Act
    await clock.advance(86_400_000 - 600_000 - 1);
    const beforeLead = await provider.token();
    await clock.advance(1);
    const atLead = await provider.token();

    // Assess
    expect(beforeLead).toBe('token-1-abcdef');
    expect(atLead).toBe('token-2-abcdef');
    expect(tokenRequests).toHaveLength(2);
  });

  it('returns the already replaced token when a caller reports an older one as rejected', async () => {
    // Prepare
    const { sobot, tokenRequests, provider } = setup();
    close = sobot.close;
    const first = await provider.token();
    const second = await provider.refresh(first);

    // Act
    const third = await provider.refresh(first);

    // Assess
    expect(second).toBe('token-2-abcdef');
    expect(third).toBe(second);
    expect(tokenRequests).toHaveLength(2);
  });

  it('refreshes the token once for 50 concurrent calls that meet an invalid token', async () => {
    // Prepare
    const { sobot, tokenRequests, clock, provider } = setup();
    close = sobot.close;
    await provider.token();
    sobot.on('getRobotList', (_body, _index, headers) =>
      headers.token === 'token-1-abcdef'
        ? failure('900002', 'Token invalid or not found. Get a new one!')
        : ok({ items: [{ robot_flag: '1' }] }),
    );
    const client = createSobotClient({
      baseUrl: BASE_URL,
      tokenProvider: provider,
      fetch: sobot.fetch,
      clock,
      rateLimit: { calls: 200 },
    });

    // Act
    const results = await Promise.all(Array.from({ length: 50 }, () => client.fetch(stats.robots())));

    // Assess
    expect(results.every((robots) => (robots as unknown[]).length === 1)).toBe(true);
    expect(tokenRequests).toHaveLength(2);
    expect(client.calls()).toBe(100);
  });

  it('throws a typed error for a failing get_token without the app_key or sign in it', async () => {
    // Prepare
    const { sobot, tokenRequests, provider } = setup(() => failure('900002', `bad sign for ${APP_KEY}`));
    close = sobot.close;

    // Act
    const error = await provider.token().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotError);
    const sign = tokenRequests[0]?.sign ?? 'no-sign';
    const shown = `${inspect(error, { depth: 8 })} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(APP_KEY);
    expect(shown).not.toContain(sign);
  });
});
