import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';
import { allRows, type Harness, startHarness, total } from './harness.ts';

describe('Simulator: a 5,000-agent account', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      clock: createFakeClock(),
      size: { agents: 5000, departments: 8, groupsPerDepartment: 6, channels: 8 },
    });
  });
  afterAll(() => harness.close());

  it('lists every agent and pages their workload, adding up to the chat totals', async () => {
    // Act
    const agents = await allRows(harness, 'getServiceList', {});
    const workload = await allRows(harness, 'staffWorkStatis', {
      start_date: '2025-11-03',
      end_date: '2025-11-09',
    });
    const byGroup = await allRows(harness, 'getStat', {
      start_date: '2025-11-03 00:00:00',
      end_date: '2025-11-09 23:59:59',
      search_way: 2,
    });

    // Assess
    expect(agents).toHaveLength(5000);
    expect(agents.at(-1)?.service_id).toBe('agent-5000');
    expect(new Set(agents.map((a) => a.service_name)).size).toBe(5000);
    expect(workload.length).toBeGreaterThan(4500);
    expect(byGroup).toHaveLength(48);
    expect(total(workload, 'human_consult')).toBe(total(byGroup, 'human_consult'));
  });
});
