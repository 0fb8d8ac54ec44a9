import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../src/core/clock.ts';
import type { SimulatorCredentials } from '../types.ts';

/**
 * get_token and token checks. One token is valid at a time for the account: each get_token issues a
 * new one and invalidates the previous (reference, "API Declaration"); it expires after the TTL.
 */

type TokenCheck = 'valid' | 'missing' | 'invalid';

type TokenIssue =
  | { readonly ok: true; readonly token: string; readonly expiresIn: number }
  | { readonly ok: false; readonly message: string };

export function signOf(appId: string, createTime: string, appKey: string): string {
  return createHash('md5').update(`${appId}${createTime}${appKey}`).digest('hex');
}

export class TokenStore {
  private current: { token: string; expiresAt: number } | undefined;
  issued = 0;
  private readonly credentials: SimulatorCredentials;
  private readonly ttlSeconds: number;
  private readonly clock: Clock;

  constructor(credentials: SimulatorCredentials, ttlSeconds: number, clock: Clock) {
    this.credentials = credentials;
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  issue(query: URLSearchParams): TokenIssue {
    const appId = query.get('appid') ?? '';
    const createTime = query.get('create_time') ?? '';
    const sign = query.get('sign') ?? '';
    for (const [name, value] of [
      ['appid', appId],
      ['create_time', createTime],
      ['sign', sign],
    ] as const) {
      if (value === '') return { ok: false, message: `Required parameter [${name}] is missing` };
    }
    const expected = signOf(this.credentials.appId, createTime, this.credentials.appKey);
    if (appId !== this.credentials.appId || sign.toLowerCase() !== expected) {
      return { ok: false, message: 'Signature verification failed. Check [appid], [create_time] and [sign]' };
    }
    const token = randomBytes(16).toString('hex');
    this.current = { token, expiresAt: this.clock.now() + this.ttlSeconds * 1000 };
    this.issued++;
    return { ok: true, token, expiresIn: this.ttlSeconds };
  }

  check(token: string | undefined): TokenCheck {
    if (token === undefined || token.trim() === '') return 'missing';
    const current = this.current;
    if (!current || current.token !== token || this.clock.now() >= current.expiresAt) return 'invalid';
    return 'valid';
  }

  invalidate(): void {
    this.current = undefined;
  }
}
