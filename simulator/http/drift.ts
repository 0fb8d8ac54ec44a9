import { durationText, percentText } from '../data/format.ts';
import { hash32, hashString } from '../data/random.ts';
import type { Row } from '../endpoints/context.ts';

/**
 * `drift: true`: statistics answers the way a real account's may drift from the document. Which
 * fields drift is fixed by the seed (a hash of seed, endpoint and field name), so the same seed
 * drifts the same fields on every row and every run. The drifts, all of them:
 *
 * 1. thousands: some whole numbers arrive as strings with thousands separators (1234 → "1,234").
 * 2. clock: some millisecond durations (`*duration*`) arrive as "HH:mm:ss", or "mm:ss" under an hour.
 * 3. percent: some rates that have a `_str` twin (`human_self_rate` 0.75) arrive as "75.00%".
 * 4. epoch: work-status rows (getWorkLogList) date `result_date` as an epoch-millisecond string.
 * 5. extra: every row carries one undocumented field.
 * 6. result_date: period rows (summary_way 1–3 on getStat, getMsgStat) are dated with `result_date`
 *    instead of `real_date`.
 * 7. renamed: `human_consult` is `humanConsult`.
 *
 * Only the statistics endpoints drift (the condition lists are ids and names); the default answers
 * are untouched.
 */

const EXTRA_FIELDS = ['data_version', 'tenant_region', 'stat_update_time'] as const;
const RENAMED = { from: 'human_consult', to: 'humanConsult' } as const;

type Kind = 'thousands' | 'clock' | 'percent';

export class Drift {
  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  /** A copy of `row` with the drifts applied; `row` itself (which may be cached) is not changed. */
  row(endpoint: string, row: Row): Row {
    const out: Row = {};
    for (const [field, value] of Object.entries(row)) {
      const key = renamed(field, row);
      out[key] = this.value(endpoint, field, value, row);
    }
    const extra =
      EXTRA_FIELDS[hash32(this.seed, hashString(endpoint)) % EXTRA_FIELDS.length] ?? 'data_version';
    out[extra] = extra === 'stat_update_time' ? '2025-01-01 00:00:00' : 'v2';
    return out;
  }

  private value(endpoint: string, field: string, value: unknown, row: Row): unknown {
    if (endpoint === 'getWorkLogList' && field === 'result_date' && typeof value === 'string') {
      return String(Date.parse(`${value}T00:00:00Z`));
    }
    const kind = kindOf(field, value, row);
    if (kind === undefined || !this.picks(endpoint, field, kind)) return value;
    const n = Number(value);
    switch (kind) {
      case 'thousands':
        return n.toLocaleString('en-US');
      case 'clock':
        return n < 3_600_000 ? durationText(n).slice(3) : durationText(n);
      case 'percent':
        return percentText(n);
    }
  }

  /** About one field in three of each kind, the same ones for a seed and endpoint. */
  private picks(endpoint: string, field: string, kind: Kind): boolean {
    return hash32(this.seed, hashString(`${endpoint}|${kind}`), hashString(field)) % 3 === 0;
  }
}

function renamed(field: string, row: Row): string {
  if (field === RENAMED.from) return RENAMED.to;
  if (field === 'real_date' && 'show_date' in row) return 'result_date';
  return field;
}

// "transfer_first_res_duration Long No Transferred 1st-Response Chats" (staffWorkStatis) is a count.
const NOT_A_DURATION = new Set(['transfer_first_res_duration']);

function kindOf(field: string, value: unknown, row: Row): Kind | undefined {
  if (field.includes('duration') && !field.endsWith('_str') && !NOT_A_DURATION.has(field)) {
    const ms = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
    return Number.isFinite(ms) && String(value).trim() !== '' ? 'clock' : undefined;
  }
  if (typeof value !== 'number') return undefined;
  if (`${field}_str` in row) return 'percent';
  return Number.isInteger(value) ? 'thousands' : undefined;
}
