import type { Clock } from '../../core/clock.ts';
import { CALLS_PER_WINDOW, RATE_WINDOW_MS } from '../../core/sobot/endpoints.ts';

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

/** The one lane every endpoint shares once the limit proved to be the account's. */
export const ACCOUNT_LANE = 'all endpoints';

export interface RateLimitListeners {
  readonly onThrottle?: (event: {
    key: string;
    waitMs: number;
    reason: 'limiter' | '229000';
    scope: 'endpoint' | 'account';
  }) => void;
  /** Once per limiter: a 229000 on `key` while its own lane had room, so every key is paced as one from now on. */
  readonly onAccountWide?: (event: { key: string }) => void;
}

/** A granted call. Its time moves to when the call finished: the server counted it somewhere in between. */
interface Grant {
  at: number;
}

interface Waiter {
  readonly order: number;
  readonly resolve: (grant: Grant) => void;
  readonly reject: (reason: unknown) => void;
}

/** One key's state: when its recent calls were granted, who waits, and a server-imposed pause. */
class Lane {
  grants: Grant[] = [];
  waiters: Waiter[] = [];
  pausedUntil = 0;
  pumping = false;
}

/** A call allowed to start: `done` once it has finished. */
export interface Slot<T> {
  readonly value: T;
  readonly done: () => void;
}

/**
 * A sliding-window limiter with one independent FIFO lane per key (per endpoint), so a busy endpoint
 * never holds up another. `refused` stops a lane until the server's "Try again [N]s later" has passed.
 *
 * Every endpoint's notes say "a current maximum allowance of 20 calls per minute" (reference, e.g.
 * getStat "Note" 1), and the 229000 message "Currently [20] times of API call within [60]s is
 * allowed" (reference, "Uniform Status Code Description"); neither says whether per endpoint or per
 * account. Lanes are per endpoint, the faster reading; a 229000 on a lane that had room shows the
 * count is wider, and from then on one lane holds every key (the slower reading, which always holds).
 */
