/**
 * Rate-limit floor: wall time of a weekly run with the simulator enforcing the API's real window
 * (20 calls per 60 s per endpoint, real clock) against the floor that window sets. Endpoints are paced
 * independently, so the floor is the busiest endpoint's: (ceil(calls / 20) − 1) × 60 s, plus the
 * calls' own time. A 2,000-agent account needs ≤ 20 calls per endpoint (floor ≈ 0), so a 5,000-agent
 * run, whose busiest endpoints need three windows, is measured as well.
 *
 *   node bench/rate-limit-floor.ts [--agents 2000,5000]
 *
 * Goal: at most floor + 30 s.
 */

import { startSimulator } from '../simulator/index.ts';
import { systemClock } from '../src/core/clock.ts';
import { CALLS_PER_WINDOW, RATE_WINDOW_MS } from '../src/core/sobot/endpoints.ts';
import { type Figure, runBenchmark, seconds } from './support/figures.ts';
import { accountOf, removeOutput, runShippedReport, WEEKLY_REPORT } from './support/simulated-run.ts';

const SEED = 7;
const DEFAULT_AGENTS = [2000, 5000];
const ALLOWANCE_MS = 30_000;

export function floorMs(busiestCalls: number): number {
  return (Math.ceil(busiestCalls / CALLS_PER_WINDOW) - 1) * RATE_WINDOW_MS;
}

async function measure(agents: number): Promise<Figure[]> {
  const size = accountOf(agents);
  const simulator = await startSimulator({ seed: SEED, size, clock: systemClock });
  try {
    console.log(`\n${agents} agents: weekly run at 20 calls / 60 s per endpoint, real clock…`);
    const refused = new Map<string, number>();
    const run = await runShippedReport({
      url: simulator.url,
      credentials: simulator.credentials,
      reportId: WEEKLY_REPORT,
      clock: systemClock,
      events: {
        onThrottle: ({ endpoint, reason }) => {
          if (reason === '229000') refused.set(endpoint, (refused.get(endpoint) ?? 0) + 1);
        },
      },
    });
    await removeOutput(run);
    const byEndpoint = Object.entries(simulator.stats.callsByEndpoint)
      .filter(([endpoint]) => endpoint !== 'get_token')
      .sort(([, a], [, b]) => b - a);
    const [busiest, busiestCalls] = byEndpoint[0] ?? ['none', 0];
    const floor = floorMs(busiestCalls);

    console.log('calls received per endpoint (any refused with 229000 included):');
    console.log(
      byEndpoint
        .map(([endpoint, calls]) => {
          const refusals = refused.get(endpoint) ?? 0;
          return `  ${endpoint.padEnd(30)} ${calls}${refusals > 0 ? ` (${refusals} refused with 229000)` : ''}`;
        })
        .join('\n'),
    );
    console.log(
      `busiest: ${busiest} with ${busiestCalls} calls → floor ${seconds(floor)}; actual ${seconds(run.ms)} ` +
        `(${seconds(run.ms - floor)} over the floor, collect + render + archive + outbox)`,
    );
    const benchmark = 'rate-limit-floor';
    return [
      {
        benchmark,
        label: `${agents} agents: busiest endpoint`,
        value: `${busiest} ${busiestCalls} calls`,
        goal: '',
        met: null,
      },
      {
        benchmark,
        label: `${agents} agents: wall time vs floor`,
        value: `${seconds(run.ms)} (floor ${seconds(floor)})`,
        goal: `≤ ${seconds(floor + ALLOWANCE_MS)}`,
        met: run.ms <= floor + ALLOWANCE_MS,
      },
    ];
  } finally {
    await simulator.close();
  }
}

function agentCounts(): number[] {
  const index = process.argv.indexOf('--agents');
  const raw = index < 0 ? undefined : process.argv[index + 1];
  return raw ? raw.split(',').map(Number) : DEFAULT_AGENTS;
}

export async function benchmarkRateLimitFloor(agents = DEFAULT_AGENTS): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const count of agents) figures.push(...(await measure(count)));
  return figures;
}

await runBenchmark(import.meta.url, () => benchmarkRateLimitFloor(agentCounts()));
