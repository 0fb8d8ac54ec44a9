import type * as z from 'zod';
import { ENDPOINTS, type EndpointName, RET_CODE } from '../../core/sobot/endpoints.ts';
import type { ResolvedClientOptions } from './client-options.ts';
import { SobotError } from './errors.ts';
import { SlidingWindowRateLimiter, withinRateLimit } from './rate-limiter.ts';
import { redactError } from './redact.ts';
import { readAnswer } from './response.ts';
import {
  describeFailure,
  type RetryBudget,
  type RetryContext,
  withRetry,
  withTokenRefresh,
} from './retry.ts';
import { exchangeJson } from './transport.ts';

interface Request<S extends z.ZodType> {
  readonly endpoint: EndpointName;
  readonly body: object;
  readonly schema: S;
  readonly page: number | undefined;
  /** Every token this call has sent; a server may echo an earlier one after a refresh. */
  readonly tokens: Set<string>;
}

/**
 * One statistics/condition call with every policy applied, outermost first: transient retries with
 * backoff, within a time budget → one token refresh on 900001/900002 → the endpoint's rate-limit lane
 * (and its 229000 pauses) → a single HTTP exchange, validated against the endpoint's schema. Every error
 * and event leaves with the token and the provider's secrets scrubbed out.
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

  async call<S extends z.ZodType>(
    endpoint: EndpointName,
    body: object,
    schema: S,
    page?: number,
  ): Promise<z.infer<S>> {
    const request = { endpoint, body, schema, page, tokens: new Set<string>() };
    try {
      return await withRetry(
        (_attempt, budget) => this.#attempt(request, budget),
        this.#retryContext(endpoint),
      );
    } catch (error) {
      // Exchanges scrub their own errors; this catches what the token provider let through.
      throw redactError(error, this.#secrets(request.tokens));
    }
  }

  #retryContext(endpoint: EndpointName): RetryContext {
    const o = this.#options;
    const { onRetry } = o.events;
    return {
      endpoint,
      policy: o.retry,
      clock: o.clock,
      random: o.random,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(onRetry && {
        onRetry: ({ attempt, waitMs, error }) =>
          onRetry({ endpoint, attempt, waitMs, reason: describeFailure(error) }),
      }),
    };
  }

  #attempt<S extends z.ZodType>(request: Request<S>, budget: RetryBudget): Promise<z.infer<S>> {
    const o = this.#options;
    const { onTokenRefresh } = o.events;
    return withTokenRefresh(
      o.tokenProvider,
      (token) => this.#paced(request.endpoint, budget, () => this.#exchange(request, token, budget)),
      onTokenRefresh && (() => onTokenRefresh()),
    );
  }

  /**
   * The endpoint's rate-limit lane. Queuing there, 229000 pauses included, is pacing rather than
   * retrying (and bounded by the limiter itself), so it does not count against the retry budget.
   */
  #paced<T>(endpoint: EndpointName, budget: RetryBudget, exchange: () => Promise<T>): Promise<T> {
    const { clock, maxRateLimitRetries, signal } = this.#options;
    let queuedAt = clock.now();
    return withinRateLimit(
      this.#limiter,
      endpoint,
      async () => {
        budget.exclude(clock.now() - queuedAt);
        try {
          return await exchange();
        } finally {
          queuedAt = clock.now();
        }
      },
      { maxRetries: maxRateLimitRetries, ...(signal ? { signal } : {}) },
    );
  }

  async #exchange<S extends z.ZodType>(
    { endpoint, body, schema, page, tokens }: Request<S>,
    token: string,
    budget: RetryBudget,
  ): Promise<z.infer<S>> {
    const o = this.#options;
    this.#calls++;
    tokens.add(token);
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
        timeoutMs: budget.timeoutMs(o.requestTimeoutMs),
        maxResponseBytes: o.maxResponseBytes,
        ...(o.fetch ? { fetch: o.fetch } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const answer = readAnswer(endpoint, json, schema);
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
      const redacted = redactError(error, this.#secrets(tokens));
      const retCode = redacted instanceof SobotError ? redacted.retCode : undefined;
      o.events.onCall?.({ endpoint, ...pageInfo, ok: false, ...(retCode ? { retCode } : {}) });
      throw redacted;
    }
  }

  #secrets(tokens: ReadonlySet<string>): string[] {
    return [...tokens, ...(this.#options.tokenProvider.secrets?.() ?? [])];
  }
}
