import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../src/core/clock.ts';
import { DEFAULT_MAX_RANGE_DAYS, RATE_LIMIT } from './api/description.ts';
import { buildAccount } from './data/account.ts';
import { dayNumberOf } from './data/calendar.ts';
import { ClassifiedStore } from './data/classified.ts';
import { LruCache } from './data/lru.ts';
import { ActivityStore } from './data/store.ts';
import type { SimData } from './endpoints/context.ts';
import { Drift } from './http/drift.ts';
import { FaultBook } from './http/faults.ts';
import { SlidingWindowLimiter } from './http/rate-limiter.ts';
import { SimulatorRequestHandler } from './http/server.ts';
import { StatsRecorder } from './http/stats.ts';
import { TokenStore } from './http/tokens.ts';
import { replayListener } from './replay.ts';
import type { RunningSimulator, SimulatorOptions } from './types.ts';

export { signOf } from './http/tokens.ts';
export type * from './types.ts';

/** The simulator's configuration was unusable (e.g. a quiet range that is not a date). */
class SimulatorConfigError extends Error {
  override readonly name = 'SimulatorConfigError';
}

function quietDays(ranges: SimulatorOptions['quietRanges']): (day: number) => boolean {
  const spans = (ranges ?? []).map(({ from, to }) => {
    const span = { from: dayNumberOf(from), to: dayNumberOf(to) };
    if (Number.isNaN(span.from) || Number.isNaN(span.to)) {
      throw new SimulatorConfigError(`quietRanges entry ${from}..${to} is not a pair of yyyy-MM-dd dates`);
    }
    return span;
  });
  return (day) => spans.some((s) => day >= s.from && day <= s.to);
}

function simData(options: SimulatorOptions): SimData {
  const account = buildAccount(options.seed ?? 1, {
    departments: options.size?.departments ?? 4,
    groupsPerDepartment: options.size?.groupsPerDepartment ?? 2,
    agents: options.size?.agents ?? 40,
    channels: options.size?.channels ?? 4,
  });
  const activity = new ActivityStore(account, quietDays(options.quietRanges));
  return { account, activity, classified: new ClassifiedStore(account, activity), answers: new LruCache(24) };
}

/** Starts the Sobot Live Chat Statistics API stand-in on a loopback port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const credentials = options.credentials ?? { appId: 'sim-app', appKey: 'sim-key' };
  const rateLimit = options.rateLimit ?? RATE_LIMIT;
  const stats = new StatsRecorder();
  const faults = new FaultBook();
  const tokens = new TokenStore(credentials, options.tokenTtlSeconds ?? 86_400, clock);
  const handler = new SimulatorRequestHandler({
    data: simData(options),
    tokens,
    limiter: new SlidingWindowLimiter(rateLimit.calls, rateLimit.windowMs, clock, options.rateLimitScope),
    faults,
    stats,
    clock,
    rules: {
      maxRangeDays: options.maxRangeDays ?? DEFAULT_MAX_RANGE_DAYS,
      workLogFilters: options.workLogFilters ?? 'table',
    },
    drift: options.drift ? new Drift(options.seed ?? 1) : undefined,
  });
  const server = createServer(
    options.replay ? replayListener(options.replay, tokens, handler.listener) : handler.listener,
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    credentials,
    faults: { add: (fault) => faults.add(fault), clear: () => faults.clear() },
    stats,
    resetStats: () => stats.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        handler.cancelDelays();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
