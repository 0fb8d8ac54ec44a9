import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';
import { type Answer, allRows, type Harness, startHarness, total } from './harness.ts';

const range = { start_date: '2025-10-01 00:00:00', end_date: '2025-11-09 23:59:59' };

describe('Simulator: summary_way breakdowns', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ clock: createFakeClock() });
  });
  afterAll(() => harness.close());

  // A sub-channel is its type and flag together ("4_1"): flags repeat across channel types.
  const keyOf = (row: Record<string, unknown>, key: string) =>
    key
      .split('+')
      .map((part) => String(row[part]))
      .join('_');

  const rowsOf = (endpoint: 'getStat' | 'getMsgStat', searchWay: number, summaryWay: number) =>
    allRows(harness, endpoint, { ...range, search_way: searchWay, summary_way: summaryWay });

  it.each([
    { endpoint: 'getStat' as const, searchWay: 1, key: 'depart_id', field: 'human_consult' },
    { endpoint: 'getStat' as const, searchWay: 2, key: 'group_id', field: 'human_valid' },
    { endpoint: 'getStat' as const, searchWay: 3, key: 'source+channel_flag', field: 'robot_consult' },
    { endpoint: 'getMsgStat' as const, searchWay: 1, key: 'depart_id', field: 'msg_staff' },
  ])(
    '$endpoint by $key: daily, weekly and monthly rows add up to the summary row',
    async ({ endpoint, searchWay, key, field }) => {
      // Act
      const summary = await rowsOf(endpoint, searchWay, 0);
      const periods = await Promise.all([1, 2, 3].map((way) => rowsOf(endpoint, searchWay, way)));

      // Assess
      for (const row of summary) {
        for (const breakdown of periods) {
          const same = breakdown.filter((r) => keyOf(r, key) === keyOf(row, key));
          expect(total(same, field)).toBe(row[field]);
        }
      }
      expect(summary.length).toBeGreaterThan(0);
    },
  );

  it('labels daily, weekly (ISO) and monthly rows with show_date and real_date', async () => {
    // Act
    const [daily, weekly, monthly] = await Promise.all([1, 2, 3].map((way) => rowsOf('getStat', 1, way)));

    // Assess
    expect(new Set(daily?.map((r) => r.real_date)).size).toBe(40);
    expect(daily?.[0]).toMatchObject({
      show_date: '2025-10-01',
      real_date: '2025-10-01',
      depart_id: 'dept-001',
    });
    expect(weekly?.find((r) => r.real_date === '2025-45')?.show_date).toBe('45 week 2025-11-03-2025-11-09');
    expect(new Set(weekly?.map((r) => r.real_date))).toEqual(
      new Set(['2025-40', '2025-41', '2025-42', '2025-43', '2025-44', '2025-45']),
    );
    expect(new Set(monthly?.map((r) => r.real_date))).toEqual(new Set(['2025-10', '2025-11']));
  });

  it('keeps summary rows free of period labels and with the reference rate and duration formats', async () => {
    // Act
    const [row] = await rowsOf('getStat', 3, 0);

    // Assess
    expect(row).not.toHaveProperty('real_date');
    expect(row).toMatchObject({
      channel_flag: '1',
      channel_flag_name: 'Website Chat',
      source: '0',
      source_name: 'Desktop Site',
    });
    expect(row?.human_self_rate_str).toBe(`${((row?.human_self_rate as number) * 100).toFixed(2)}%`);
    expect(row?.avg_human_recep_duration_str).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(row?.human_self + row?.human_not_recep).toBe(row?.human_consult);
  });

  it('gives summary/search one details entry per period, adding up to the summary', async () => {
    // Act
    const summary = (await harness.call('summarySearch', { ...range, summary_way: 0 })).items as Answer[];
    const weekly = (await harness.call('summarySearch', { ...range, summary_way: 2 })).items as Answer[];

    // Assess
    expect(summary.map((r) => r.classify_id)).toEqual(weekly.map((r) => r.classify_id));
    summary.forEach((row, i) => {
      expect(row.details).toHaveLength(1);
      expect(total(weekly[i]?.details, 'total_conversation_num')).toBe(row.details[0].total_conversation_num);
    });
    expect(weekly[0]?.details.map((d: Answer) => d.real_date)).toEqual([
      '2025-40',
      '2025-41',
      '2025-42',
      '2025-43',
      '2025-44',
      '2025-45',
    ]);
  });

  it('counts a level-1 classification as the sum of its level-2 children', async () => {
    // Prepare
    const classifications = (await harness.call('getClassificationList')).items as Answer[];
    const parent = classifications.find((c) => c.classify_level === 1);
    const children = classifications.filter((c) => c.classify_parent_id === parent?.id);
    const refs = [parent, ...children].map((c) => ({ classify_id: c?.id, level: c?.classify_level }));

    // Act
    const rows = (await harness.call('summarySearch', { ...range, level_classifys: refs })).items as Answer[];

    // Assess
    const count = (row: Answer | undefined) => row?.details[0].total_conversation_num as number;
    expect(rows.map((r) => r.classify_id)).toEqual(refs.map((r) => r.classify_id));
    expect(count(rows[0])).toBe(rows.slice(1).reduce((sum, r) => sum + count(r), 0));
  });
});
