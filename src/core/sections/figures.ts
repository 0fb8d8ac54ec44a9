/** Aggregates over API rows that keep "unknown" apart from 0. */

export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

/** Sum of a field over rows; null when no row carries it, so "unknown" never reads as 0. */
export function sumOf<T>(rows: readonly T[], pick: (row: T) => number | null | undefined): number | null {
  let total: number | null = null;
  for (const row of rows) {
    const value = pick(row);
    if (typeof value === 'number' && Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/**
 * Mean of per-row averages weighted by each row's own count, which is what the API would report for
 * the union of the rows. Averaging the averages would let a department with 3 chats weigh as much
 * as one with 3,000.
 */
export function weightedAverage<T>(
  rows: readonly T[],
  average: (row: T) => number | null | undefined,
  weight: (row: T) => number | null | undefined,
): number | null {
  let weighted = 0;
  let weights = 0;
  for (const row of rows) {
    const a = average(row);
    const w = weight(row);
    if (typeof a !== 'number' || typeof w !== 'number' || !Number.isFinite(a) || w <= 0) continue;
    weighted += a * w;
    weights += w;
  }
  return weights === 0 ? null : weighted / weights;
}

/**
 * Parsed fields are numbers or null, but the customer and satisfaction schemas type some as `unknown`
 * (withMoM takes a plain ZodType).
 */
export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
