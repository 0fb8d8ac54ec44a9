import type * as z from 'zod';
import type { ClientEvents } from '../../core/sobot/api.ts';
import { ENDPOINTS, type EndpointName, RET_CODE } from '../../core/sobot/endpoints.ts';
import type { ResolvedClientOptions } from './client-options.ts';
import { SobotError, SobotRateLimitError, SobotTokenError } from './errors.ts';
import { type RateLimitListeners, SlidingWindowRateLimiter } from './rate-limiter.ts';
import { redactError } from './redact.ts';
import { readAnswer } from './response.ts';
import { describeFailure, type RetryBudget, type RetryContext, withRetry } from './retry.ts';
import { gateFor, type TokenGate } from './token-gate.ts';
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
 * Token rejections one attempt tolerates. Only the first may be of the token calls are being sent
 * with (it is replaced once); the others are of tokens replaced while the call was in flight.
 */
const MAX_TOKEN_REJECTIONS = 3;

/** The client's events as the limiter's listeners: lanes are named by endpoint. */
export function limiterListeners(events: ClientEvents): RateLimitListeners {
  const { onThrottle, onAccountWidePacing } = events;
  return {
    ...(onThrottle && {
      onThrottle: ({ key, waitMs, reason, scope }) => onThrottle({ endpoint: key, waitMs, reason, scope }),
    }),
    ...(onAccountWidePacing && { onAccountWide: ({ key }) => onAccountWidePacing({ endpoint: key }) }),
  };
}

/**
 * One statistics/condition call with every policy applied, outermost first: transient retries with
 * backoff, within a time budget → the endpoint's rate-limit lane (and its 229000 pauses) → the token,
 * taken at the moment of sending from the shared refresh barrier (`TokenGate`) → a single HTTP
 * exchange, validated against the endpoint's schema. A 229000 pauses the lane and queues the call
 * again; a 900001/900002 replaces the token once and queues it again. Every error and event leaves
 * with the token and the provider's secrets scrubbed out.
 */
export class EndpointCaller {
  readonly #options: ResolvedClientOptions;
  readonly #limiter: SlidingWindowRateLimiter;
  readonly #gate: TokenGate;
  #calls = 0;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    this.#limiter =
      options.rateLimiter ??
      new SlidingWindowRateLimiter(options.clock, options.rateLimit, limiterListeners(options.events));
    this.#gate = gateFor(options.tokenProvider);
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

  /**
   * Queuing in the lane, waiting for the token and waiting out 229000 pauses is pacing rather than
   * retrying (and bounded on its own), so it does not count against the retry budget.
   */
  async #attempt<S extends z.ZodType>(request: Request<S>, budget: RetryBudget): Promise<z.infer<S>> {
    const { clock, maxRateLimitRetries, signal, events } = this.#options;
    const { endpoint } = request;
    let refusals = 0;
    let rejections = 0;
    for (;;) {
      const queuedAt = clock.now();
      const slot = await this.#limiter.start(
        endpoint,
        () => this.#gate.current(events.onTokenRefresh),
        signal,
      );
      const token = slot.value;
      let failure: unknown;
      try {
        budget.exclude(clock.now() - queuedAt);
        return await this.#exchange(request, token, budget);
      } catch (error) {
        failure = error;
      } finally {
        slot.done();
      }
      if (failure instanceof SobotRateLimitError) {
        if (++refusals > maxRateLimitRetries) throw exhausted(failure, refusals);
        this.#limiter.refused(endpoint, failure.retryAfterMs);
        continue;
      }
      if (!(failure instanceof SobotTokenError)) throw failure;
      rejections++;
      const stale = !this.#gate.isNewest(token);
      if ((rejections > 1 && !stale) || rejections > MAX_TOKEN_REJECTIONS) throw failure;
      const waitingSince = clock.now();
      await this.#gate.replace(token, events.onTokenRefresh);
      budget.exclude(clock.now() - waitingSince);
    }
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

function exhausted(error: SobotRateLimitError, attempts: number): SobotRateLimitError {
  const { endpoint, retCode, retMsg, retryAfterMs } = error;
  return new SobotRateLimitError({
    endpoint,
    retryAfterMs,
    attempts,
    ...(retCode === undefined ? {} : { retCode }),
    ...(retMsg === undefined ? {} : { retMsg }),
    cause: error,
  });
}