export class SlidingWindowRateLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly calls: number;
  private readonly spanMs: number;
  private readonly clock: Clock;
  private readonly listeners: RateLimitListeners;
  private accountWide = false;
  private order = 0;

  constructor(clock: Clock, options: RateLimitOptions = {}, listeners: RateLimitListeners = {}) {
    this.clock = clock;
    this.listeners = listeners;
    this.calls = options.calls ?? DEFAULT_RATE_LIMIT.calls;
    this.spanMs =
      (options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs) + (options.marginMs ?? DEFAULT_RATE_LIMIT.marginMs);
    if (!(this.calls >= 1) || !(this.spanMs > 0))
      throw new RangeError('rate limit needs calls >= 1 and a positive window');
  }

  /** Resolves when `key` may make one call, with a `done` to call when the call has finished. */
  async acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    return (await this.start(key, async () => undefined, signal)).done;
  }

  /**
   * Waits for a slot on `key`, then for `prepare` (the token, which may be behind a refresh), and
   * resolves once the call may start. A pause that began while `prepare` ran, or account-wide pacing
   * that filled up meanwhile, gives the slot back and queues the call again: nothing starts in a pause.
   *
   * The call counts from its grant until `done`, then from the moment of `done`: the server starts its
   * window when the request arrives, which can be well after the grant on a slow network, and counting
   * from the response keeps a late arrival from being refused with 229000.
   */
  async start<T>(key: string, prepare: () => Promise<T>, signal?: AbortSignal): Promise<Slot<T>> {
    for (;;) {
      const grant = await this.grant(key, signal);
      let value: T;
      try {
        value = await prepare();
      } catch (error) {
        this.giveBack(grant);
        throw error;
      }
      if (this.mayStart(key, grant)) {
        return {
          value,
          done: () => {
            grant.at = Math.max(grant.at, this.clock.now());
          },
        };
      }
      this.giveBack(grant);
    }
  }

  /**
   * The server refused a call on `key` with 229000 and "Try again [N]s": hold every call on its lane
   * for `ms` from now. If the lane had room, the limit is not the endpoint's alone: switch to
   * account-wide pacing for good, and say so once.
   */
  refused(key: string, ms: number): void {
    if (!this.accountWide && this.recent(this.lane(key)).length < this.calls) this.goAccountWide(key);
    this.pause(key, ms);
  }

  /** Holds every call on `key`'s lane, queued or new, for `ms` from now. */
  pause(key: string, ms: number): void {
    const lane = this.lane(key);
    lane.pausedUntil = Math.max(lane.pausedUntil, this.clock.now() + ms);
  }

  private laneKey(key: string): string {
    return this.accountWide ? ACCOUNT_LANE : key;
  }

  private lane(key: string): Lane {
    const laneKey = this.laneKey(key);
    let lane = this.lanes.get(laneKey);
    if (!lane) {
      lane = new Lane();
      this.lanes.set(laneKey, lane);
    }
    return lane;
  }

  private recent(lane: Lane): Grant[] {
    const now = this.clock.now();
    lane.grants = lane.grants.filter((grant) => grant.at + this.spanMs > now);
    return lane.grants;
  }

  /** Every lane's recent calls, waiters (in arrival order) and pause go into the one account lane. */
  private goAccountWide(key: string): void {
    const merged = new Lane();
    for (const lane of this.lanes.values()) {
      merged.grants.push(...this.recent(lane));
      merged.waiters.push(...lane.waiters);
      merged.pausedUntil = Math.max(merged.pausedUntil, lane.pausedUntil);
      // A pump still sleeping on an old lane finds it empty when it wakes.
      lane.waiters = [];
    }
    merged.waiters.sort((a, b) => a.order - b.order);
    this.lanes.clear();
    this.lanes.set(ACCOUNT_LANE, merged);
    this.accountWide = true;
    this.listeners.onAccountWide?.({ key });
    void this.pump(ACCOUNT_LANE, merged);
  }

  private mayStart(key: string, grant: Grant): boolean {
    const lane = this.lane(key);
    if (lane.pausedUntil > this.clock.now()) return false;
    // After a switch to account-wide pacing while `prepare` ran, the merged lane may be over the limit.
    const recent = this.recent(lane);
    if (recent.includes(grant)) return recent.length <= this.calls;
    // The grant aged out of the window while `prepare` ran: the call counts from now, if there is room.
    if (recent.length >= this.calls) return false;
    grant.at = this.clock.now();
    recent.push(grant);
    return true;
  }

  private giveBack(grant: Grant): void {
    for (const lane of this.lanes.values()) {
      const index = lane.grants.indexOf(grant);
      if (index >= 0) lane.grants.splice(index, 1);
    }
  }

  private grant(key: string, signal?: AbortSignal): Promise<Grant> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Grant>((resolve, reject) => {
      const onAbort = () => {
        for (const lane of this.lanes.values()) {
          const index = lane.waiters.indexOf(waiter);
          if (index >= 0) lane.waiters.splice(index, 1);
        }
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        order: this.order++,
        resolve: (grant) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(grant);
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const lane = this.lane(key);
      lane.waiters.push(waiter);
      void this.pump(this.laneKey(key), lane);
    });
  }

  private async pump(key: string, lane: Lane): Promise<void> {
    if (lane.pumping) return;
    lane.pumping = true;
    const scope = key === ACCOUNT_LANE ? 'account' : 'endpoint';
    try {
      while (lane.waiters.length > 0) {
        const now = this.clock.now();
        const recent = this.recent(lane);
        const oldest = Math.min(...recent.map((grant) => grant.at));
        const pauseWait = lane.pausedUntil - now;
        const windowWait = recent.length >= this.calls ? oldest + this.spanMs - now : 0;
        const waitMs = Math.max(pauseWait, windowWait);
        if (waitMs > 0) {
          const reason = pauseWait >= windowWait ? '229000' : 'limiter';
          this.listeners.onThrottle?.({ key, waitMs, reason, scope });
          await this.clock.sleep(waitMs);
          continue;
        }
        const grant = { at: now };
        recent.push(grant);
        lane.waiters.shift()?.resolve(grant);
      }
    } finally {
      lane.pumping = false;
    }
  }
}

/** Bound on consecutive 229000 answers for one call before giving up. */
export const DEFAULT_MAX_RATE_LIMIT_RETRIES = 5;
