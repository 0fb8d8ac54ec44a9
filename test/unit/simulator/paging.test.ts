import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';
import { allRows, type Harness, startHarness } from './harness.ts';

describe('Simulator: paging', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ clock: createFakeClock(), size: { agents: 250 } });
  });
  afterAll(() => harness.close());

  const workload = { start_date: '2025-11-01', end_date: '2025-11-07' };

  it('defaults to page 1 of 15 and reports the counts its return example has, without page_count', async () => {
    // Act
    const answer = await harness.call('getServiceList', {});
    const workloadAnswer = await harness.call('staffWorkStatis', workload);

    // Assess
    expect(answer).toMatchObject({ page_no: 1, page_size: 15, total_count: 250 });
    expect(answer).not.toHaveProperty('page_count');
    expect(answer.items).toHaveLength(15);
    expect(Object.keys(workloadAnswer)).toEqual([
      'ret_code',
      'ret_msg',
      'page_no',
      'page_count',
      'total_count',
      'page_size',
      'items',
    ]);
  });

  it('resets a size over 100 to 100, accepting numbers as strings', async () => {
    // Act
    const answer = await harness.call('getServiceList', { page: '2', size: '500' });

    // Assess
    expect(answer).toMatchObject({ page_no: 2, page_size: 100, total_count: 250 });
    expect(answer.items[0].service_id).toBe('agent-0101');
  });

  it('pages staffWorkStatis and getChildChannelList with page_no/page_size', async () => {
    // Act
    const workloadPage = await harness.call('staffWorkStatis', { ...workload, page_no: 3, page_size: 7 });
    const ignoredStyle = await harness.call('staffWorkStatis', { ...workload, page: 3, size: 7 });
    const channels = await harness.call('getChildChannelList', { page_no: '1', page_size: '2' });

    // Assess
    expect(workloadPage).toMatchObject({ page_no: 3, page_size: 7 });
    expect(workloadPage.items).toHaveLength(7);
    expect(ignoredStyle).toMatchObject({ page_no: 1, page_size: 15 });
    expect(channels).toMatchObject({ page_no: 1, page_size: 2, total_count: 4 });
    expect(channels).not.toHaveProperty('page_count');
  });

  it('answers getGroupList with page_no and page_size but no counts, as the reference does', async () => {
    // Act
    const answer = await harness.call('getGroupList', { size: 3 });

    // Assess
    expect(Object.keys(answer).sort()).toEqual(['items', 'page_no', 'page_size', 'ret_code', 'ret_msg']);
    expect(answer.items).toHaveLength(3);
  });

  it('answers every row on non-paged endpoints', async () => {
    // Act
    const robots = await harness.call('getRobotList', { size: 1 });
    const classifications = await harness.call('getClassificationList');

    // Assess
    expect(robots.items.length).toBeGreaterThan(1);
    expect(robots).not.toHaveProperty('page_no');
    expect(classifications.items.length).toBeGreaterThan(10);
  });

  it('gives every row exactly once across pages and an empty page past the end', async () => {
    // Act
    const rows = await allRows(harness, 'staffWorkStatis', workload);
    const pastEnd = await harness.call('staffWorkStatis', { ...workload, page_no: 99, page_size: 100 });

    // Assess
    expect(new Set(rows.map((r) => r.staff_id)).size).toBe(rows.length);
    expect(rows.length).toBe(pastEnd.total_count);
    expect(pastEnd.items).toEqual([]);
  });
});
