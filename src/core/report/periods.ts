import { DateTime } from 'luxon';
import { MAX_RANGE_DAYS } from '../sobot/endpoints.ts';
import type { PeriodKind, PeriodWindow } from './snapshot.ts';

/**
 * Reporting windows. A window is a run of calendar days, so the arithmetic is on dates alone (luxon in
 * UTC, where every day has 24 hours): a DST day still counts as one day, and a date a zone skipped
 * (Pacific/Kiritimati had no 1994-12-31) still sits between its neighbours. The report's timezone only
 * decides which day is today. `start`/`end` are wall-clock times in that zone: the API reads them in
 * the zone sent as the `timezoneid` header.
 */

export { MAX_RANGE_DAYS };

const DAY = 'yyyy-MM-dd';
const ISO_WEEK = "kkkk-'W'WW";
const MONTH = 'yyyy-MM';

type PeriodField = 'date' | 'from' | 'to' | 'timezone';

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
  readonly field: PeriodField;
  /** What is wrong, without the field: `2025-02-30 is not a date in the form yyyy-MM-dd`. */
  readonly detail: string;

  constructor(field: PeriodField, detail: string) {
    super(`${field}: ${detail}`);
    this.field = field;
    this.detail = detail;
  }
}

/** Whether `value` is a calendar day written `yyyy-MM-dd` (2025-02-30 is not). */
export function isDay(value: string): boolean {
  return DateTime.fromFormat(value, DAY, { zone: 'utc' }).isValid;
}

/** The one wording of a malformed day, whoever finds it (the request schema or the window maths). */
export function notADay(value: string): string {
  return `${value} is not a date in the form ${DAY}`;
}

// Only valid zones are remembered, so the set is bounded by the IANA database.
const validZones = new Set<string>();

function zoneOrThrow(timezone: string): string {
  if (!validZones.has(timezone)) {
    if (!DateTime.now().setZone(timezone).isValid) {
      throw new PeriodError('timezone', `${timezone} is not an IANA timezone such as Asia/Shanghai`);
    }
    validZones.add(timezone);
  }
  return timezone;
}

/** A calendar date, for arithmetic on dates: midnight UTC. */
function dayOrThrow(field: PeriodField, value: string): DateTime {
  const day = DateTime.fromFormat(value, DAY, { zone: 'utc' });
  if (!day.isValid) throw new PeriodError(field, notADay(value));
  return day;
}

/** Today's calendar date in `zone`, for comparing with other dates. */
function todayOf(zone: string, now: number): DateTime {
  return DateTime.fromMillis(now, { zone }).setZone('utc', { keepLocalTime: true }).startOf('day');
}

function windowOf(
  kind: PeriodWindow['kind'],
  first: DateTime,
  last: DateTime,
  timezone: string,
  label: string,
): PeriodWindow {
  const from = first.toFormat(DAY);
  const to = last.toFormat(DAY);
  return {
    kind,
    // Built from the calendar dates rather than `startOf('day')` so a zone whose midnight is skipped
    // by DST still gets the wall-clock window the API expects.
    start: `${from} 00:00:00`,
    end: `${to} 23:59:59`,
    from,
    to,
    timezone,
    label,
    days: last.diff(first, 'days').days + 1,
  };
}

/**
 * The complete period before `reference` (a `yyyy-MM-dd` in `timezone`): the previous day, the
 * previous ISO week (Monday–Sunday) or the previous calendar month.
 */
export function reportWindow(kind: PeriodKind, reference: string, timezone: string): PeriodWindow {
  const key = `${kind} ${reference} ${timezone}`;
  let window = windows.get(key);
  if (!window) {
    window = Object.freeze(computeReportWindow(kind, reference, timezone));
    if (windows.size >= MAX_REMEMBERED_WINDOWS) windows.clear();
    windows.set(key, window);
  }
  return window;
}

/**
 * A run asks for the same few windows again and again (its period, the previous one, each of the
 * trend's periods twice); luxon's calendar maths is most of what they cost. Bounded, since a
 * warm Lambda sandbox sees a new date every day for as long as it lives.
 */
