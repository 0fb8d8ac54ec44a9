import type { Clock } from '../../core/clock.ts';
import {
  SobotError,
  SobotMalformedJsonError,
  SobotRetryBudgetError,
  SobotServerError,
  SobotTransportError,
} from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * What one call may spend on attempts and the waits between them, on the injected clock; default
   * 2 minutes. Each attempt's request timeout is cut to what is left.
   */
  readonly maxElapsedMs?: number;
}

const DEFAULT_MAX_ELAPSED_MS = 120_000;

export const DEFAULT_RETRY_POLICY: Required<RetryPolicy> = {
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxElapsedMs: DEFAULT_MAX_ELAPSED_MS,
};

/** A truncated body may come right on a retry, a systematically broken one will not; so only this many. */
const MALFORMED_JSON_RETRIES = 2;

/** "Full jitter": uniform in [0, min(max, base·2^(retry-1))), so a burst of failures does not retry in step. */
function fullJitterDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** 999999, HTTP 5xx, timeouts, resets and (a couple of times) malformed JSON; never 222000 or 229000. */
function isTransient(error: unknown, retry: number): boolean {
  if (error instanceof SobotMalformedJsonError) return retry <= MALFORMED_JSON_RETRIES;
  return error instanceof SobotServerError || error instanceof SobotTransportError;
}

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  readonly signal?: AbortSignal;
  readonly onRetry?: (event: { attempt: number; waitMs: number; error: unknown }) => void;
  /** Names the call in SobotRetryBudgetError. */
  readonly endpoint: string;
}

/**
 * What is left of one call's retry budget, on the injected clock. Request timeouts run on real time,
 * so an attempt gets the shorter of its own timeout and what is left, as measured here.
 */
export class RetryBudget {
  readonly #clock: Clock;
  #deadline: number;
  readonly budgetMs: number;

  constructor(clock: Clock, budgetMs: number) {
    this.#clock = clock;
    this.budgetMs = budgetMs;
    this.#deadline = clock.now() + budgetMs;
  }

  remainingMs(): number {
    return this.#deadline - this.#clock.now();
  }

  /** At least 1 ms: an attempt is only started with time left, and a real clock may overshoot a wait. */
  timeoutMs(requestTimeoutMs: number): number {
    return Math.max(1, Math.min(requestTimeoutMs, this.remainingMs()));
  }

  /** Time that does not count, such as queuing for a rate-limit slot: pacing, not retrying. */
  exclude(ms: number): void {
    this.#deadline += ms;
  }
}

/**
 * Runs `operation` until it succeeds, fails with a non-transient error, or the attempts are spent (the
 * last error is thrown as is), or the next wait would cross the budget (SobotRetryBudgetError).
 */
export async function withRetry<T>(
  operation: (attempt: number, budget: RetryBudget) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  const budget = new RetryBudget(context.clock, context.policy.maxElapsedMs ?? DEFAULT_MAX_ELAPSED_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt, budget);
    } catch (error) {
      if (attempt >= context.policy.maxAttempts || !isTransient(error, attempt)) throw error;
      const waitMs = fullJitterDelay(attempt, context.policy, context.random);
      if (waitMs >= budget.remainingMs()) {
        throw new SobotRetryBudgetError({
          endpoint: context.endpoint,
          attempts: attempt,
          budgetMs: budget.budgetMs,
          cause: error,
        });
      }
      context.onRetry?.({ attempt, waitMs, error });
      await context.clock.sleep(waitMs, context.signal);
    }
  }
}

export function describeFailure(error: unknown): string {
  if (error instanceof SobotError)
    return error.retCode ?? (error.httpStatus ? `HTTP ${error.httpStatus}` : error.name);
  return error instanceof Error ? error.name : 'unknown';
}
