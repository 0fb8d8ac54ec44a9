import { type Clock, systemClock } from '../../core/clock.ts';
import type { TokenProvider } from '../../core/sobot/api.ts';
import { DEFAULT_BASE_URL, TOKEN_PATH } from '../../core/sobot/endpoints.ts';
import { tokenResponseSchema } from '../../core/sobot/schemas.ts';
import { SobotResponseError, SobotTokenFetchError } from './errors.ts';
import { redactError } from './redact.ts';
import { readAnswer } from './response.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from './retry.ts';
import { signFor } from './sign.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, exchangeJson, type Fetch } from './transport.ts';

interface FetchingTokenProviderOptions {
  readonly appId: string;
  readonly appKey: string;
  readonly baseUrl?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Default: the global fetch. */
  readonly fetch?: Fetch;
  /** Fetch a new token this long before the held one expires; default 10 minutes. */
  readonly refreshAheadMs?: number;
  readonly requestTimeoutMs?: number;
  /** A larger get_token answer is not read (SobotResponseTooLargeError). Default 20 MiB. */
  readonly maxResponseBytes?: number;
  /** Transient get_token failures (999999, 5xx, timeouts, resets); `maxElapsedMs` defaults to 2 minutes. */
  readonly retry?: RetryPolicy;
  /** Called once per get_token request actually made. */
  readonly onFetch?: () => void;
  /**
   * Called once as each fetch of a new token begins (its retries are the same fetch): "When requesting
   * the token API, regardless of the existence of token, a new token will be returned" (reference,
   * "API Declaration"), so every other holder of these credentials loses the token it had.
   */
  readonly beforeFetch?: () => void;
}

const DEFAULT_REFRESH_AHEAD_MS = 10 * 60_000;
/** A sign with its create_time fetches a token (and so voids the shared one) while the server accepts the time. */
const SIGNS_KEPT = 8;

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
  readonly #signs: string[] = [];

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

  secrets(): readonly string[] {
    return [this.#appKey, ...this.#signs, ...(this.#held ? [this.#held.value] : [])];
  }

  #fetchShared(): Promise<string> {
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #fetch(): Promise<string> {
    this.#options.beforeFetch?.();
    const item = await this.#fetchWithRetry();
    const now = this.#clock.now();
    // "transmitted by the returned expire_in" ("Token usage description" 2) against `expires_in` in the
    // get_token item table and return example: the example's field name is the one read.
    const lifetimeMs = item.expires_in * 1000;
    // A lifetime shorter than twice the lead time (test servers) would otherwise refresh on every call.
    const leadMs = Math.min(this.#options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS, lifetimeMs / 2);
    this.#held = { value: item.token, refreshAt: now + lifetimeMs - leadMs, expiresAt: now + lifetimeMs };
    return item.token;
  }

  /** Wrapped, so the call that needed the token does not retry what was retried here already. */
  async #fetchWithRetry() {
    let attempts = 0;
    try {
      return await withRetry(
        (attempt, budget) => {
          attempts = attempt;
          return this.#requestToken(budget.timeoutMs(this.#options.requestTimeoutMs ?? 30_000));
        },
        {
          endpoint: 'get_token',
          policy: this.#options.retry ?? DEFAULT_RETRY_POLICY,
          clock: this.#clock,
          random: this.#options.random ?? Math.random,
        },
      );
    } catch (error) {
      throw redactError(new SobotTokenFetchError({ attempts, cause: error }), this.secrets());
    }
  }

  async #requestToken(timeoutMs: number) {
    const createTime = String(Math.floor(this.#clock.now() / 1000));
    const sign = signFor(this.#appId, createTime, this.#appKey);
    this.#keepSign(sign);
    const url = new URL(this.#url);
    url.search = new URLSearchParams({ appid: this.#appId, create_time: createTime, sign }).toString();
    this.#options.onFetch?.();
    try {
      const body = await exchangeJson({
        endpoint: 'get_token',
        url: url.toString(),
        method: 'GET',
        timeoutMs,
        maxResponseBytes: this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      });
      const answer = readAnswer('get_token', body, tokenResponseSchema);
      if (!answer.item)
        throw new SobotResponseError({ endpoint: 'get_token', path: 'item', problem: 'missing' });
      return answer.item;
    } catch (error) {
      throw redactError(error, this.secrets());
    }
  }

  #keepSign(sign: string): void {
    if (this.#signs.includes(sign)) return;
    this.#signs.push(sign);
    if (this.#signs.length > SIGNS_KEPT) this.#signs.shift();
  }
}
