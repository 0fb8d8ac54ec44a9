import { describe, expect, it } from 'vitest';
import {
  literalText,
  MAX_CELL_TEXT,
  toCellValue,
  wallClockDate,
} from '../../../src/core/render/workbook-cells.ts';

describe('Function: toCellValue', () => {
  it('turns milliseconds into a fraction of a day', () => {
    // Prepare
    const ninetyMinutes = 5_400_000;

    // Act
    const value = toCellValue(ninetyMinutes, 'durationMs', 'UTC');

    // Assess
    expect(value).toBe(0.0625);
  });

  it('takes a rate string as the schemas do ("75.00%" is 0.75)', () => {
    // Prepare
    const raw = '75.00%';

    // Act
    const value = toCellValue(raw, 'rate', 'UTC');

    // Assess
    expect(value).toBe(0.75);
  });

  it('leaves "NA" empty and keeps unexpected text in a number column as text', () => {
    // Prepare
    const missing = 'NA';
    const odd = 'n/a yet';

    // Act
    const values = [toCellValue(missing, 'count', 'UTC'), toCellValue(odd, 'count', 'UTC')];

    // Assess
    expect(values).toEqual([null, 'n/a yet']);
  });

  it('writes a yyyy-MM-dd day as a date and leaves other period labels as text', () => {
    // Prepare
    const day = '2025-11-03';
    const week = '2024-45';

    // Act
    const values = [toCellValue(day, 'date', 'Asia/Shanghai'), toCellValue(week, 'date', 'Asia/Shanghai')];

    // Assess
    expect(values).toEqual([new Date('2025-11-03T00:00:00.000Z'), '2024-45']);
  });

  it('treats a 0 timestamp as no time rather than 1970', () => {
    // Prepare
    const never = '0';

    // Act
    const value = toCellValue(never, 'timestampMs', 'Asia/Shanghai');

    // Assess
    expect(value).toBeNull();
  });

  it('writes a change in percentage points for rates and in seconds for durations', () => {
    // Prepare
    const rateChange = 0.033;
    const durationChange = -4_500;

    // Act
    const values = [
      toCellValue(rateChange, 'signedPoints', 'UTC'),
      toCellValue(durationChange, 'signedSeconds', 'UTC'),
    ];

    // Assess
    expect(values[0]).toBeCloseTo(3.3, 9);
    expect(values[1]).toBe(-4.5);
  });
});

describe('Function: wallClockDate', () => {
  it('shows a timestamp at the wall-clock time of the zone, across a daylight-saving change', () => {
    // Prepare: 2025-03-09 is the US spring-forward day.
    const beforeChange = Date.UTC(2025, 2, 9, 6, 30);
    const afterChange = Date.UTC(2025, 2, 9, 12, 0);

    // Act
    const dates = [
      wallClockDate(beforeChange, 'America/New_York'),
      wallClockDate(afterChange, 'America/New_York'),
    ];

    // Assess
    expect(dates.map((d) => d.toISOString())).toEqual([
      '2025-03-09T01:30:00.000Z',
      '2025-03-09T08:00:00.000Z',
    ]);
  });
});

describe('Function: literalText', () => {
  it('never splits an emoji when it cuts text to the cell limit', () => {
    // Prepare
    const text = `${'a'.repeat(MAX_CELL_TEXT - 2)}😀 and more`;

    // Act
    const cut = literalText(text) ?? '';

    // Assess
    expect(cut.length).toBeLessThanOrEqual(MAX_CELL_TEXT);
    expect(cut.endsWith('a…')).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
  });

  it('writes numbers as their digits', () => {
    // Prepare
    const id = 12345;

    // Act
    const text = literalText(id);

    // Assess
    expect(text).toBe('12345');
  });
});
