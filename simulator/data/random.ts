/**
 * Seeded, allocation-free randomness. Every simulated figure comes from a hash of (seed, day, agent),
 * so any slice of the data can be regenerated on demand and always comes out the same.
 */

function finalize(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of up to three integers. */
export function hash32(a: number, b = 0, c = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x01000193);
  h = finalize(h ^ Math.imul(b + 0x7f4a7c15, 0x2c1b3c6d));
  h = finalize(h ^ Math.imul(c + 0x165667b1, 0x297a2d39));
  return h;
}

/** A uniform number in [0, 1) from up to three integers. */
export function unitHash(a: number, b = 0, c = 0): number {
  return hash32(a, b, c) / 4_294_967_296;
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return finalize(h);
}

/** mulberry32: small, fast and good enough for plausible statistics. Reseed instead of allocating. */
export class Prng {
  private state = 0;

  constructor(seed = 0) {
    this.state = seed >>> 0;
  }

  reseed(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A share of `count`, rounded stochastically, never above `count`. */
  part(count: number, probability: number): number {
    if (count <= 0) return 0;
    return Math.min(count, Math.floor(count * probability + this.next()));
  }
}

/** 32 lowercase hex characters, deterministic in its inputs (ids that look like Sobot's). */
export function hexId(seed: number, kind: number, index: number): string {
  let out = '';
  for (let i = 0; i < 4; i++)
    out += hash32(seed, kind * 1_000_003 + index, i)
      .toString(16)
      .padStart(8, '0');
  return out;
}
