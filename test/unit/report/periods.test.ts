import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  assertEnded,
  assertNotAfterToday,
  customWindow,
  isDay,
  MAX_RANGE_DAYS,
  PeriodError,
  previousWindow,
  reportWindow,
  todayIn,
} from '../../../src/core/report/periods.ts';
import type { PeriodKind, PeriodWindow } from '../../../src/core/report/snapshot.ts';

const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/Santiago',
  'Asia/Kathmandu',
  'UTC',
];

/** Epoch milliseconds of a wall-clock time in a zone. */
function at(wallClock: string, zone: string): number {
  return DateTime.fromFormat(wallClock, 'yyyy-MM-dd HH:mm', { zone }).toMillis();
}

function dayAfter(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? '';
}

describe('Function: reportWindow', () => {
  it('returns the previous complete ISO week for a weekly report', () => {
    // Prepare
    const reference = '2025-11-12';

    // Act
    const window = reportWindow('weekly', reference, 'Asia/Shanghai');

    // Assess
    expect(window).toEqual({
      kind: 'weekly',
      start: '2025-11-03 00:00:00',
      end: '2025-11-09 23:59:59',
      from: '2025-11-03',
      to: '2025-11-09',
      timezone: 'Asia/Shanghai',
      label: '2025-W45',
      days: 7,
    });
  });

  it('returns the previous calendar day for a daily report', () => {
    // Act
    const window = reportWindow('daily', '2025-11-12', 'Asia/Shanghai');

    // Assess
    expect(window).toMatchObject({
      start: '2025-11-11 00:00:00',
      end: '2025-11-11 23:59:59',
      label: '2025-11-11',
      days: 1,
    });
  });

  it('returns the previous calendar month for a monthly report', () => {
    // Act
    const window = reportWindow('monthly', '2025-11-12', 'Asia/Shanghai');

    // Assess
    expect(window).toMatchObject({
      start: '2025-10-01 00:00:00',
      end: '2025-10-31 23:59:59',
      label: '2025-10',
      days: 31,
    });
  });

  it('counts 29 days in February of a leap year and 28 otherwise', () => {
    // Act
    const leap = reportWindow('monthly', '2024-03-01', 'Europe/London');
    const common = reportWindow('monthly', '2025-03-31', 'Europe/London');

    // Assess
    expect([leap.to, leap.days]).toEqual(['2024-02-29', 29]);
    expect([common.to, common.days]).toEqual(['2025-02-28', 28]);
  });

  it('names the week that starts on 2025-12-29 as 2026-W01', () => {
    // Act
    const window = reportWindow('weekly', '2026-01-05', 'Asia/Shanghai');

    // Assess
    expect(window).toMatchObject({ from: '2025-12-29', to: '2026-01-04', label: '2026-W01' });
  });

  it('crosses the year boundary for the daily and monthly reports of January 1st', () => {
    // Act
    const daily = reportWindow('daily', '2026-01-01', 'Asia/Shanghai');
    const monthly = reportWindow('monthly', '2026-01-01', 'Asia/Shanghai');

    // Assess
    expect(daily.label).toBe('2025-12-31');
    expect(monthly).toMatchObject({ from: '2025-12-01', to: '2025-12-31', label: '2025-12' });
  });

  it.each([
    ['America/New_York', '2025-03-10', '2025-03-09'],
    ['America/New_York', '2025-11-03', '2025-11-02'],
    ['Europe/London', '2025-03-31', '2025-03-30'],
    ['Europe/London', '2025-10-27', '2025-10-26'],
  ])('keeps a DST change day in %s (%s) as one whole day', (zone, reference, dstDay) => {
    // Act
    const window = reportWindow('daily', reference, zone);

    // Assess
    expect(window).toMatchObject({
      start: `${dstDay} 00:00:00`,
      end: `${dstDay} 23:59:59`,
      days: 1,
    });
  });

  it('keeps a full week across the New York spring-forward change', () => {
    // Act
    const window = reportWindow('weekly', '2025-03-12', 'America/New_York');

    // Assess
    expect(window).toMatchObject({ from: '2025-03-03', to: '2025-03-09', days: 7, label: '2025-W10' });
  });

  it('gives whole days in a zone whose midnight is skipped by DST (Santiago, 2024-09-08)', () => {
    // Act
    const window = reportWindow('daily', '2024-09-09', 'America/Santiago');

    // Assess
    expect(window).toMatchObject({ start: '2024-09-08 00:00:00', days: 1 });
  });

  it('keeps a date the zone skipped between its neighbours (Pacific/Kiritimati had no 1994-12-31)', () => {
    // Act
    const skipped = reportWindow('daily', '1995-01-01', 'Pacific/Kiritimati');
    const before = previousWindow(reportWindow('daily', '1995-01-02', 'Pacific/Kiritimati'));
    const week = reportWindow('weekly', '1995-01-02', 'Pacific/Kiritimati');

    // Assess
    expect(skipped).toMatchObject({ from: '1994-12-31', to: '1994-12-31', days: 1 });
    expect(before).toMatchObject({ from: '1994-12-31', days: 1 });
    expect(week).toMatchObject({ from: '1994-12-26', to: '1995-01-01', days: 7 });
  });

  it.each(['2025-02-30', '2025-13-01', '12-11-2025', ''])(
    'rejects the impossible reference date "%s"',
    (reference) => {
      // Act
      const act = () => reportWindow('daily', reference, 'Asia/Shanghai');

      // Assess
      expect(act).toThrowError(PeriodError);
      expect(act).toThrowError(/^date: .* is not a date in the form yyyy-MM-dd$/);
    },
  );

  it('rejects an unknown timezone naming the field', () => {
    // Act
    const act = () => reportWindow('daily', '2025-11-12', 'Mars/Olympus_Mons');

    // Assess
    expect(act).toThrowError('timezone: Mars/Olympus_Mons is not an IANA timezone such as Asia/Shanghai');
  });
});

