import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_MAX_RANGE_DAYS } from '../../simulator/api/description.ts';
import { type RunningSimulator, startSimulator } from '../../simulator/index.ts';
import { createSobotClient } from '../../src/adapters/sobot/client.ts';
import { FetchingTokenProvider } from '../../src/adapters/sobot/token-provider.ts';
import { collect, isEmpty } from '../../src/core/report/collect.ts';
import { minimumCalls } from '../../src/core/report/collect-plan.ts';
import { previousWindow, reportWindow } from '../../src/core/report/periods.ts';
import { sliceSnapshot } from '../../src/core/report/slice.ts';
import { createFakeClock, type FakeClock } from '../support/fake-clock.ts';
import { reportWith } from '../unit/report/report-fixture.ts';

/**
 * A weekly report collected from a 250-agent simulated account through the real client, at the real
 * rate limits (20 per minute per endpoint, on both sides) but on a fake clock, so any pacing wait
 * passes instantly. The figure that matters: calls made against the fewest possible.
 */
describe('Integration: collect a weekly report from the simulator', () => {
  let clock: FakeClock;
  let stopClock: () => void;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    clock = createFakeClock(Date.UTC(2025, 10, 12, 1, 0, 0));
    stopClock = clock.autoAdvance();
    simulator = await startSimulator({
      seed: 7,
      size: { agents: 250 },
      clock,
      maxRangeDays: DOCUMENTED_MAX_RANGE_DAYS,
    });
  });

  afterAll(async () => {
    stopClock();
    await simulator.close();
  });

  function clientFor(timezone: string) {
    const tokenProvider = new FetchingTokenProvider({
      ...simulator.credentials,
      baseUrl: simulator.url,
      clock,
    });
    return createSobotClient({ tokenProvider, baseUrl: simulator.url, timezone, clock });
  }

  it('makes exactly the minimum number of API calls (one per 100 rows per request)', async () => {
    // Prepare
    const report = reportWith({
      dimension: 'department',
      recipients: {
        to: ['head@example.com'],
        routes: [{ name: 'Department 1', to: ['one@example.com'], departmentIds: ['placeholder'] }],
      },
    });
    const period = reportWindow('weekly', '2025-11-12', report.timezone);
    const client = clientFor(report.timezone);
    simulator.resetStats();

    // Act
    const { snapshot, parts, plan } = await collect({
      api: client,
      report,
      period,
      previous: previousWindow(period),
      clock,
    });

    // Assess
    const made = client.calls();
    const minimum = minimumCalls(plan, parts);
    const ratio = made / minimum;
    console.log(
      `weekly report, 250 agents: ${made} API calls made, ${minimum} minimum, ratio ${ratio.toFixed(2)} ` +
        `(${plan.tasks.length} requests; ${snapshot.current.agents.length} agent rows, ` +
        `${snapshot.current.workStatus.length} work-status rows)`,
    );
    expect(ratio.toFixed(2)).toBe('1.00');
    expect(snapshot.current.agents).toHaveLength(250);
    expect(isEmpty(snapshot.current)).toBe(false);
    const served = Object.entries(simulator.stats.callsByEndpoint)
      .filter(([endpoint]) => endpoint !== 'get_token')
      .reduce((sum, [, count]) => sum + count, 0);
    expect(served).toBe(made);
  });

  it('slices a department supervisor out of the same snapshot with no further calls', async () => {
    // Prepare
    const report = reportWith({ dimension: 'department' });
    const period = reportWindow('weekly', '2025-11-12', report.timezone);
    const client = clientFor(report.timezone);
    const { snapshot } = await collect({ api: client, report, period, previous: null, clock });
    const departmentId = snapshot.current.chats.totals[0]?.depart_id ?? '';
    const callsBefore = client.calls();

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department', departmentIds: [departmentId] });

    // Assess
    expect(departmentId).not.toBe('');
    expect(slice.current.chats.totals.map((row) => row.depart_id)).toEqual([departmentId]);
    expect(slice.current.agents.length).toBeGreaterThan(0);
    expect(slice.current.agents.length).toBeLessThan(snapshot.current.agents.length);
    expect(client.calls()).toBe(callsBefore);
  });
});
