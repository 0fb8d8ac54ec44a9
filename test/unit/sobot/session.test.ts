import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import { statsSessions } from '../../../src/adapters/sobot/session.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import { parseConfig } from '../../../src/core/report/config.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import * as stats from '../../support/stats-requests.ts';

const config = parseConfig({
  email: { from: 'reports@example.com' },
  reports: ['a', 'b'].map((id) => ({
    id,
    title: `Report ${id}`,
    period: 'daily',
    send: { hour: 8 },
    recipients: { to: ['ops@example.com'] },
  })),
});

describe('statsSessions', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => sim?.close());

  it('keeps two reports together under one per-endpoint limit and one token', async () => {
    // Prepare
    const clock = createFakeClock(Date.parse('2025-11-12T00:00:00Z'));
    const stop = clock.autoAdvance();
    sim = await startSimulator({ clock, rateLimit: { calls: 3, windowMs: 60_000 } });
    const tokens = new FetchingTokenProvider({ ...sim.credentials, baseUrl: sim.url, clock });
    const open = statsSessions(tokens, {
      baseUrl: sim.url,
      clock,
      rateLimit: { calls: 3, windowMs: 60_000 },
    });
    const [first, second] = config.reports.map((report) => open(report));

    // Act
    await Promise.all(
      [first, second].flatMap((s) => [
        s?.api.fetch(stats.robots()),
        s?.api.fetch(stats.robots()),
        s?.api.fetch(stats.robots()),
      ]),
    );
    stop();

    // Assess
    expect(sim.stats.callsByEndpoint.getRobotList).toBe(6);
    expect(sim.stats.tokensIssued).toBe(1);
    expect(clock.now() - Date.parse('2025-11-12T00:00:00Z')).toBeGreaterThanOrEqual(60_000);
    expect((first?.calls() ?? 0) + (second?.calls() ?? 0)).toBe(6);
  });
});