describe('Function: customWindow', () => {
  const now = at('2025-11-20 10:00', 'Asia/Shanghai');

  it('spans the given days inclusively with a from_to label', () => {
    // Act
    const window = customWindow('2025-11-01', '2025-11-19', 'Asia/Shanghai', now);

    // Assess
    expect(window).toEqual({
      kind: 'custom',
      start: '2025-11-01 00:00:00',
      end: '2025-11-19 23:59:59',
      from: '2025-11-01',
      to: '2025-11-19',
      timezone: 'Asia/Shanghai',
      label: '2025-11-01_2025-11-19',
      days: 19,
    });
  });

  it.each([
    ['2025/11/01', '2025-11-02', 'from: 2025/11/01 is not a date in the form yyyy-MM-dd'],
    ['2025-11-01', '2025-11-31', 'to: 2025-11-31 is not a date in the form yyyy-MM-dd'],
    ['2025-11-10', '2025-11-01', 'to: 2025-11-01 is before from (2025-11-10)'],
    [
      '2025-11-01',
      '2026-12-01',
      'to: 2026-12-01 has not ended yet in Asia/Shanghai (the last whole day is 2025-11-19)',
    ],
    ['2025-11-21', '2025-11-22', 'from: 2025-11-21 has not ended yet in Asia/Shanghai'],
    ['2025-11-19', '2025-11-20', 'to: 2025-11-20 has not ended yet in Asia/Shanghai'],
    ['2025-08-01', '2025-11-01', 'to: 2025-08-01..2025-11-01 spans 93 days; the API allows at most 90'],
  ])('rejects %s..%s with one clear message', (from, to, message) => {
    // Act
    const act = () => customWindow(from, to, 'Asia/Shanghai', now);

    // Assess
    expect(act).toThrowError(PeriodError);
    expect(act).toThrowError(message);
  });

  it('accepts exactly 90 days', () => {
    // Act
    const window = customWindow('2025-08-22', '2025-11-19', 'Asia/Shanghai', now);

    // Assess
    expect(window.days).toBe(MAX_RANGE_DAYS);
  });

  it('judges whether a day has ended by the date in the report timezone, not in UTC', () => {
    // Prepare: 2025-11-20 01:00 in Shanghai is still 2025-11-19 in UTC.
    const earlyMorning = at('2025-11-20 01:00', 'Asia/Shanghai');

    // Act
    const window = customWindow('2025-11-19', '2025-11-19', 'Asia/Shanghai', earlyMorning);
    const act = () => customWindow('2025-11-18', '2025-11-19', 'UTC', earlyMorning);

    // Assess
    expect(window.days).toBe(1);
    expect(act).toThrowError('to: 2025-11-19 has not ended yet in UTC (the last whole day is 2025-11-18)');
  });
});

