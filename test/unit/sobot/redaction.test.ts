import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSobotClient } from '../../../src/adapters/sobot/client.ts';
import { SobotError } from '../../../src/adapters/sobot/errors.ts';
import { redactError, redactSecrets } from '../../../src/adapters/sobot/redact.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import * as stats from '../../support/stats-requests.ts';
import { type Answer, BASE_URL, createMockSobot, failure, ok, onGetToken } from './mock-sobot.ts';

const APP_ID = 'app-0001';
/** URL-special characters, so its encoded forms differ from it. */
const APP_KEY = 'k3y+Secret/0001==';
const QUERY = { range: { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' }, searchWay: 2 as const };

interface Secrets {
  readonly token: string;
  readonly appKey: string;
  readonly sign: string;
}

/** Every way a server could quote the secrets: as is, upper-cased, URL- and form-encoded, in a URL. */
function echo({ token, appKey, sign }: Secrets): string {
  const url = `https://sg.sobot.io/api/get_token?appid=${APP_ID}&create_time=1&sign=${sign}`;
  const form = new URLSearchParams({ app_key: appKey, token }).toString();
  return [
    `token ${token}, key ${appKey}, sign ${sign}`,
    `upper ${sign.toUpperCase()} ${token.toUpperCase()}`,
    `encoded ${encodeURIComponent(appKey)} ${encodeURIComponent(appKey).toLowerCase()}`,
    `form ${form}`,
    `url ${url}&key=${encodeURIComponent(appKey)}`,
  ].join('; ');
}

function formsOf(secret: string): string[] {
  return [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
}

/** Everything a log line could show of an error: each link of the cause chain, every way it prints. */
function shown(error: unknown): string[] {
  const texts: string[] = [];
  for (let link = error, depth = 0; link !== undefined && depth < 10; depth++) {
    texts.push(String(link), JSON.stringify(link) ?? '', inspect(link, { depth: 10 }));
    if (link instanceof Error) texts.push(link.message, link.stack ?? '');
    link = (link as { cause?: unknown } | null)?.cause;
  }
  return texts;
}

function leaks(texts: readonly string[], secrets: Secrets): string[] {
  const forms = Object.values(secrets).flatMap(formsOf);
  return texts.flatMap((text) =>
    forms
      .filter((form) => text.toLowerCase().includes(form.toLowerCase()))
      .map((form) => `${form} in ${text}`),
  );
}

/** A client on a real FetchingTokenProvider, so the app_key and the signs exist to be echoed. */
function setup(getToken?: (index: number, secrets: Secrets) => Answer) {
  const sobot = createMockSobot();
  const clock = createFakeClock();
  const stop = clock.autoAdvance();
  const events: unknown[] = [];
  const secrets = (): Secrets => ({
    token: 'token-1-abcdef',
    appKey: APP_KEY,
    sign: tokenRequests[0]?.sign ?? 'no-sign-yet',
  });
  const tokenRequests = onGetToken(sobot, (index) =>
    index > 0 && getToken
      ? getToken(index, secrets())
      : ok({ item: { token: `token-${index + 1}-abcdef`, expires_in: '86400' } }),
  );
  const provider = new FetchingTokenProvider({
    appId: APP_ID,
    appKey: APP_KEY,
    baseUrl: BASE_URL,
    clock,
    random: () => 0.5,
    fetch: sobot.fetch,
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
  });
  const client = createSobotClient({
    baseUrl: BASE_URL,
    tokenProvider: provider,
    fetch: sobot.fetch,
    clock,
    random: () => 0.5,
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    events: {
      onCall: (event) => events.push(event),
      onRetry: (event) => events.push(event),
      onThrottle: (event) => events.push(event),
      onTokenRefresh: () => events.push('refresh'),
    },
  });
  return { sobot, provider, client, events, secrets, close: () => [stop(), sobot.close()] };
}

const STATS_ANSWERS: [string, (text: string) => Answer][] = [
  ['ret_msg of a 222000', (text) => failure('222000', text)],
  ['ret_msg of a retried 999999', (text) => failure('999999', text)],
  ['ret_msg of an unknown ret_code', (text) => failure('123456', text)],
  ['ret_msg of a 900002, before and after the refresh', (text) => failure('900002', text)],
  ['ret_code itself', (text) => ({ json: { ret_code: text, ret_msg: 'x' } })],
  ['a wrongly typed field', (text) => ok({ item: text })],
  ['a non-JSON HTTP 400 body', (text) => ({ status: 400, text })],
  ['a non-JSON HTTP 502 body', (text) => ({ status: 502, text })],
  ['a non-JSON HTTP 200 body', (text) => ({ text: `<html>${text}` })],
  // JSON.parse quotes a short body whole in its message, the error's cause.
  ['a non-JSON HTTP 200 body that is only the token', () => ({ text: 'token-1-abcdef' })],
];

const TOKEN_ANSWERS: [string, (text: string) => Answer][] = [
  ['ret_msg of a 900002', (text) => failure('900002', text)],
  ['ret_msg of a retried 999999', (text) => failure('999999', text)],
  ['ret_msg of an unknown ret_code', (text) => failure('123456', text)],
  ['a non-JSON HTTP 401 body', (text) => ({ status: 401, text })],
  ['a non-JSON HTTP 503 body', (text) => ({ status: 503, text })],
  ['a non-JSON HTTP 200 body', (text) => ({ text: `{${text}` })],
];

describe('Secrets in errors and events', () => {
  let close: (() => unknown) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it.each(STATS_ANSWERS)(
    'keeps token, app_key and sign out when a statistics endpoint echoes them in %s',
    async (_label, answer) => {
      // Prepare
      const { sobot, client, events, secrets, ...rest } = setup();
      close = rest.close;
      sobot.on('getGeneral', () => answer(echo(secrets())));

      // Act
      const error = await client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SobotError);
      expect(leaks([...shown(error), JSON.stringify(events)], secrets())).toEqual([]);
    },
  );

  it.each(TOKEN_ANSWERS)(
    'keeps the held token, app_key and sign out when get_token echoes them in %s on a refresh',
    async (_label, answer) => {
      // Prepare
      const { sobot, client, events, secrets, ...rest } = setup((_index, known) => answer(echo(known)));
      close = rest.close;
      sobot.on('getGeneral', () => failure('900002', 'Token invalid or not found. Get a new one!'));

      // Act
      const error = await client.fetch(stats.customerOverview(QUERY)).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'SobotTokenFetchError' });
      expect(leaks([...shown(error), JSON.stringify(events)], secrets())).toEqual([]);
    },
  );

  it('keeps the sign out of a transport failure whose cause quotes the get_token URL', async () => {
    // Prepare: no interceptor, so undici fails with "Mock dispatch not matched for path '/api/get_token?…&sign=…'"
    const sobot = createMockSobot();
    close = () => sobot.close();
    const provider = new FetchingTokenProvider({
      appId: APP_ID,
      appKey: APP_KEY,
      baseUrl: BASE_URL,
      fetch: sobot.fetch,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });

    // Act
    const error = await provider.token().catch((e: unknown) => e);

    // Assess
    const [, sign = ''] = provider.secrets();
    expect(sign).toMatch(/^[0-9a-f]{32}$/);
    expect(inspect(error, { depth: 10 })).toContain('[redacted]');
    expect(leaks(shown(error), { token: 'none-held', appKey: APP_KEY, sign })).toEqual([]);
  });
});

