import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import { createSobotClient } from '../../../src/adapters/sobot/client.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import { collect, isEmpty } from '../../../src/core/report/collect.ts';
import { previousWindow, reportWindow } from '../../../src/core/report/periods.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { reportWith } from '../report/report-fixture.ts';

/**
 * "a current maximum allowance of 20 calls per minute" (every endpoint's "Note" 1) does not say per
 * endpoint or per account. A whole monthly collection, with every section, against a simulator that
 * counts either way: the client starts per endpoint and must finish under both readings.
 */
describe('Function: createSobotClient under either reading of the rate limit', () => {
  let simulator: RunningSimulator | undefined;
  let stopClock: (() => void) | undefined;
  afterEach(async () => {
    stopClock?.();
    await simulator?.close();
  });

  async function collectMonthly(scope: 'endpoint' | 'account') {
    const clock = createFakeClock(Date.UTC(2025, 10, 12, 1, 0, 0));
    stopClock = clock.autoAdvance();
    simulator = await startSimulator({ clock, seed: 7, size: { agents: 250 }, rateLimitScope: scope });
    const tokenProvider = new FetchingTokenProvider({
      ...simulator.credentials,
      baseUrl: simulator.url,
      clock,
    });
    const retCodes: string[] = [];
    const fallbacks: string[] = [];
    const client = createSobotClient({
      tokenProvider,
      baseUrl: simulator.url,
      clock,
      random: () => 0.5,
      events: {
        onCall: ({ retCode }) => retCode && retCodes.push(retCode),
        onAccountWidePacing: ({ endpoint }) => fallbacks.push(endpoint),
      },
    });
    const report = reportWith({ period: 'monthly', send: { hour: 9, dayOfMonth: 1 } });
    const period = reportWindow('monthly', '2025-11-12', report.timezone);
    const { snapshot } = await collect({
      api: client,
      report,
      period,
      previous: previousWindow(period),
      clock,
    });
    return {
      snapshot,
      calls: client.calls(),
      refusals: retCodes.filter((code) => code === '229000').length,
      fallbacks,
    };
  }

  it('stays per endpoint, unrefused, when the API counts per endpoint', async () => {
    // Act
    const run = await collectMonthly('endpoint');

    // Assess
    expect(isEmpty(run.snapshot.current)).toBe(false);
    expect(run.snapshot.current.agents).toHaveLength(250);
    expect(run.refusals).toBe(0);
    expect(run.calls).toBe(35);
    expect(run.fallbacks).toEqual([]);
  });

  it('falls back to account-wide pacing once, and completes, when the API counts per account', async () => {
    // Act
    const run = await collectMonthly('account');

    // Assess
    expect(isEmpty(run.snapshot.current)).toBe(false);
    expect(run.snapshot.current.agents).toHaveLength(250);
    expect(run.fallbacks).toHaveLength(1);
    // Measured: 48 calls, 13 of them refused (the first burst, before the fallback), against 35 per endpoint.
    expect(run.refusals).toBeGreaterThan(0);
    expect(run.calls - run.refusals).toBe(35);
  });
});
