import type { z } from 'zod';
import type { ResolvedClientOptions } from './client-options.ts';
import { ENDPOINTS, type EndpointName, RET_CODE } from './endpoints.ts';
import { SobotError } from './errors.ts';
import { SlidingWindowRateLimiter, withinRateLimit } from './rate-limiter.ts';
import { readAnswer } from './response.ts';
import { describeFailure, withRetry, withTokenRefresh } from './retry.ts';
import { exchangeJson } from './transport.ts';

/**
 * One statistics/condition call with every policy applied, outermost first: transient retries with
 * backoff → one token refresh on 900001/900002 → the endpoint's rate-limit lane (and its 229000 pauses)
 * → a single HTTP exchange, validated against the endpoint's schema.
 */
export class EndpointCaller {
  readonly #options: ResolvedClientOptions;
  readonly #limiter: SlidingWindowRateLimiter;
  #calls = 0;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    const { onThrottle } = options.events;
    this.#limiter =
      options.rateLimiter ??
      new SlidingWindowRateLimiter(
        options.clock,
        options.rateLimit,
        onThrottle && (({ key, waitMs, reason }) => onThrottle({ endpoint: key, waitMs, reason })),
      );
  }

  /** HTTP requests made so far, retries included; the report's "API calls" figure. */
  calls(): number {
    return this.#calls;
  }

  call<S extends z.ZodType>(
    endpoint: EndpointName,
    body: object,
    schema: S,
    page?: number,
  ): Promise<z.infer<S>> {
    const o = this.#options;
    const { onRetry, onTokenRefresh } = o.events;
    return withRetry(
      () =>
        withTokenRefresh(
          o.tokenProvider,
          (token) =>
            withinRateLimit(
              this.#limiter,
              endpoint,
              () => this.#exchange(endpoint, token, body, schema, page),
              {
                maxRetries: o.maxRateLimitRetries,
                ...(o.signal ? { signal: o.signal } : {}),
              },
            ),
          onTokenRefresh && (() => onTokenRefresh()),
        ),
      {
        policy: o.retry,
        clock: o.clock,
        random: o.random,
        ...(o.signal ? { signal: o.signal } : {}),
        ...(onRetry && {
          onRetry: ({ attempt, waitMs, error }) =>
            onRetry({ endpoint, attempt, waitMs, reason: describeFailure(error) }),
        }),
      },
    );
  }

  async #exchange<S extends z.ZodType>(
    endpoint: EndpointName,
    token: string,
    body: object,
    schema: S,
    page: number | undefined,
  ): Promise<z.infer<S>> {
    const o = this.#options;
    this.#calls++;
    const pageInfo = page === undefined ? {} : { page };
    try {
      const json = await exchangeJson({
        endpoint,
        url: new URL(ENDPOINTS[endpoint].path, o.baseUrl).toString(),
        method: 'POST',
        headers: {
          token,
          timezoneid: o.timezone,
          language: o.language,
          'content-type': 'application/json',
        },
        body,
        timeoutMs: o.requestTimeoutMs,
        ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const answer = readAnswer(endpoint, json, schema, [token]);
      const pageCount = (answer as { page_count?: number | null }).page_count;
      o.events.onCall?.({
        endpoint,
        ...pageInfo,
        pageCount: pageCount ?? null,
        ok: true,
        retCode: RET_CODE.ok,
      });
      return answer;
    } catch (error) {
      const retCode = error instanceof SobotError ? error.retCode : undefined;
      o.events.onCall?.({ endpoint, ...pageInfo, ok: false, ...(retCode ? { retCode } : {}) });
      throw error;
    }
  }
}
