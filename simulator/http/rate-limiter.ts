import type { Clock } from '../../src/core/clock.ts';

type Admission = { readonly ok: true } | { readonly ok: false; readonly waitSeconds: number };

/**
 * "20 calls per minute per API", account-wide: a sliding window of accepted calls per endpoint.
 * Rejected calls are not counted.
 */
export class SlidingWindowLimiter {
  private readonly accepted = new Map<string, number[]>();
  readonly calls: number;
  readonly windowMs: number;
  private readonly clock: Clock;

  constructor(calls: number, windowMs: number, clock: Clock) {
    this.calls = calls;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  admit(key: string): Admission {
    if (!Number.isFinite(this.calls)) return { ok: true };
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
