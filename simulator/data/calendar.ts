import { DateTime } from 'luxon';

/**
 * Calendar days as integers (days since 1970-01-01), and the period buckets of `summary_way`.
 * Figures are generated per calendar day of the requested timezone's wall clock.
 */

const MS_PER_DAY = 86_400_000;

export function dayNumberOf(isoDate: string): number {
  return Math.round(DateTime.fromISO(isoDate, { zone: 'utc' }).toMillis() / MS_PER_DAY);
}

export function isoDateOf(day: number): string {
  return DateTime.fromMillis(day * MS_PER_DAY, { zone: 'utc' }).toISODate() ?? '';
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The summary_way values of the reference: 0 summary, 1 daily, 2 weekly, 3 monthly. */
export type SummaryWay = 0 | 1 | 2 | 3;

export interface PeriodBucket {
  readonly showDate: string;
  readonly realDate: string;
  readonly firstDay: number;
  readonly lastDay: number;
}

function bucketOf(day: number, way: SummaryWay, fromDay: number, toDay: number): PeriodBucket {
  const date = DateTime.fromMillis(day * MS_PER_DAY, { zone: 'utc' });
  switch (way) {
    case 0:
      return {
        showDate: `${isoDateOf(fromDay)}-${isoDateOf(toDay)}`,
        realDate: `${isoDateOf(fromDay)}-${isoDateOf(toDay)}`,
        firstDay: fromDay,
        lastDay: toDay,
      };
    case 1:
      return {
        showDate: date.toISODate() ?? '',
        realDate: date.toISODate() ?? '',
        firstDay: day,
        lastDay: day,
      };
    case 2: {
      // Reference example: real_date "2024-45", show_date "45 week 2024-11-04-2024-11-10" (the whole ISO week).
      const monday = date.startOf('week');
      const sunday = date.endOf('week');
      return {
        showDate: `${date.weekNumber} week ${monday.toISODate()}-${sunday.toISODate()}`,
        realDate: `${date.weekYear}-${String(date.weekNumber).padStart(2, '0')}`,
        firstDay: Math.max(fromDay, dayNumberOf(monday.toISODate() ?? '')),
        lastDay: Math.min(toDay, dayNumberOf(sunday.toISODate() ?? '')),
      };
    }
    case 3: {
      const month = date.toFormat('yyyy-MM');
      return {
        showDate: month,
        realDate: month,
        firstDay: Math.max(fromDay, dayNumberOf(date.startOf('month').toISODate() ?? '')),
        lastDay: Math.min(toDay, dayNumberOf(date.endOf('month').toISODate() ?? '')),
      };
    }
  }
}

/** The buckets covering [fromDay, toDay] in order, each clipped to the range. */
export function bucketsOf(fromDay: number, toDay: number, way: SummaryWay): PeriodBucket[] {
  const buckets: PeriodBucket[] = [];
  let day = fromDay;
  while (day <= toDay) {
    const bucket = bucketOf(day, way, fromDay, toDay);
    buckets.push(bucket);
    day = bucket.lastDay + 1;
  }
  return buckets;
}
