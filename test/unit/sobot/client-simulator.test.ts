import { afterEach, describe, expect, it } from 'vitest';
import { DOCUMENTED_MAX_RANGE_DAYS } from '../../../simulator/api/description.ts';
import { type Fault, type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import {
  createSobotClient,
  type SobotClient,
  type SobotClientOptions,
} from '../../../src/adapters/sobot/client.ts';
import { SobotInputError } from '../../../src/adapters/sobot/errors.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import type { CustomerOverview } from '../../../src/core/sections/customers.ts';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.ts';
import { onSimulatorArrival, requestTimeoutsOnCue } from '../../support/request-timeouts.ts';
import * as stats from '../../support/stats-requests.ts';

const RANGE = { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' };
const QUERY = { range: RANGE, searchWay: 2 as const };

function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(
    0,
    ...sorted.map((start) => sorted.filter((t) => t >= start && t < start + windowMs).length),
  );
}

interface Harness {
  readonly simulator: RunningSimulator;
  readonly clock: FakeClock;
  readonly client: SobotClient;
  readonly retCodes: string[];
}

async function start(options: Partial<SobotClientOptions> = {}, size = {}): Promise<Harness> {
  const clock = createFakeClock(Date.UTC(2025, 10, 12, 1, 0, 0));
  const simulator = await startSimulator({
    clock,
    seed: 7,
    size,
    port: 0,
    maxRangeDays: DOCUMENTED_MAX_RANGE_DAYS,
  });
  const retCodes: string[] = [];
  const tokenProvider = new FetchingTokenProvider({
    ...simulator.credentials,
    baseUrl: simulator.url,
    clock,
  });
  const client = createSobotClient({
    baseUrl: simulator.url,
    tokenProvider,
    clock,
    random: () => 0.5,
    events: { onCall: (event) => event.retCode && retCodes.push(event.retCode) },
    ...options,
  });
  return { simulator, clock, client, retCodes };
}

describe('Function: createSobotClient against the simulator', () => {
  let cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  it('collects every endpoint with one token and stays within 20 calls per 60 s per endpoint', async () => {
    // Prepare
    const { simulator, clock, client, retCodes } = await start({}, { agents: 250 });
    cleanup.push(() => simulator.close(), clock.autoAdvance());
    const breakdown = { ...QUERY, summaryWay: 1 as const };

    // Act
    const results = await Promise.all([
      client.fetch(stats.channels()),
      client.fetch(stats.subChannels()),
      client.fetch(stats.classifications()),
      client.fetch(stats.robots()),
      client.fetch(stats.departments()),
      client.fetch(stats.groups()),
      client.fetch(stats.agents({ searchWay: 1 })),
      client.fetch(stats.chatStats(breakdown)),
      client.fetch(stats.messageStats(breakdown)),
      client.fetch(stats.customerOverview(QUERY)),
      client.fetch(stats.robotReception(QUERY)),
      client.fetch(stats.staffReception(QUERY)),
      client.fetch(stats.regions(QUERY)),
      client.fetch(stats.agentWorkload(QUERY)),
      client.fetch(stats.workStatus(QUERY)),
      client.fetch(stats.sessionSatisfaction(QUERY)),
      client.fetch(stats.customerSatisfaction(QUERY)),
      client.fetch(stats.serviceSummary({ range: RANGE, summaryWay: 0 })),
    ]);

    // Assess
    const agents = results[6] as unknown[];
    const workload = results[13] as unknown[];
    expect(agents).toHaveLength(250);
    expect(workload.length).toBeGreaterThan(100);
    expect(results[9]).not.toBeNull();
    expect(simulator.stats.tokensIssued).toBe(1);
    expect(retCodes.filter((code) => code !== '000000')).toEqual([]);
    const statCalls = simulator.stats.requests.filter((r) => r.endpoint !== 'get_token');
    expect(statCalls).toHaveLength(client.calls());
    for (const endpoint of new Set(statCalls.map((r) => r.endpoint))) {
      const times = statCalls.filter((r) => r.endpoint === endpoint).map((r) => r.at);
      expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(20);
    }
  });

  const recoverable: [string, Fault, number][] = [
    ['a 229000', { endpoint: 'getGeneral', kind: 'rateLimit', waitSeconds: 5 }, 2],
    ['an invalidated token', { endpoint: 'getGeneral', kind: 'invalidateToken' }, 2],
    ['a 999999 burst', { endpoint: 'getGeneral', kind: 'internalError', times: 3 }, 4],
    ['an HTTP 502', { endpoint: 'getGeneral', kind: 'http502' }, 2],
    ['a connection reset', { endpoint: 'getGeneral', kind: 'reset' }, 2],
    ['a truncated JSON body', { endpoint: 'getGeneral', kind: 'malformedJson' }, 2],
  ];

  it.each(recoverable)('recovers from %s', async (_label, fault, expectedCalls) => {
    // Prepare
    const { simulator, clock, client } = await start({ requestTimeoutMs: 1_000 });
    cleanup.push(() => simulator.close(), clock.autoAdvance());
    const clean = await client.fetch(stats.customerOverview(QUERY));
    simulator.faults.add(fault);

    // Act
    const overview = await client.fetch(stats.customerOverview(QUERY));

    // Assess
    expect(overview).toEqual(clean);
    expect(client.calls()).toBe(1 + expectedCalls);
  });

  it('recovers from a response slower than the timeout', async () => {
    // Prepare: the slow answer never comes (close() cancels it); its timeout fires on cue once the
    // simulator holds it, so no other request can time out however slow the machine.
    const timeouts = requestTimeoutsOnCue();
    const { simulator, clock, client } = await start({ fetch: timeouts.fetch });
    cleanup.push(timeouts.restore, () => simulator.close(), clock.autoAdvance());
    const clean = await client.fetch(stats.customerOverview(QUERY));
    simulator.faults.add({ endpoint: 'getGeneral', kind: 'slow', delayMs: 600_000 });
    let arrivals = 0;
    cleanup.push(
      onSimulatorArrival(simulator, (request) => {
        if (request.endpoint === 'getGeneral' && ++arrivals === 1) timeouts.fire(request.headers);
      }),
    );

    // Act
    const overview = await client.fetch(stats.customerOverview(QUERY));

    // Assess
    expect(overview).toEqual(clean);
    expect(arrivals).toBe(2);
    expect(client.calls()).toBe(1 + 2);
  });

  it('waits out the seconds a simulated 229000 names before retrying', async () => {
    // Prepare
    const { simulator, clock, client } = await start();
    cleanup.push(() => simulator.close(), clock.autoAdvance());
    simulator.faults.add({ endpoint: 'getRobotReception', kind: 'rateLimit', waitSeconds: 42 });

    // Act
    await client.fetch(stats.robotReception(QUERY));

    // Assess
    const [rejected, retried] = simulator.stats.requests.filter((r) => r.endpoint === 'getRobotReception');
    expect((retried?.at ?? 0) - (rejected?.at ?? 0)).toBeGreaterThanOrEqual(42_000);
  });

  it('fetches one new token when the token is invalidated in the middle of paging', async () => {
    // Prepare
    const { simulator, clock, client } = await start({}, { agents: 450 });
    cleanup.push(() => simulator.close(), clock.autoAdvance());
    simulator.faults.add({ endpoint: 'staffWorkStatis', kind: 'invalidateToken', afterCalls: 2 });

    // Act
    const rows = (await client.fetch(stats.agentWorkload(QUERY))) as unknown[];

    // Assess
    expect(rows.length).toBeGreaterThan(300);
    expect(simulator.stats.tokensIssued).toBe(2);
  });

  it('keeps rows whose field was renamed, under the new name', async () => {
    // Prepare
    const { simulator, clock, client } = await start();
    cleanup.push(() => simulator.close(), clock.autoAdvance());
    simulator.faults.add({
      endpoint: 'getGeneral',
      kind: 'renameField',
      field: 'valid_visitor_total',
      to: 'visitors',
    });

    // Act
    const overview = (await client.fetch(stats.customerOverview(QUERY))) as CustomerOverview | null;

    // Assess
    expect(overview?.valid_visitor_total).toBeUndefined();
    expect(overview).toHaveProperty('visitors');
  });

  it('surfaces the simulator 222000 for a range over 90 days without retrying', async () => {
    // Prepare
    const { simulator, clock, client } = await start();
    cleanup.push(() => simulator.close(), clock.autoAdvance());

    // Act
    const error = await client
      .fetch(
        stats.customerOverview({
          range: { start: '2025-01-01 00:00:00', end: '2025-11-09 23:59:59' },
          searchWay: 2,
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SobotInputError);
    expect(client.calls()).toBe(1);
  });
});
