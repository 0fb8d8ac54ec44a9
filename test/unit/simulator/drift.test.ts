import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';
import { type Answer, type Harness, startHarness } from './harness.ts';

const WEEK = { start_date: '2025-11-01 00:00:00', end_date: '2025-11-07 23:59:59', size: 100 };
const WORK_WEEK = { start_date: '2025-11-01', end_date: '2025-11-07', size: 100 };

/** The fields whose value changed type between the document's answer and the drifted one. */
function retyped(plain: Answer, drifted: Answer, test: (value: unknown) => boolean): string[] {
  return Object.keys(plain).filter(
    (field) => typeof plain[field] !== typeof drifted[field] && test(drifted[field]),
  );
}

describe('Simulator: drift from the document', () => {
  let plain: Harness;
  let drifting: Harness;
  let again: Harness;
  beforeAll(async () => {
    plain = await startHarness({ clock: createFakeClock(), seed: 3 });
    drifting = await startHarness({ clock: createFakeClock(), seed: 3, drift: true });
    again = await startHarness({ clock: createFakeClock(), seed: 3, drift: true });
  });
  afterAll(async () => {
    await plain.close();
    await drifting.close();
    await again.close();
  });

  it('answers getStat with string numbers, clock durations, percent rates, an extra field and humanConsult', async () => {
    // Act
    const before = (await plain.call('getStat', { ...WEEK, search_way: 2 })).items[0] as Answer;
    const after = (await drifting.call('getStat', { ...WEEK, search_way: 2 })).items[0] as Answer;

    // Assess
    expect(before).toHaveProperty('human_consult');
    expect(after).not.toHaveProperty('human_consult');
    expect(after.humanConsult).toBe(before.human_consult);
    const counts = retyped(before, after, (v) => typeof v === 'string' && /^\d{1,3}(,\d{3})*$/.test(v));
    expect(counts.length).toBeGreaterThan(0);
    for (const field of counts) expect(Number(String(after[field]).replaceAll(',', ''))).toBe(before[field]);
    const durations = retyped(
      before,
      after,
      (v) => typeof v === 'string' && /^(\d{2}:)?\d{2}:\d{2}$/.test(v),
    );
    expect(durations.length).toBeGreaterThan(0);
    expect(durations.every((field) => field.includes('duration'))).toBe(true);
    const rates = retyped(before, after, (v) => typeof v === 'string' && /^\d+\.\d{2}%$/.test(v));
    expect(rates.length).toBeGreaterThan(0);
    for (const field of rates) expect(after[field]).toBe(before[`${field}_str`]);
    const extra = Object.keys(after).filter((field) => !(field in before) && field !== 'humanConsult');
    expect(extra).toHaveLength(1);
  });

  it('dates daily rows with result_date, and work status with epoch milliseconds', async () => {
    // Act
    const daily = (await drifting.call('getStat', { ...WEEK, search_way: 2, summary_way: 1 }))
      .items[0] as Answer;
    const plainDaily = (await plain.call('getStat', { ...WEEK, search_way: 2, summary_way: 1 }))
      .items[0] as Answer;
    const workLog = (await drifting.call('getWorkLogList', WORK_WEEK)).items[0] as Answer;

    // Assess
    expect(plainDaily).toHaveProperty('real_date', '2025-11-01');
    expect(daily).not.toHaveProperty('real_date');
    expect(daily).toHaveProperty('result_date', '2025-11-01');
    expect(workLog.result_date).toBe(String(Date.UTC(2025, 10, 1)));
  });

  it('drifts the same fields the same way for the same seed, and leaves the condition lists alone', async () => {
    // Act
    const first = await drifting.call('staffWorkStatis', WORK_WEEK);
    const second = await again.call('staffWorkStatis', WORK_WEEK);
    const groups = await drifting.call('getGroupList', { size: 100 });
    const plainGroups = await plain.call('getGroupList', { size: 100 });

    // Assess
    expect(second).toEqual(first);
    expect(groups).toEqual(plainGroups);
  });
});
