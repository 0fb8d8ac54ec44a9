import type { Account } from './account.ts';
import type { PeriodBucket } from './calendar.ts';
import { addDayCell, addTotals, CELL_WIDTH, F } from './cells.ts';
import { buildProfiles, DayGenerator } from './generate.ts';
import { LruCache } from './lru.ts';

/**
 * Generated days, and sums over them. Days are generated on first use and kept within a memory
 * budget; per-agent range totals are kept per range, so every endpoint asking about the same
 * period (and every page of it) is answered from one pass over the days.
 */

/** Per-agent totals over a range, plus the first and last worked day for the work log. */
export interface AgentRangeTotals {
  readonly sums: Float64Array;
  readonly firstDay: Int32Array;
  readonly firstLoginMs: Int32Array;
  readonly lastDay: Int32Array;
  readonly lastLoginMs: Int32Array;
  readonly lastLeaveMs: Int32Array;
}

// Int32 values, ~160 MB: enough to hold a full 90-day range of a 5,000-agent account.
const DAY_CACHE_BUDGET = 40_000_000;
const MAX_CACHED_DAYS = 1_000;

function shiftEndOffset(table: ArrayLike<number>, o: number): number {
  let end = 0;
  for (const f of [
    F.login_offset_ms,
    F.online_ms,
    F.busy_ms,
    F.rest_ms,
    F.eat_ms,
    F.active_ms,
    F.train_ms,
    F.meet_ms,
  ]) {
    end += table[o + f] ?? 0;
  }
  return end;
}

export class ActivityStore {
  private readonly generator: DayGenerator;
  private readonly days: LruCache<number, Int32Array>;
  private readonly ranges = new LruCache<string, AgentRangeTotals>(16);
  readonly account: Account;
  private readonly isQuiet: (day: number) => boolean;

  constructor(account: Account, isQuiet: (day: number) => boolean) {
    this.account = account;
    this.isQuiet = isQuiet;
    this.generator = new DayGenerator(account, buildProfiles(account));
    const perDay = account.agents.length * CELL_WIDTH;
    this.days = new LruCache(Math.max(8, Math.min(MAX_CACHED_DAYS, Math.floor(DAY_CACHE_BUDGET / perDay))));
  }

  day(day: number): Int32Array {
    return this.days.getOrCompute(day, () => this.generator.generate(day, this.isQuiet(day)));
  }

  agentTotals(fromDay: number, toDay: number): AgentRangeTotals {
    return this.ranges.getOrCompute(`${fromDay}:${toDay}`, () => this.computeAgentTotals(fromDay, toDay));
  }

  /** Sums the given agents' range totals into one cell. */
  sumAgents(totals: AgentRangeTotals, agents: readonly number[]): Float64Array {
    const out = new Float64Array(CELL_WIDTH);
    for (const a of agents) addTotals(out, 0, totals.sums, a * CELL_WIDTH);
    return out;
  }

  /**
   * Sums per (bucket, dimension value): `result[b][k]` is a cell. Summary buckets (one for the
   * whole range) come from the range totals; others walk the days.
   */
  byBucketAndDimension(
    fromDay: number,
    toDay: number,
    buckets: readonly PeriodBucket[],
    agents: readonly number[],
    dimensionOf: (agent: number) => number,
    dimensionCount: number,
  ): Float64Array[][] {
    const result = buckets.map(() =>
      Array.from({ length: dimensionCount }, () => new Float64Array(CELL_WIDTH)),
    );
    const single = buckets.length === 1 && buckets[0]?.firstDay === fromDay && buckets[0]?.lastDay === toDay;
    if (single) {
      const totals = this.agentTotals(fromDay, toDay);
      const cells = result[0] ?? [];
      for (const a of agents)
        addTotals(cells[dimensionOf(a)] as Float64Array, 0, totals.sums, a * CELL_WIDTH);
      return result;
    }
    buckets.forEach((bucket, b) => {
      const cells = result[b] ?? [];
      for (let day = bucket.firstDay; day <= bucket.lastDay; day++) {
        const table = this.day(day);
        for (const a of agents) addDayCell(cells[dimensionOf(a)] as Float64Array, 0, table, a * CELL_WIDTH);
      }
    });
    return result;
  }

  private computeAgentTotals(fromDay: number, toDay: number): AgentRangeTotals {
    const n = this.account.agents.length;
    const totals: AgentRangeTotals = {
      sums: new Float64Array(n * CELL_WIDTH),
      firstDay: new Int32Array(n).fill(-1),
      firstLoginMs: new Int32Array(n),
      lastDay: new Int32Array(n).fill(-1),
      lastLoginMs: new Int32Array(n),
      lastLeaveMs: new Int32Array(n),
    };
    for (let day = fromDay; day <= toDay; day++) {
      const table = this.day(day);
      for (let a = 0; a < n; a++) {
        const o = a * CELL_WIDTH;
        if (table[o + F.worked] === 0) continue;
        addDayCell(totals.sums, o, table, o);
        if (totals.firstDay[a] === -1) {
          totals.firstDay[a] = day;
          totals.firstLoginMs[a] = table[o + F.login_offset_ms] ?? 0;
        }
        totals.lastDay[a] = day;
        totals.lastLoginMs[a] = table[o + F.login_offset_ms] ?? 0;
        totals.lastLeaveMs[a] = shiftEndOffset(table, o);
      }
    }
    return totals;
  }
}
