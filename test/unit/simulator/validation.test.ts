import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  DEFAULT_MAX_RANGE_DAYS,
  DOCUMENTED_MAX_RANGE_DAYS,
  type SimEndpointName,
} from '../../../simulator/api/description.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { type Harness, startHarness } from './harness.ts';

// The fake clock starts at 2025-11-12 09:00 in Asia/Shanghai.
const DATED = Object.entries(API)
  .filter(([, spec]) => 'datePattern' in spec)
  .map(([name, spec]) => ({
    name: name as SimEndpointName,
    pattern: (spec as { datePattern: string }).datePattern,
  }));

function datesIn(pattern: string, from: string, to: string) {
  const time =
    pattern === 'yyyy-MM-dd HH:mm:ss'
      ? [' 00:00:00', ' 23:59:59']
      : pattern === 'yyyy-MM-dd HH:mm'
        ? [' 00:00', ' 23:59']
        : ['', ''];
  return { start_date: `${from}${time[0]}`, end_date: `${to}${time[1]}` };
}

describe('Simulator: input validation (222000)', () => {
  let harness: Harness;
  let strict: Harness;
  beforeAll(async () => {
    harness = await startHarness({ clock: createFakeClock() });
    strict = await startHarness({ clock: createFakeClock(), maxRangeDays: DOCUMENTED_MAX_RANGE_DAYS });
    return async () => {
      await harness.close();
      await strict.close();
    };
  });
  afterEach(() => harness.sim.faults.clear());

  it.each(DATED)('$name accepts exactly its pattern $pattern', async ({ name, pattern }) => {
    // Act
    const ok = await harness.call(name, datesIn(pattern, '2025-11-01', '2025-11-07'));
    const wrong = await harness.call(name, { start_date: '2025/11/01', end_date: '2025/11/07' });
    const otherPattern = await harness.call(
      name,
      datesIn(pattern === 'yyyy-MM-dd' ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd', '2025-11-01', '2025-11-07'),
    );

    // Assess
    expect(ok.ret_code).toBe('000000');
    expect(wrong.ret_code).toBe('222000');
    expect(otherPattern).toEqual({
      ret_code: '222000',
      ret_msg: expect.stringContaining(`The pattern is [${pattern}]`),
    });
  });

  it.each(DATED)(
    '$name refuses a range over 90 days when held to the documented 90',
    async ({ name, pattern }) => {
      // Act
      const ninety = await strict.call(name, datesIn(pattern, '2025-08-01', '2025-10-29'));
      const ninetyOne = await strict.call(name, datesIn(pattern, '2025-08-01', '2025-10-30'));

      // Assess
      expect(ninety.ret_code).toBe('000000');
      expect(ninetyOne.ret_code).toBe('222000');
      expect(ninetyOne.ret_msg).toMatch(
        /^\[startTime\] and \[endTime\] time range cannot be greater than \[90\]d\. /,
      );
    },
  );

  it('refuses, by default, only ranges over 180 days, which no request example of the document spans', async () => {
    // Act
    const widest = await harness.call(
      'getSatisfactionSurvey',
      datesIn('yyyy-MM-dd', '2025-05-16', '2025-11-11'),
    );
    const wider = await harness.call(
      'getSatisfactionSurvey',
      datesIn('yyyy-MM-dd', '2025-05-15', '2025-11-11'),
    );

    // Assess
    expect(DEFAULT_MAX_RANGE_DAYS).toBe(180);
    expect(widest.ret_code).toBe('000000');
    expect(wider).toEqual({
      ret_code: '222000',
      ret_msg: expect.stringMatching(
        /^\[startTime\] and \[endTime\] time range cannot be greater than \[180\]d\. /,
      ),
    });
  });

  it('uses the reference message for a range over 90 days', async () => {
    // Act
    const answer = await strict.call('getSatisfactionSurvey', {
      start_date: '2023-01-01',
      end_date: '2023-09-01',
    });

    // Assess
    expect(answer.ret_msg).toBe(
      '[startTime] and [endTime] time range cannot be greater than [90]d. Current [startTime] input is [2023-01-01], and [endTime] input is [2023-09-01]',
    );
  });

  it('refuses a start after the end', async () => {
    // Act
    const answer = await harness.call('getStat', {
      start_date: '2025-11-07 00:00:00',
      end_date: '2025-11-01 00:00:00',
    });

    // Assess
    expect(answer.ret_code).toBe('222000');
    expect(answer.ret_msg).toContain('[startTime] cannot be later than [endTime]');
  });

  it.each(['start_date', 'end_date'])('refuses a missing %s', async (missing) => {
    // Prepare
    const body: Record<string, string> = { start_date: '2025-11-01', end_date: '2025-11-07' };
    delete body[missing];

    // Act
    const answer = await harness.call('staffWorkStatis', body);

    // Assess
    expect(answer).toEqual({ ret_code: '222000', ret_msg: `Required parameter [${missing}] is missing` });
  });

  it('refuses an unknown search_way or summary_way', async () => {
    // Act
    const searchWay = await harness.call('getStat', {
      ...datesIn('yyyy-MM-dd HH:mm:ss', '2025-11-01', '2025-11-02'),
      search_way: 4,
    });
    const summaryWay = await harness.call('getStat', {
      ...datesIn('yyyy-MM-dd HH:mm:ss', '2025-11-01', '2025-11-02'),
      summary_way: '9',
    });

    // Assess
    expect(searchWay.ret_code).toBe('222000');
    expect(summaryWay.ret_code).toBe('222000');
  });

  it('resets dates in the future to now, in the timezone header', async () => {
    // Act
    const shanghai = await harness.call('staffWorkStatis', {
      start_date: '2025-11-10',
      end_date: '2026-01-01',
    });
    const honolulu = await harness.call(
      'staffWorkStatis',
      { start_date: '2025-11-10', end_date: '2026-01-01' },
      { timezoneid: 'Pacific/Honolulu' },
    );
    const bothFuture = await harness.call(
      'getStat',
      datesIn('yyyy-MM-dd HH:mm:ss', '2026-01-01', '2026-02-01'),
    );

    // Assess
    expect(shanghai.items[0]).toMatchObject({ start_date: '2025-11-10', end_date: '2025-11-12' });
    expect(honolulu.items[0]).toMatchObject({ start_date: '2025-11-10', end_date: '2025-11-11' });
    expect(bothFuture.ret_code).toBe('000000');
  });

  it('falls back to Asia/Shanghai for an unknown timezone', async () => {
    // Act
    const answer = await harness.call(
      'staffWorkStatis',
      { start_date: '2025-11-10', end_date: '2026-01-01' },
      { timezoneid: 'Mars/Olympus' },
    );

    // Assess
    expect(answer.items[0]).toMatchObject({ end_date: '2025-11-12' });
  });

  it('refuses a body that is not a JSON object', async () => {
    // Act
    const response = await fetch(`${harness.sim.url}${API.getStat.path}`, {
      method: 'POST',
      headers: { token: await harness.token(), 'content-type': 'application/json' },
      body: '{"start_date":',
    });

    // Assess
    expect(((await response.json()) as { ret_code: string }).ret_code).toBe('222000');
  });
});
