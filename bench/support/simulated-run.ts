import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulatorCredentials, SimulatorSize } from '../../simulator/index.ts';
import { localDelivery } from '../../src/adapters/delivery.ts';
import type { RateLimitOptions } from '../../src/adapters/sobot/rate-limiter.ts';
import { statsSessions } from '../../src/adapters/sobot/session.ts';
import { FetchingTokenProvider } from '../../src/adapters/sobot/token-provider.ts';
import type { Clock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/report/config.ts';
import { runReport } from '../../src/core/report/run-report.ts';
import type { RunResult } from '../../src/core/report/run-types.ts';
import type { ClientEvents } from '../../src/core/sobot/api.ts';

/** A function, not a constant: a CommonJS bundle of this module has no `import.meta.url` to resolve against. */
export function shippedConfigPath(): string {
  return fileURLToPath(new URL('../../reports.config.json', import.meta.url));
}

/** The shipped reports, whose sections default to all of them. */
export const WEEKLY_REPORT = 'weekly-supervisors';
export const MONTHLY_REPORT = 'monthly-groups';

/** A reference date whose weekly and monthly periods lie in the past on the real clock and the benches' fake one. */
export const REFERENCE_DATE = '2025-11-12';

/** Fake clocks start here (the day after the reference date's week ends on the simulator's side). */
export const FAKE_CLOCK_START = Date.UTC(2025, 10, 12, 1, 0, 0);

/**
 * Account shapes by agent count. Group counts are kept off multiples of 100: getGroupList answers
 * without counts, so a full last page costs one more (empty) call than "one per 100 rows".
 */
export function accountOf(agents: number): SimulatorSize {
  if (agents <= 250) return { agents, departments: 5, groupsPerDepartment: 3 };
  if (agents <= 2000) return { agents, departments: 20, groupsPerDepartment: 4 };
  return { agents, departments: 48, groupsPerDepartment: 4 };
}

/** A rate limit high enough never to bite: the client's limiter takes positive integers only. */
export const NO_CLIENT_RATE_LIMIT: RateLimitOptions = { calls: 1_000_000_000, windowMs: 60_000 };

interface ReportRunOptions {
  readonly url: string;
  readonly credentials: SimulatorCredentials;
  readonly reportId: string;
  readonly clock: Clock;
  /** The client's own limiter; default the API's 20 calls per 60 s per endpoint. */
  readonly clientRateLimit?: RateLimitOptions;
  readonly date?: string;
  /** The client's events, e.g. to count 229000 answers. */
  readonly events?: ClientEvents;
  /** Default the shipped `reports.config.json`. */
  readonly configPath?: string;
}

interface ReportRun {
  readonly result: RunResult;
  readonly ms: number;
  readonly outDir: string;
}

/** One end-to-end run of a shipped report (collect, render, archive, outbox) into a fresh temp folder. */
export async function runShippedReport(options: ReportRunOptions): Promise<ReportRun> {
  const { url, credentials, reportId, clock } = options;
  const outDir = await mkdtemp(join(tmpdir(), 'sobot-bench-'));
  const tokens = new FetchingTokenProvider({ ...credentials, baseUrl: url, clock });
  const config = await loadConfig(options.configPath ?? shippedConfigPath());
  const openStats = statsSessions(tokens, {
    baseUrl: url,
    clock,
    ...(options.clientRateLimit ? { rateLimit: options.clientRateLimit } : {}),
    ...(options.events ? { events: options.events } : {}),
  });
  const started = performance.now();
  const result = await runReport(
    { config, openStats, ...localDelivery(outDir, clock), clock },
    { reportId, date: options.date ?? REFERENCE_DATE },
  );
  return { result, ms: performance.now() - started, outDir };
}

export async function removeOutput(run: ReportRun): Promise<void> {
  await rm(run.outDir, { recursive: true, force: true });
}