describe('Function: redactSecrets', () => {
  it('replaces a secret as is, upper-cased, URL-encoded, form-encoded and JSON-escaped', () => {
    // Prepare
    const secret = 'a b+c/"d"';
    const text = [
      secret,
      secret.toUpperCase(),
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ].join(' | ');

    // Act
    const redacted = redactSecrets(text, [secret]);

    // Assess
    expect(redacted).toBe(Array(6).fill('[redacted]').join(' | '));
  });

  it('leaves values shorter than four characters alone', () => {
    // Act & Assess
    expect(redactSecrets('a 1 abc', ['1', 'abc', undefined, ''])).toBe('a 1 abc');
  });
});

describe('Function: redactError', () => {
  it('scrubs message, stack, properties and causes in place, cycles included', () => {
    // Prepare
    const secret = 'secret-value-1';
    const inner = Object.assign(new Error(`inner ${secret}`), { code: 'X', detail: { text: secret } });
    const outer = new Error(`outer ${secret}`, { cause: inner });
    Object.assign(inner, { back: outer });

    // Act
    const result = redactError(outer, [secret]);

    // Assess
    expect(result).toBe(outer);
    expect(outer.message).toBe('outer [redacted]');
    expect(inspect(outer, { depth: 10 })).not.toContain(secret);
    expect(inner).toMatchObject({ message: 'inner [redacted]', code: 'X', detail: { text: '[redacted]' } });
  });
});
