import { type Dispatcher, MockAgent, fetch as undiciFetch } from 'undici';
import type { Fetch } from '../../../src/adapters/sobot/transport.ts';
import type { TokenProvider } from '../../../src/core/sobot/api.ts';
import { ENDPOINTS, type EndpointName } from '../../../src/core/sobot/endpoints.ts';

/** A Sobot stand-in on undici's MockAgent: scripted answers per endpoint, every request recorded. */

export const BASE_URL = 'https://sobot.test';

interface RecordedRequest {
  readonly endpoint: string;
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

export type Answer =
  | { readonly json: unknown; readonly status?: number }
  | { readonly text: string; readonly status?: number };

type Responder = (
  body: Record<string, unknown>,
  callIndex: number,
  headers: Record<string, string>,
) => Answer;

/**
 * undici's own fetch sending every request through `dispatcher`, a MockAgent or Agent of that same undici.
 * Its types are undici 7's and the global fetch's are Node's undici-types: the cast bridges two
 * declarations of one API.
 */
export function fetchThrough(dispatcher: Dispatcher): Fetch {
  const fetch = (input: string, init?: object) => undiciFetch(input, { ...init, dispatcher });
  return fetch as unknown as Fetch;
}

export function ok(extra: Record<string, unknown> = {}): { json: unknown } {
  return { json: { ret_code: '000000', ret_msg: 'Succeed', ...extra } };
}

export function failure(retCode: string, retMsg = 'failed'): { json: unknown } {
  return { json: { ret_code: retCode, ret_msg: retMsg } };
}

export function createMockSobot() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(BASE_URL);
  const requests: RecordedRequest[] = [];

  function on(endpoint: EndpointName, respond: Responder): void {
    let callIndex = 0;
    pool
      .intercept({ path: ENDPOINTS[endpoint].path, method: 'POST' })
      .reply((options) => {
        const body = JSON.parse(String(options.body ?? '{}')) as Record<string, unknown>;
        const headers = normaliseHeaders(options.headers);
        requests.push({ endpoint, path: options.path, method: options.method, headers, body });
        const answer = respond(body, callIndex++, headers);
        const data = 'json' in answer ? JSON.stringify(answer.json) : answer.text;
        return { statusCode: answer.status ?? 200, data };
      })
      .persist();
  }

  return {
    agent,
    /** For the client's and token provider's `fetch` option. */
    fetch: fetchThrough(agent),
    pool,
    requests,
    on,
    calls: (endpoint: EndpointName) => requests.filter((r) => r.endpoint === endpoint),
    close: () => agent.close(),
  };
}

function normaliseHeaders(headers: unknown): Record<string, string> {
  const entries =
    headers instanceof Headers
      ? [...headers.entries()]
      : Array.isArray(headers)
        ? pairs(headers as string[])
        : Object.entries((headers ?? {}) as Record<string, string>);
  return Object.fromEntries(entries.map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function pairs(flat: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) result.push([flat[i] as string, flat[i + 1] as string]);
  return result;
}

/** A token provider whose token can be swapped, counting refreshes. */
export function createStaticTokens(initial = 'token-aaaaaaaa-1111') {
  let current = initial;
  let refreshes = 0;
  const provider: TokenProvider = {
    token: async () => current,
    refresh: async (rejected) => {
      if (rejected === current) {
        refreshes++;
        current = `${initial}-r${refreshes}`;
      }
      return current;
    },
  };
  return { provider, refreshes: () => refreshes, current: () => current };
}

interface TokenRequest {
  readonly appid: string | null;
  readonly createTime: string | null;
  readonly sign: string | null;
}

/** Scripts get_token on the mock: each request gets `token-<n>` unless `respond` says otherwise. */
export function onGetToken(
  sobot: ReturnType<typeof createMockSobot>,
  respond: (index: number) => Answer = (index) =>
    ok({ item: { token: `token-${index + 1}-abcdef`, expires_in: '86400' } }),
): TokenRequest[] {
  const seen: TokenRequest[] = [];
  sobot.pool
    .intercept({ path: (path) => path.startsWith('/api/get_token'), method: 'GET' })
    .reply((options) => {
      const query = new URL(options.path, BASE_URL).searchParams;
      seen.push({ appid: query.get('appid'), createTime: query.get('create_time'), sign: query.get('sign') });
      const answer = respond(seen.length - 1);
      return {
        statusCode: answer.status ?? 200,
        data: 'json' in answer ? JSON.stringify(answer.json) : answer.text,
      };
    })
    .persist();
  return seen;
}
