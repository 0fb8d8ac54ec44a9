import type { Clock } from '../shared/clock.ts';
import type { TokenProvider } from './api.ts';
import {
  SobotError,
  SobotMalformedJsonError,
  SobotServerError,
  SobotTokenError,
  SobotTransportError,
} from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** A truncated body may come right on a retry, a systematically broken one will not; so only this many. */
export const MALFORMED_JSON_RETRIES = 2;

/** "Full jitter": uniform in [0, min(max, base·2^(retry-1))), so a burst of failures does not retry in step. */
export function fullJitterDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** 999999, HTTP 5xx, timeouts, resets and (a couple of times) malformed JSON; never 222000 or 229000. */
export function isTransient(error: unknown, retry: number): boolean {
  if (error instanceof SobotMalformedJsonError) return retry <= MALFORMED_JSON_RETRIES;
  return error instanceof SobotServerError || error instanceof SobotTransportError;
}

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  readonly signal?: AbortSignal;
  readonly onRetry?: (event: { attempt: number; waitMs: number; error: unknown }) => void;
}

/** Runs `operation` until it succeeds, fails with a non-transient error, or the attempts are spent. */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= context.policy.maxAttempts || !isTransient(error, attempt)) throw error;
      const waitMs = fullJitterDelay(attempt, context.policy, context.random);
      context.onRetry?.({ attempt, waitMs, error });
      await context.clock.sleep(waitMs, context.signal);
    }
  }
}

/**
 * Runs `operation` with the shared token; on 900001/900002 refreshes it once (concurrent callers share the
 * refresh, see TokenProvider.refresh) and tries once more. A second rejection is thrown.
 */
export async function withTokenRefresh<T>(
  provider: TokenProvider,
  operation: (token: string) => Promise<T>,
  onRefresh?: () => void,
): Promise<T> {
  const token = await provider.token();
  try {
    return await operation(token);
  } catch (error) {
    if (!(error instanceof SobotTokenError)) throw error;
    onRefresh?.();
    return operation(await provider.refresh(token));
  }
}

export function describeFailure(error: unknown): string {
  if (error instanceof SobotError)
    return error.retCode ?? (error.httpStatus ? `HTTP ${error.httpStatus}` : error.name);
  return error instanceof Error ? error.name : 'unknown';
}
