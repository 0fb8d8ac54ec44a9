import type { Clock } from '../../core/clock.ts';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly isRetryable: (error: unknown) => boolean;
  readonly signal?: AbortSignal | undefined;
  /** Jitter source in [0, 1); injectable so tests see fixed delays. */
  readonly random?: () => number;
}

/**
 * Runs `operation`, retrying retryable failures with capped exponential backoff and "equal jitter"
 * (half fixed, half random), so a burst of throttled callers spreads out. The last error is rethrown.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { policy, clock, isRetryable, signal } = options;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await clock.sleep(ceiling / 2 + (random() * ceiling) / 2, signal);
    }
  }
}

interface AwsLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'SlowDown',
  'RequestThrottled',
  'RequestLimitExceeded',
]);
const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

export function isThrottling(error: unknown): boolean {
  const e = error as AwsLikeError;
  return THROTTLING.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

/** Throttling, a 5xx, a timeout or a dropped connection: worth another attempt. */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as AwsLikeError;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    isThrottling(error) ||
    Boolean(e.$retryable) ||
    status >= 500 ||
    TRANSIENT.has(e.name ?? '') ||
    NETWORK.has(e.code ?? '')
  );
}
