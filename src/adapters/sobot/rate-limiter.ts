import type { Clock } from '../../core/clock.ts';
import { CALLS_PER_WINDOW, RATE_WINDOW_MS } from '../../core/sobot/endpoints.ts';
import { SobotRateLimitError } from './errors.ts';

export interface RateLimitOptions {
  /** Calls allowed per window and key; default 20 ("20 calls per minute per API"). */
  readonly calls?: number;
  readonly windowMs?: number;
  /** Added to the window so a call that reaches the server a little late still lands in a fresh window. */
  readonly marginMs?: number;
}

export const DEFAULT_RATE_LIMIT = {
  calls: CALLS_PER_WINDOW,
  windowMs: RATE_WINDOW_MS,
  marginMs: 500,
} as const;

type ThrottleListener = (event: { key: string; waitMs: number; reason: 'limiter' | '229000' }) => void;

/** A granted call. Its time moves to when the call finished: the server counted it somewhere in between. */
interface Grant {
  at: number;
}

interface Waiter {
  readonly resolve: (grant: Grant) => void;
  readonly reject: (reason: unknown) => void;
}

/** One key's state: when its recent calls were granted, who waits, and a server-imposed pause. */
class Lane {
  grants: Grant[] = [];
  readonly waiters: Waiter[] = [];
  pausedUntil = 0;
  pumping = false;
}

/**
 * A sliding-window limiter with one independent FIFO lane per key (per endpoint), so a busy endpoint
 * never holds up another. `pause` stops a lane until the server's "Try again [N]s later" has passed.
 */
export class SlidingWindowRateLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly calls: number;
  private readonly spanMs: number;
  private readonly clock: Clock;
  private readonly onThrottle: ThrottleListener | undefined;

  constructor(clock: Clock, options: RateLimitOptions = {}, onThrottle?: ThrottleListener) {
    this.clock = clock;
    this.onThrottle = onThrottle;
    this.calls = options.calls ?? DEFAULT_RATE_LIMIT.calls;
    this.spanMs =
      (options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs) + (options.marginMs ?? DEFAULT_RATE_LIMIT.marginMs);
    if (!(this.calls >= 1) || !(this.spanMs > 0))
      throw new RangeError('rate limit needs calls >= 1 and a positive window');
  }

  /**
   * Resolves when `key` may make one call, with a `done` to call when the call has finished. The call
   * counts from its grant until `done`, then from the moment of `done`: the server starts its window when
   * the request arrives, which can be well after the grant on a slow network, and counting from the
   * response keeps a late arrival from being refused with 229000.
   */
  acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const lane = this.lane(key);
    return new Promise<() => void>((resolve, reject) => {
      const onAbort = () => {
        const index = lane.waiters.indexOf(waiter);
        if (index >= 0) lane.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve: (grant) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(() => {
            grant.at = Math.max(grant.at, this.clock.now());
          });
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      lane.waiters.push(waiter);
      void this.pump(key, lane);
    });
  }

  /** Holds every call on `key`, queued or new, for `ms` from now. */
  pause(key: string, ms: number): void {
    const lane = this.lane(key);
    lane.pausedUntil = Math.max(lane.pausedUntil, this.clock.now() + ms);
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new Lane();
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private async pump(key: string, lane: Lane): Promise<void> {
    if (lane.pumping) return;
    lane.pumping = true;
    try {
      while (lane.waiters.length > 0) {
        const now = this.clock.now();
        lane.grants = lane.grants.filter((grant) => grant.at + this.spanMs > now);
        const oldest = Math.min(...lane.grants.map((grant) => grant.at));
        const pauseWait = lane.pausedUntil - now;
        const windowWait = lane.grants.length >= this.calls ? oldest + this.spanMs - now : 0;
        const waitMs = Math.max(pauseWait, windowWait);
        if (waitMs > 0) {
          this.onThrottle?.({ key, waitMs, reason: pauseWait >= windowWait ? '229000' : 'limiter' });
          await this.clock.sleep(waitMs);
          continue;
        }
        const grant = { at: now };
        lane.grants.push(grant);
        lane.waiters.shift()?.resolve(grant);
      }
    } finally {
      lane.pumping = false;
    }
  }
}

/** Bound on consecutive 229000 answers for one call before giving up. */
export const DEFAULT_MAX_RATE_LIMIT_RETRIES = 5;

/**
 * Takes a slot on `key`, then runs `operation`. When the server still answers 229000 the lane is paused
 * for the server's own "Try again [N]s later" and the call queues again, at most `maxRetries` times in a row.
 */
export async function withinRateLimit<T>(
  limiter: SlidingWindowRateLimiter,
  key: string,
  operation: () => Promise<T>,
  options: { readonly maxRetries?: number; readonly signal?: AbortSignal } = {},
): Promise<T> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RATE_LIMIT_RETRIES;
  for (let hits = 0; ; hits++) {
    const done = await limiter.acquire(key, options.signal);
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof SobotRateLimitError)) throw error;
      if (hits >= maxRetries) throw exhausted(error, hits + 1);
      limiter.pause(key, error.retryAfterMs);
    } finally {
      done();
    }
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