describe('Function: previousWindow', () => {
  it('returns the ISO week before a weekly window', () => {
    // Act
    const previous = previousWindow(reportWindow('weekly', '2025-11-12', 'Asia/Shanghai'));

    // Assess
    expect(previous).toMatchObject({ from: '2025-10-27', to: '2025-11-02', label: '2025-W44', days: 7 });
  });

  it('returns the month before a monthly window, whatever its length', () => {
    // Act
    const previous = previousWindow(reportWindow('monthly', '2025-03-05', 'Asia/Shanghai'));

    // Assess
    expect(previous).toMatchObject({ from: '2025-01-01', to: '2025-01-31', label: '2025-01', days: 31 });
  });

  it('returns the same number of days before a custom window', () => {
    // Prepare
    const window = customWindow('2025-11-01', '2025-11-20', 'Asia/Shanghai', at('2025-11-21 09:00', 'UTC'));

    // Act
    const previous = previousWindow(window);

    // Assess
    expect(previous).toMatchObject({
      kind: 'custom',
      from: '2025-10-12',
      to: '2025-10-31',
      label: '2025-10-12_2025-10-31',
      days: 20,
    });
  });
});

describe('Function: todayIn', () => {
  it('returns the calendar date in the zone', () => {
    // Prepare
    const instant = Date.parse('2025-11-19T20:00:00Z');

    // Act
    const dates = [todayIn('Asia/Shanghai', instant), todayIn('America/New_York', instant)];

    // Assess
    expect(dates).toEqual(['2025-11-20', '2025-11-19']);
  });
});

describe('Properties: report windows', () => {
  const kind = fc.constantFrom<PeriodKind>('daily', 'weekly', 'monthly');
  const zone = fc.constantFrom(...ZONES);
  const day = fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  function assertWellFormed(window: PeriodWindow): void {
    expect(window.start <= window.end).toBe(true);
    expect(window.start).toBe(`${window.from} 00:00:00`);
    expect(window.end).toBe(`${window.to} 23:59:59`);
    expect(window.days).toBeGreaterThanOrEqual(1);
    expect(window.days).toBeLessThanOrEqual(MAX_RANGE_DAYS);
  }

  it('never crash, stay within 90 days and end before the reference day', () => {
    fc.assert(
      fc.property(kind, day, zone, (k, reference, z) => {
        // Act
        const window = reportWindow(k, reference, z);

        // Assess
        assertWellFormed(window);
        expect(window.to < reference).toBe(true);
      }),
    );
  });

  it('are contiguous with and no longer than their previous window', () => {
    fc.assert(
      fc.property(kind, day, zone, (k, reference, z) => {
        // Act
        const window = reportWindow(k, reference, z);
        const previous = previousWindow(window);

        // Assess
        assertWellFormed(previous);
        expect(dayAfter(previous.to)).toBe(window.from);
        expect(previous.kind).toBe(k);
        if (k !== 'monthly') expect(previous.days).toBe(window.days);
      }),
    );
  });

  it('count every calendar day of a window once', () => {
    fc.assert(
      fc.property(kind, day, zone, (k, reference, z) => {
        // Act
        const window = reportWindow(k, reference, z);

        // Assess
        let cursor = window.from;
        for (let i = 1; i < window.days; i += 1) cursor = dayAfter(cursor);
        expect(cursor).toBe(window.to);
      }),
    );
  });

  it('accept any valid custom range up to today and keep its previous window contiguous', () => {
    const now = Date.parse('2030-06-15T12:00:00Z');
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: MAX_RANGE_DAYS }), zone, (from, length, z) => {
        // Prepare
        const to = DateTime.fromISO(from, { zone: 'utc' })
          .plus({ days: length - 1 })
          .toISODate() as string;
        fc.pre(to <= '2030-06-14');

        // Act
        const window = customWindow(from, to, z, now);
        const previous = previousWindow(window);

        // Assess
        assertWellFormed(window);
        expect(window.days).toBe(length);
        expect(previous.days).toBe(length);
        expect(dayAfter(previous.to)).toBe(window.from);
      }),
    );
  });

  it('reject a custom range only with a PeriodError', () => {
    const now = Date.parse('2030-06-15T12:00:00Z');
    fc.assert(
      fc.property(fc.string(), fc.oneof(day, fc.string()), zone, (from, to, z) => {
        // Act
        let outcome: unknown;
        try {
          outcome = customWindow(from, to, z, now);
        } catch (error) {
          outcome = error;
        }

        // Assess
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(PeriodError);
        else assertWellFormed(outcome as PeriodWindow);
      }),
    );
  });
});

