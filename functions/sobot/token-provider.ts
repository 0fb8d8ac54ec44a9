import type { Dispatcher } from 'undici';
import { type Clock, systemClock } from '../shared/clock.ts';
import type { TokenProvider } from './api.ts';
import { DEFAULT_BASE_URL, TOKEN_PATH } from './endpoints.ts';
import { SobotResponseError } from './errors.ts';
import { readAnswer } from './response.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from './retry.ts';
import { tokenResponseSchema } from './schemas.ts';
import { signFor } from './sign.ts';
import { exchangeJson } from './transport.ts';

export interface FetchingTokenProviderOptions {
  readonly appId: string;
  readonly appKey: string;
  readonly baseUrl?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly dispatcher?: Dispatcher;
  /** Fetch a new token this long before the held one expires; default 10 minutes. */
  readonly refreshAheadMs?: number;
  readonly requestTimeoutMs?: number;
  /** Transient get_token failures (999999, 5xx, timeouts, resets). */
  readonly retry?: RetryPolicy;
  /** Called once per get_token request actually made. */
  readonly onFetch?: () => void;
}

export const DEFAULT_REFRESH_AHEAD_MS = 10 * 60_000;

interface HeldToken {
  readonly value: string;
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/**
 * Holds the one token every call shares (reference, "Token usage description") and fetches it from
 * get_token: ahead of expiry, and when the API rejects it. Concurrent callers share one fetch.
 */
export class FetchingTokenProvider implements TokenProvider {
  readonly #appId: string;
  readonly #appKey: string;
  readonly #url: string;
  readonly #clock: Clock;
  readonly #options: FetchingTokenProviderOptions;
  #held: HeldToken | undefined;
  #inFlight: Promise<string> | undefined;

  constructor(options: FetchingTokenProviderOptions) {
    if (!options.appId || !options.appKey)
      throw new TypeError('FetchingTokenProvider needs appId and appKey');
    this.#appId = options.appId;
    this.#appKey = options.appKey;
    this.#url = new URL(TOKEN_PATH, options.baseUrl ?? DEFAULT_BASE_URL).toString();
    this.#clock = options.clock ?? systemClock;
    this.#options = options;
  }

  async token(): Promise<string> {
    const held = this.#held;
    if (held && this.#clock.now() < held.refreshAt) return held.value;
    return this.#fetchShared();
  }

  async refresh(rejected: string): Promise<string> {
    const held = this.#held;
    if (held && held.value !== rejected) return held.value;
    return this.#fetchShared();
  }

  /** When the held token expires (epoch ms on the injected clock), as get_token's `expires_in` said. */
  expiresAt(): number | undefined {
    return this.#held?.expiresAt;
  }

  #fetchShared(): Promise<string> {
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #fetch(): Promise<string> {
    const item = await withRetry(() => this.#requestToken(), {
      policy: this.#options.retry ?? DEFAULT_RETRY_POLICY,
      clock: this.#clock,
      random: this.#options.random ?? Math.random,
    });
    const now = this.#clock.now();
    const lifetimeMs = item.expires_in * 1000;
    // A lifetime shorter than twice the lead time (test servers) would otherwise refresh on every call.
    const leadMs = Math.min(this.#options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS, lifetimeMs / 2);
    this.#held = { value: item.token, refreshAt: now + lifetimeMs - leadMs, expiresAt: now + lifetimeMs };
    return item.token;
  }

  async #requestToken() {
    const createTime = String(Math.floor(this.#clock.now() / 1000));
    const sign = signFor(this.#appId, createTime, this.#appKey);
    const url = new URL(this.#url);
    url.search = new URLSearchParams({ appid: this.#appId, create_time: createTime, sign }).toString();
    this.#options.onFetch?.();
    const body = await exchangeJson({
      endpoint: 'get_token',
      url: url.toString(),
      method: 'GET',
      timeoutMs: this.#options.requestTimeoutMs ?? 30_000,
      ...(this.#options.dispatcher ? { dispatcher: this.#options.dispatcher } : {}),
    });
    const answer = readAnswer('get_token', body, tokenResponseSchema, [this.#appKey, sign]);
    if (!answer.item)
      throw new SobotResponseError({ endpoint: 'get_token', path: 'item', problem: 'missing' });
    return answer.item;
  }
}
