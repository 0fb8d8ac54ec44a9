/**
 * API efficiency: a weekly run of the shipped weekly report (all sections, previous-week comparison,
 * department routes) against simulated 250- and 5,000-agent accounts, through the real client at the
 * real limits (20 calls per 60 s per endpoint on both sides) on a fake clock, so pacing waits pass
 * instantly. Calls the simulator received against the minimum worked out from what it holds, see
 * support/minimum-calls.ts.
 *
 *   node bench/api-efficiency.ts [--agents 250,5000]
 *
 * Goal: ratio 1.00.
 */

import { startSimulator } from '../simulator/index.ts';
import { FetchingTokenProvider } from '../src/adapters/sobot/token-provider.ts';
import { planCollection } from '../src/core/report/collect-plan.ts';
import { loadConfig } from '../src/core/report/config.ts';
import { planRun } from '../src/core/report/run-report.ts';
import { fillRequests } from '../src/core/trend/fill.ts';
import { trendWindows } from '../src/core/trend/trend.ts';
import { createFakeClock } from '../test/support/fake-clock.ts';
import { type Figure, runBenchmark, seconds } from './support/figures.ts';
import { minimumCalls } from './support/minimum-calls.ts';
import {
  accountOf,
  FAKE_CLOCK_START,
  REFERENCE_DATE,
  removeOutput,
  runShippedReport,
  shippedConfigPath,
  WEEKLY_REPORT,
} from './support/simulated-run.ts';

const SEED = 7;
const DEFAULT_AGENTS = [250, 5000];

/**
 * The collection plan's requests (the routes' teams' own among them), and the trend's fill: a run into
 * an empty history fills the 7 weeks before its own from getStat (summary_way 2), one request; with the
 * history in place it makes none.
 */
interface PlannedRequests {
  readonly collection: number;
  readonly trend: number;
  /** The routes' teams' own customer and satisfaction requests (collect-plan.ts), per team key. */
  readonly perTeam: ReadonlyMap<string, { readonly current: number; readonly previous: number }>;
}

async function plannedRequests(): Promise<PlannedRequests> {
  const clock = createFakeClock(FAKE_CLOCK_START);
  const config = await loadConfig(shippedConfigPath());
  const { report, period, previous } = planRun(
    { config, clock },
    { reportId: WEEKLY_REPORT, date: REFERENCE_DATE },
  );
  const plan = planCollection(report, period, previous);
  const perTeam = new Map<string, { current: number; previous: number }>();
  for (const team of plan.teams) perTeam.set(team.key, { current: 0, previous: 0 });
  for (const task of plan.tasks) {
    const team = plan.teams.find((t) => task.id.startsWith(`team.${t.key}.`));
    const counts = team && perTeam.get(team.key);
    if (!team || !counts) continue;
    const window = task.id.slice(`team.${team.key}.`.length).startsWith('previous.') ? 'previous' : 'current';
    counts[window] += 1;
  }
  return {
    collection: plan.tasks.length,
    trend: fillRequests(report, trendWindows(period).slice(0, -1)).length,
    perTeam,
  };
}

/** "2 teams × (6 current + 5 previous) = 22 extra calls", or one line per team when they differ. */
function perTeamCost(perTeam: PlannedRequests['perTeam']): { text: string; calls: number } {
  const counts = [...perTeam.values()];
  const calls = counts.reduce((sum, c) => sum + c.current + c.previous, 0);
  const shapes = new Set(counts.map((c) => `${c.current}+${c.previous}`));
  const first = counts[0];
  const text =
    shapes.size === 1 && first
      ? `${counts.length} teams × (${first.current} current + ${first.previous} previous) = ${calls} extra calls`
      : `${[...perTeam].map(([key, c]) => `${key}: ${c.current} + ${c.previous}`).join(', ')} = ${calls} extra calls`;
  return { text, calls };
}