const windows = new Map<string, PeriodWindow>();
const MAX_REMEMBERED_WINDOWS = 1_000;

function computeReportWindow(kind: PeriodKind, reference: string, timezone: string): PeriodWindow {
  const zone = zoneOrThrow(timezone);
  const day = dayOrThrow('date', reference);
  switch (kind) {
    case 'daily': {
      const previousDay = day.minus({ days: 1 });
      return windowOf(kind, previousDay, previousDay, zone, previousDay.toFormat(DAY));
    }
    case 'weekly': {
      const monday = day.startOf('week').minus({ weeks: 1 });
      return windowOf(kind, monday, monday.endOf('week').startOf('day'), zone, monday.toFormat(ISO_WEEK));
    }
    case 'monthly': {
      const first = day.startOf('month').minus({ months: 1 });
      return windowOf(kind, first, first.endOf('month').startOf('day'), zone, first.toFormat(MONTH));
    }
  }
}

/** Today's date (`yyyy-MM-dd`) in `timezone` at the instant `now` (epoch milliseconds). */
export function todayIn(timezone: string, now: number): string {
  return DateTime.fromMillis(now, { zone: zoneOrThrow(timezone) }).toFormat(DAY);
}

/**
 * A report of a day that is not over would be sent with part of its chats, and mark the period
 * delivered: only whole days are reported.
 */
export function assertEnded(window: PeriodWindow, field: PeriodField, now: number): void {
  const zone = zoneOrThrow(window.timezone);
  const today = todayOf(zone, now);
  if (dayOrThrow(field, window.to) >= today) {
    throw new PeriodError(
      field,
      notEnded(window.to, today, zone, `the period ${window.label} (to ${window.to})`),
    );
  }
}

/** A reference date after today names a period that is, at best, the current one: a typo. */
export function assertNotAfterToday(date: string, timezone: string, now: number): void {
  const today = todayOf(zoneOrThrow(timezone), now);
  if (dayOrThrow('date', date) > today) {
    throw new PeriodError('date', `${date} is after today (${today.toFormat(DAY)} in ${timezone})`);
  }
}

function notEnded(day: string, today: DateTime, zone: string, what = day): string {
  const lastWhole = today.minus({ days: 1 }).toFormat(DAY);
  return `${what} has not ended yet in ${zone} (the last whole day is ${lastWhole})`;
}

/**
 * An explicit inclusive range of whole days, ending yesterday at the latest, and spanning at
 * most MAX_RANGE_DAYS: the API rejects longer ranges with 222000 (reference, "Uniform Status Code").
 */
export function customWindow(from: string, to: string, timezone: string, now: number): PeriodWindow {
  const zone = zoneOrThrow(timezone);
  const first = dayOrThrow('from', from);
  const last = dayOrThrow('to', to);
  if (last < first) throw new PeriodError('to', `${to} is before from (${from})`);
  const today = todayOf(zone, now);
  if (first >= today) throw new PeriodError('from', notEnded(from, today, zone));
  if (last >= today) throw new PeriodError('to', notEnded(to, today, zone));
  const window = windowOf('custom', first, last, zone, `${from}_${to}`);
  if (window.days > MAX_RANGE_DAYS) {
    throw new PeriodError(
      'to',
      `${from}..${to} spans ${window.days} days; the API allows at most ${MAX_RANGE_DAYS}`,
    );
  }
  return window;
}

/**
 * The window of the same length just before `window`: the day, ISO week or month before, or for a
 * custom range the same number of days ending the day before `from`.
 */
export function previousWindow(window: PeriodWindow): PeriodWindow {
  if (window.kind !== 'custom') return reportWindow(window.kind, window.from, window.timezone);
  const last = dayOrThrow('from', window.from).minus({ days: 1 });
  const first = last.minus({ days: window.days - 1 });
  return windowOf('custom', first, last, window.timezone, `${first.toFormat(DAY)}_${last.toFormat(DAY)}`);
}
