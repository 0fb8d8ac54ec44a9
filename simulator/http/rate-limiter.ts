import type { Clock } from '../../src/core/clock.ts';

type Admission = { readonly ok: true } | { readonly ok: false; readonly waitSeconds: number };

/** Which calls share one count: each endpoint its own, or every endpoint of the account together. */
export type RateLimitScope = 'endpoint' | 'account';

/**
 * "20 calls per minute", a sliding window of accepted calls. The reference does not say per endpoint
 * or per account (every endpoint's "Note" 1), so both readings can be served: per endpoint (the
 * default) or one window for every endpoint. Rejected calls are not counted.
 */
export class SlidingWindowLimiter {
  private readonly accepted = new Map<string, number[]>();
  readonly calls: number;
  readonly windowMs: number;
  private readonly clock: Clock;
  private readonly scope: RateLimitScope;

  constructor(calls: number, windowMs: number, clock: Clock, scope: RateLimitScope = 'endpoint') {
    this.calls = calls;
    this.windowMs = windowMs;
    this.clock = clock;
    this.scope = scope;
  }

  admit(endpoint: string): Admission {
    if (!Number.isFinite(this.calls)) return { ok: true };
    const key = this.scope === 'account' ? '*' : endpoint;
    const now = this.clock.now();
    const times = (this.accepted.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.accepted.set(key, times);
    if (times.length >= this.calls) {
      const oldest = times[0] ?? now;
      return { ok: false, waitSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    return { ok: true };
  }
}
