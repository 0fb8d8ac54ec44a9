import type { Dispatcher } from 'undici';
import type { Clock } from '../shared/clock.ts';
import { DEFAULT_BASE_URL, TOKEN_PATH } from '../sobot/endpoints.ts';
import { SobotTokenError } from '../sobot/errors.ts';
import { readAnswer } from '../sobot/response.ts';
import { tokenResponseSchema } from '../sobot/schemas.ts';
import { signFor } from '../sobot/sign.ts';
import { exchangeJson } from '../sobot/transport.ts';

export interface SobotCredentials {
  readonly appId: string;
  readonly appKey: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

export interface GetTokenOptions {
  readonly baseUrl?: string;
  readonly clock: Clock;
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs?: number;
}

/**
 * One get_token call (reference, "Get the Access Token Code"): the token with its lifetime, which
 * token-refresh stores as `expiresAt`. The sign and app_key stay out of every error it throws.
 */
export async function getToken(
  credentials: SobotCredentials,
  options: GetTokenOptions,
): Promise<IssuedToken> {
  const createTime = String(Math.floor(options.clock.now() / 1000));
  const sign = signFor(credentials.appId, createTime, credentials.appKey);
  const url = new URL(TOKEN_PATH, options.baseUrl ?? DEFAULT_BASE_URL);
  url.search = new URLSearchParams({ appid: credentials.appId, create_time: createTime, sign }).toString();
  const body = await exchangeJson({
    endpoint: 'get_token',
    url: url.toString(),
    method: 'GET',
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const answer = readAnswer('get_token', body, tokenResponseSchema, [credentials.appKey, sign]);
  if (!answer.item) throw new SobotTokenError({ endpoint: 'get_token', retCode: answer.ret_code });
  return { token: answer.item.token, expiresInSeconds: answer.item.expires_in };
}
