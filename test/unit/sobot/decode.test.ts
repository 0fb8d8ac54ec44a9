import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  AnswerShapeError,
  decodeAnswer,
  decodeRows,
  decodeValue,
  describeValue,
  readDay,
} from '../../../src/core/sobot/decode.ts';
import { duration, epochMs, num, rate, text, withDurationTwins } from '../../../src/core/sobot/schemas.ts';

const row = z.looseObject({ count: num, share: rate, wait: duration, at: epochMs, name: text });

describe('Function: decodeValue', () => {
  it.each([
    ['a number', { count: 21 }, { count: 21 }],
    ['a numeric string', { count: '21' }, { count: 21 }],
    ['thousands separators', { count: '1,234' }, { count: 1234 }],
    ['thousands separators with decimals', { count: '1,234.5' }, { count: 1234.5 }],
    ['a percentage', { share: '75.00%' }, { share: 0.75 }],
    ['a percentage with two decimals', { share: '66.67%' }, { share: 0.6667 }],
    ['a fraction', { share: 0.75 }, { share: 0.75 }],
    ['HH:mm:ss as milliseconds', { wait: '00:01:23' }, { wait: 83_000 }],
    ['hours past a day', { wait: '100:00:00' }, { wait: 360_000_000 }],
    ['mm:ss as milliseconds', { wait: '14:13' }, { wait: 853_000 }],
    ['a duration in milliseconds', { wait: 628769.25 }, { wait: 628769.25 }],
    ['an epoch string in milliseconds', { at: '1747893918830' }, { at: 1747893918830 }],
    ['an epoch in seconds', { at: 1569397773 }, { at: 1569397773000 }],
    ['a number as a label', { name: 6 }, { name: '6' }],
    [
      'the null markers',
      { count: 'NA', share: '', wait: '-', at: '--', name: null },
      {
        count: null,
        share: null,
        wait: null,
        at: null,
        name: null,
      },
    ],
  ])('decodes %s', (_, value, expected) => {
    // Act
    const decoded = decodeValue('getStat', row, value);

    // Assess
    expect(decoded.value).toEqual(expected);
    expect(decoded.unread).toEqual([]);
  });

  it.each([
    ['a dash', { count: '—' }, 'count', '"—"'],
    ['infinity', { count: '∞' }, 'count', '"∞"'],
    ['a boolean', { count: true }, 'count', 'true'],
    ['n/a', { share: 'n/a' }, 'share', '"n/a"'],
    ['an object', { count: { count: 3 } }, 'count', '{"count":3}'],
    ['a clock string in a count', { count: '00:01:23' }, 'count', '"00:01:23"'],
    ['an object as a label', { name: { en: 'x' } }, 'name', '{"en":"x"}'],
    ['a date as an epoch', { at: '2025-04-01' }, 'at', '"2025-04-01"'],
  ])('blanks %s and notes it, keeping the rest of the row', (_, value, field, shown) => {
    // Act
    const decoded = decodeValue('getStat', row, { ...value, other: 'kept', wait: 1000 });

    // Assess
    expect(decoded.value).toMatchObject({ [field]: null, other: 'kept', wait: 1000 });
    expect(decoded.unread).toEqual([{ endpoint: 'getStat', field, value: shown }]);
  });

  it('parses its own output again to itself, without a note', () => {
    // Prepare
    const first = decodeValue('getStat', row, {
      count: '1,234',
      share: '7.50%',
      wait: '01:00',
      at: '1747893918830',
      name: 3,
    });

    // Act
    const again = decodeValue('getStat', row, first.value);

    // Assess
    expect(again.value).toEqual(first.value);
    expect(again.unread).toEqual([]);
  });

  it('names a nested field without row indexes', () => {
    // Prepare
    const nested = z.looseObject({ details: z.array(z.looseObject({ total: num })).optional() });

    // Act
    const decoded = decodeValue('summarySearch', nested, { details: [{ total: 1 }, { total: 'x' }] });

    // Assess
    expect(decoded.value).toEqual({ details: [{ total: 1 }, { total: null }] });
    expect(decoded.unread).toEqual([{ endpoint: 'summarySearch', field: 'details.total', value: '"x"' }]);
  });
});