async function measure(agents: number): Promise<Figure[]> {
  // More settling than the tests need: see settleTurns. With the default, the 5,000-agent run shows 2
  // getWorkLogList calls refused and repeated that the client sent within the limit.
  const clock = createFakeClock(FAKE_CLOCK_START, { settleTurns: 200 });
  const stopClock = clock.autoAdvance();
  const size = accountOf(agents);
  const simulator = await startSimulator({ seed: SEED, size, clock });
  const twin = await startSimulator({
    seed: SEED,
    size,
    clock,
    rateLimit: { calls: Number.POSITIVE_INFINITY, windowMs: 60_000 },
  });
  try {
    const run = await runShippedReport({
      url: simulator.url,
      credentials: simulator.credentials,
      reportId: WEEKLY_REPORT,
      clock,
    });
    await removeOutput(run);
    const requests = [...simulator.stats.requests];
    const token = await new FetchingTokenProvider({ ...twin.credentials, baseUrl: twin.url, clock }).token();
    const tally = await minimumCalls(requests, twin.url, token);
    const plan = await plannedRequests();
    const planned = plan.collection + plan.trend;
    const ratio = tally.made / tally.minimum;
    const teamCost = perTeamCost(plan.perTeam);
    const teamCalls = requests.filter((r) => isTeamRequest(r.body)).length;

    console.log(
      `\n${agents} agents (${size.departments} departments × ${size.groupsPerDepartment} groups), weekly ${run.result.period.from}..${run.result.period.to}`,
    );
    console.log('endpoint                       requests  calls made  minimum');
    for (const t of tally.byEndpoint) {
      console.log(
        `${t.endpoint.padEnd(30)} ${String(t.requests).padStart(8)}  ${String(t.made).padStart(10)}  ${String(t.minimum).padStart(7)}`,
      );
    }
    console.log(
      `total: ${tally.made} calls made (the client counted ${run.result.apiCalls}), ${tally.minimum} minimum, ` +
        `${tally.distinct} distinct requests (the plan has ${plan.collection}, the trend's fill ${plan.trend}); ratio ${ratio.toFixed(2)}; ` +
        `simulated time ${seconds(clock.now() - FAKE_CLOCK_START)}, real time ${seconds(run.ms)}`,
    );
    console.log(
      `per-team customer and satisfaction figures: ${teamCost.text} planned; ${teamCalls} calls made carried a route's ids`,
    );

    const benchmark = 'api-efficiency';
    return [
      {
        benchmark,
        label: `${agents} agents: calls / minimum`,
        value: `${tally.made} / ${tally.minimum} = ${ratio.toFixed(2)}`,
        goal: '1.00',
        met: ratio.toFixed(2) === '1.00',
      },
      {
        benchmark,
        label: `${agents} agents: simulated time at 20 calls / 60 s`,
        value: seconds(clock.now() - FAKE_CLOCK_START),
        goal: '',
        met: null,
      },
      {
        benchmark,
        label: `${agents} agents: distinct requests / planned (collection + trend fill)`,
        value: `${tally.distinct} / ${plan.collection} + ${plan.trend}`,
        goal: 'equal',
        met: tally.distinct === planned,
      },
      {
        benchmark,
        label: `${agents} agents: per-team calls made / planned`,
        value: `${teamCalls} / ${teamCost.calls} (${teamCost.text})`,
        goal: 'equal',
        met: teamCalls === teamCost.calls,
      },
    ];
  } finally {
    stopClock();
    await simulator.close();
    await twin.close();
  }
}

/**
 * A request only a route's team makes: the shipped report has no filters of its own, so a
 * department id in a customer or satisfaction request can only be a route's.
 */
function isTeamRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'depart_ids_param' in body;
}

function agentCounts(): number[] {
  const index = process.argv.indexOf('--agents');
  const raw = index < 0 ? undefined : process.argv[index + 1];
  return raw ? raw.split(',').map(Number) : DEFAULT_AGENTS;
}

export async function benchmarkApiEfficiency(agents = DEFAULT_AGENTS): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const count of agents) figures.push(...(await measure(count)));
  return figures;
}

await runBenchmark(import.meta.url, () => benchmarkApiEfficiency(agentCounts()));
