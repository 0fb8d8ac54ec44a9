import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import { createSobotClient, type SobotClient } from '../../../src/adapters/sobot/client.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import type { Fetch } from '../../../src/adapters/sobot/transport.ts';
import { progressFor } from '../../../src/cli/output.ts';
import { ENDPOINTS } from '../../../src/core/sobot/endpoints.ts';
import { memoryIo } from '../../support/cli-io.ts';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.ts';
import * as stats from '../../support/stats-requests.ts';

const QUERY = { range: { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' }, searchWay: 2 as const };
const NAME_OF = new Map<string, string>(Object.entries(ENDPOINTS).map(([name, spec]) => [spec.path, name]));
const TOKEN_FETCH_MS = 3_000;

/** What went over the wire, in the order the client saw it: a request leaving, its answer arriving. */
interface Exchange {
  readonly endpoint: string;
  readonly token: string;
  readonly sentSeq: number;
  readonly sentAt: number;
  answeredSeq?: number;
  answeredAt?: number;
  retCode?: string;
  retMsg?: string;
}

/** Records every statistics exchange with sequence numbers, so "sent after the answer" needs no timing. */
function recordingFetch(clock: FakeClock) {
  const exchanges: Exchange[] = [];
  let seq = 0;
  const fetch: Fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const exchange: Exchange = {
      endpoint: NAME_OF.get(path) ?? path,
      token: headers.token ?? '',
      sentSeq: seq++,
      sentAt: clock.now(),
    };
    exchanges.push(exchange);
    const response = await globalThis.fetch(input, init);
    exchange.answeredSeq = seq++;
    exchange.answeredAt = clock.now();
    const envelope = JSON.parse(await response.clone().text()) as { ret_code: string; ret_msg: string };
    exchange.retCode = envelope.ret_code;
    exchange.retMsg = envelope.ret_msg;
    return response;
  };
  return { fetch, exchanges };
}

/** get_token through a fetch that takes `ms` on the fake clock, so calls queue up behind a refresh. */
function slowTokenFetch(clock: FakeClock, ms: number): Fetch {
  return async (input, init) => {
    await clock.sleep(ms);
    return globalThis.fetch(input, init);
  };
}

interface Harness {
  readonly simulator: RunningSimulator;
  readonly clock: FakeClock;
  readonly client: SobotClient;
  readonly exchanges: readonly Exchange[];
  readonly stderr: () => string;
}

async function start(): Promise<Harness> {
  const clock = createFakeClock(Date.UTC(2025, 10, 12, 1, 0, 0));
  const simulator = await startSimulator({ clock, seed: 7 });
  const tokenProvider = new FetchingTokenProvider({
    ...simulator.credentials,
    baseUrl: simulator.url,
    clock,
    fetch: slowTokenFetch(clock, TOKEN_FETCH_MS),
  });
  const { io, written } = memoryIo();
  const progress = progressFor(io, { json: false });
  const recording = recordingFetch(clock);
  const client = createSobotClient({
    baseUrl: simulator.url,
    tokenProvider,
    clock,
    random: () => 0.5,
    fetch: recording.fetch,
    events: progress.events,
  });
  return { simulator, clock, client, exchanges: recording.exchanges, stderr: () => written.stderr };
}

/** The figures the issue counts, from the exchanges and the progress lines. */
function figures(h: Harness) {
  const rejected = h.exchanges.filter((e) => e.retCode === '900002');
  const firstRejection = Math.min(...rejected.map((e) => e.answeredSeq ?? Number.POSITIVE_INFINITY));
  // Sent after the client already knew the token was void: a call spent on the old token.
  const rejectedAfterKnown = rejected.filter((e) => e.sentSeq > firstRejection);
  const intoPause: number[] = [];
  for (const refusal of h.exchanges.filter((e) => e.retCode === '229000')) {
    const seconds = Number(/Try again \[(\d+)\]s/.exec(refusal.retMsg ?? '')?.[1]);
    const from = refusal.answeredAt ?? 0;
    for (const later of h.exchanges) {
      if (later.endpoint !== refusal.endpoint || later.sentSeq < (refusal.answeredSeq ?? 0)) continue;
      if (later.sentAt < from + seconds * 1000) intoPause.push(later.sentAt - from);
    }
  }
  return {
    rejected: rejected.length,
    rejectedAfterKnown: rejectedAfterKnown.length,
    fetches: h.simulator.stats.tokensIssued - 1,
    progressLines: h
      .stderr()
      .split('\n')
      .filter((line) => line.includes('fetched a new API token')).length,
    earliestIntoPauseMs: intoPause.length > 0 ? Math.min(...intoPause) : null,
  };
}

describe('Function: createSobotClient when the token is invalidated during a fan-out', () => {
  let cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  it('sends nothing on the void token once it is known, fetches once and says so once, and keeps the pause', async () => {
    // Prepare: 70 calls on three endpoints, more than a window's worth on two; the token dies on the
    // fourth getGeneral call, and getRobotReception is told to pause 5 s while the new token is on its way
    // (a get_token takes 3 s here). Before the barrier: 67 answers 900002 (21 of them sent after the
    // first), 67 progress lines for one fetch.
    const h = await start();
    cleanup.push(() => h.simulator.close(), h.clock.autoAdvance());
    await h.client.fetch(stats.customerOverview(QUERY));
    h.simulator.faults.add({ endpoint: 'getGeneral', kind: 'invalidateToken', afterCalls: 3 });
    h.simulator.faults.add({
      endpoint: 'getRobotReception',
      kind: 'rateLimit',
      afterCalls: 8,
      waitSeconds: 5,
    });
    const fanOut = [
      ...Array.from({ length: 30 }, () => stats.customerOverview(QUERY)),
      ...Array.from({ length: 10 }, () => stats.robotReception(QUERY)),
      ...Array.from({ length: 30 }, () => stats.staffReception(QUERY)),
    ];

    // Act
    await Promise.all(fanOut.map((request) => h.client.fetch(request)));

    // Assess
    const seen = figures(h);
    expect(seen.rejected).toBeGreaterThan(0);
    expect(seen.rejectedAfterKnown).toBe(0);
    expect(seen.fetches).toBe(1);
    expect(seen.progressLines).toBe(1);
    expect(seen.earliestIntoPauseMs).toBeNull();
  });
});