describe('Function: decodeRows', () => {
  it('fails only on structure: a row that is not an object', () => {
    // Act
    const failure = (() => {
      try {
        decodeRows('getStat', row, [{ count: 1 }, 'row']);
        return null;
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toBeInstanceOf(AnswerShapeError);
    expect((failure as Error).message).toBe('getStat: items[1]: expected object');
  });
});

describe('Function: withDurationTwins', () => {
  const twins = withDurationTwins(
    ['avg_first_response_time'],
    z.looseObject({ avg_first_response_time: duration }),
  );

  it('reads a duration from its *_str twin when the millisecond field is absent', () => {
    // Act
    const decoded = decodeValue('staffWorkStatis', twins, { avg_first_response_time_str: '00:05:53' });

    // Assess
    expect(decoded.value).toMatchObject({ avg_first_response_time: 353_000 });
  });

  it('keeps the millisecond field when both are sent', () => {
    // Act
    const decoded = decodeValue('staffWorkStatis', twins, {
      avg_first_response_time: 353669.5,
      avg_first_response_time_str: '00:05:53',
    });

    // Assess
    expect(decoded.value).toMatchObject({ avg_first_response_time: 353669.5 });
  });
});

describe('Function: describeValue', () => {
  it('withholds long opaque strings such as a token, and shortens long text', () => {
    // Act
    const token = describeValue('token 4ac37cb2e9c740dba4b75a34d5358802 rejected');
    const long = describeValue('x '.repeat(50));

    // Assess
    expect(token).toBe('"token … rejected"');
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('Function: readDay', () => {
  it.each([
    ['2025-04-01', '2025-04-01'],
    ['2025-04-01 00:00:00', '2025-04-01'],
    ['20250401', '2025-04-01'],
    ['2025/04/01', '2025-04-01'],
    ['2024-45', null],
    ['45 week 2024-11-04-2024-11-10', null],
    ['2025-02-30', null],
    [20250401, null],
  ])('reads %s as %s', (value, expected) => {
    // Act
    const day = readDay(value);

    // Assess
    expect(day).toBe(expected);
  });
});

describe('Function: decodeAnswer', () => {
  const chats = z.looseObject({ human_consult: num, human_valid: num, real_date: text });

  it('lists the unread values, the day field found and the required fields no row carries', () => {
    // Prepare
    const json = {
      ret_code: '000000',
      page_no: 1,
      page_count: 1,
      items: [
        { human_valid: 5, result_date: '2025-04-01', human_consult_total: 9 },
        { human_valid: '—', result_date: '2025-04-02' },
      ],
    };

    // Act
    const reading = decodeAnswer('getStat', json, {
      answer: 'items',
      schema: chats,
      requires: ['human_consult', 'human_valid'],
    });

    // Assess
    expect(reading.rows).toHaveLength(2);
    expect(reading.unread).toEqual([{ endpoint: 'getStat', field: 'human_valid', value: '"—"' }]);
    expect(reading.dateField).toBe('result_date');
    expect(reading.missingFields).toEqual(['human_consult']);
  });

  it.each([
    ['a missing items list', { ret_code: '000000' }, 'getStat: items: expected array'],
    [
      'an unreadable page count',
      { ret_code: '000000', page_count: 'many', items: [] },
      'getStat: page_count: expected number',
    ],
    [
      'a ret_code that is an object',
      { ret_code: { code: 0 }, items: [] },
      'getStat: ret_code: expected string',
    ],
  ])('fails on %s', (_, json, message) => {
    // Act
    const failure = (() => {
      try {
        decodeAnswer('getStat', json, { answer: 'items', schema: chats });
        return null;
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect((failure as Error | null)?.message).toBe(message);
  });

  it('reads an error answer as no rows, naming its ret_code', () => {
    // Act
    const reading = decodeAnswer(
      'getStat',
      { ret_code: '229000', ret_msg: 'Try again [5]s' },
      { answer: 'items', schema: chats },
    );

    // Assess
    expect(reading).toEqual({ rows: [], retCode: '229000', unread: [], missingFields: [] });
  });

  it('reads an item answer, and none as null', () => {
    // Act
    const some = decodeAnswer(
      'getGeneral',
      { ret_code: '000000', item: { human_consult: '3' } },
      { answer: 'item', schema: chats },
    );
    const none = decodeAnswer(
      'getGeneral',
      { ret_code: '000000', item: null },
      { answer: 'item', schema: chats },
    );

    // Assess
    expect(some.item).toEqual({ human_consult: 3 });
    expect(none.item).toBeNull();
  });
});
