import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';
import { type Harness, startHarness, total } from './harness.ts';

describe('Simulator: quiet ranges', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      clock: createFakeClock(),
      quietRanges: [
        { from: '2025-10-01', to: '2025-10-07' },
        { from: '2025-11-05', to: '2025-11-05' },
      ],
    });
  });
  afterAll(() => harness.close());

  it('answers no rows for statistics lists over a quiet range', async () => {
    // Act
    const chats = await harness.call('getStat', {
      start_date: '2025-10-01 00:00:00',
      end_date: '2025-10-07 23:59:59',
    });
    const workload = await harness.call('staffWorkStatis', {
      start_date: '2025-10-02',
      end_date: '2025-10-06',
    });
    const workLog = await harness.call('getWorkLogList', {
      start_date: '2025-10-02',
      end_date: '2025-10-06',
    });
    const regions = await harness.call('getGeographicalDistribution', {
      start_date: '2025-10-01 00:00',
      end_date: '2025-10-07 23:59',
    });
    const summary = await harness.call('summarySearch', {
      start_date: '2025-10-01 00:00:00',
      end_date: '2025-10-07 23:59:59',
    });

    // Assess
    expect(chats).toMatchObject({ total_count: 0, page_count: 0, items: [] });
    expect(workload.items).toEqual([]);
    expect(workLog.items).toEqual([]);
    expect(regions.items).toEqual([]);
    expect(summary.items).toEqual([]);
  });

  it('answers zeros, and NA for changes against a quiet previous period', async () => {
    // Act
    const general = (
      await harness.call('getGeneral', { start_date: '2025-10-01 00:00', end_date: '2025-10-07 23:59' })
    ).item;
    const afterQuiet = (
      await harness.call('getGeneral', { start_date: '2025-10-08 00:00', end_date: '2025-10-14 23:59' })
    ).item;
    const survey = (
      await harness.call('getSatisfactionSurvey', { start_date: '2025-10-01', end_date: '2025-10-07' })
    ).item;

    // Assess
    expect(general).toMatchObject({
      valid_visitor_total: '0',
      old_visitor_proportion: '0.00%',
      valid_visitor_total_cycle: '-100.00%',
    });
    expect(afterQuiet.valid_visitor_total_cycle).toBe('NA');
    expect(survey).toMatchObject({ human_valid: 0, avg_comment_score: '0.00', comment_rate_str: '0.00%' });
  });

  it('leaves a quiet day out of a daily breakdown while the days around it have chats', async () => {
    // Act
    const daily = await harness.call('getStat', {
      start_date: '2025-11-04 00:00:00',
      end_date: '2025-11-06 23:59:59',
      search_way: 1,
      summary_way: 1,
      size: 100,
    });

    // Assess
    const dates = new Set(daily.items.map((r: { real_date: string }) => r.real_date));
    expect(dates).toEqual(new Set(['2025-11-04', '2025-11-06']));
    expect(total(daily.items, 'human_consult')).toBeGreaterThan(0);
  });
});