describe('Function: assertEnded', () => {
  it('refuses a window whose last day is today in its timezone, and accepts yesterday', () => {
    // Prepare
    const now = at('2025-11-20 10:00', 'Asia/Shanghai');
    const yesterday = reportWindow('daily', '2025-11-20', 'Asia/Shanghai');
    const today = reportWindow('daily', '2025-11-21', 'Asia/Shanghai');

    // Act & Assess
    expect(() => assertEnded(yesterday, 'date', now)).not.toThrow();
    expect(() => assertEnded(today, 'date', now)).toThrowError(
      'date: the period 2025-11-20 (to 2025-11-20) has not ended yet in Asia/Shanghai (the last whole day is 2025-11-19)',
    );
  });
});

describe('Function: assertNotAfterToday', () => {
  it('refuses a reference date after today in the report timezone, even when the period before it is over', () => {
    // Prepare: Sunday 2025-11-23 is in the same week as today; the week before it has ended.
    const now = at('2025-11-20 10:00', 'Asia/Shanghai');

    // Act & Assess
    expect(() => assertNotAfterToday('2025-11-20', 'Asia/Shanghai', now)).not.toThrow();
    expect(() => assertNotAfterToday('2025-11-23', 'Asia/Shanghai', now)).toThrowError(
      'date: 2025-11-23 is after today (2025-11-20 in Asia/Shanghai)',
    );
  });
});

describe('Function: isDay', () => {
  it.each([
    ['2025-11-12', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025/11/12', false],
    ['12-11-2025', false],
    ['', false],
  ])('judges "%s" a calendar day: %s', (value, expected) => {
    // Act
    const judged = isDay(value);

    // Assess
    expect(judged).toBe(expected);
  });

  it('accepts exactly the days the window maths accepts, so the request schema and it agree', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 12 }), fc.date({ noInvalidDate: true }).map(utcDay)),
        (value) => {
          // Act
          let windowed = true;
          try {
            reportWindow('daily', value, 'Asia/Shanghai');
          } catch (error) {
            expect(error).toBeInstanceOf(PeriodError);
            windowed = false;
          }

          // Assess
          expect(isDay(value)).toBe(windowed);
        },
      ),
    );
  });
});

describe('Class: PeriodError', () => {
  it('keeps the field apart from what is wrong, and names both in its message', () => {
    // Act
    const error = (() => {
      try {
        return customWindow(
          '2025-11-01',
          '2025-11-31',
          'Asia/Shanghai',
          at('2025-12-20 10:00', 'Asia/Shanghai'),
        );
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(PeriodError);
    expect(error).toMatchObject({
      field: 'to',
      detail: '2025-11-31 is not a date in the form yyyy-MM-dd',
      message: 'to: 2025-11-31 is not a date in the form yyyy-MM-dd',
    });
  });
});

function utcDay(date: Date): string {
  return DateTime.fromJSDate(date, { zone: 'utc' }).toFormat('yyyy-MM-dd');
}
