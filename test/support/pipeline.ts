import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENTED_MAX_RANGE_DAYS } from '../../simulator/api/description.ts';
import { buildAccount } from '../../simulator/data/account.ts';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.ts';
import { MemoryArchiveStore } from '../../src/adapters/archive/memory.ts';
import { S3ArchiveStore } from '../../src/adapters/archive/s3.ts';
import { type DeliveryAdapters, localDelivery } from '../../src/adapters/delivery.ts';
import { SesMailer } from '../../src/adapters/mail/ses.ts';
import type { SobotClientOptions } from '../../src/adapters/sobot/client.ts';
import { statsSessions } from '../../src/adapters/sobot/session.ts';
import { FetchingTokenProvider } from '../../src/adapters/sobot/token-provider.ts';
import { ArchiveLedger } from '../../src/core/delivery/ledger.ts';
import { parseConfig, type ReportsConfig } from '../../src/core/report/config.ts';
import type { Mailer, OutgoingEmail } from '../../src/core/report/ports.ts';
import { runReport } from '../../src/core/report/run-report.ts';
import type { RunDependencies, RunLogger, RunRequest, RunResult } from '../../src/core/report/run-types.ts';
import type { StatsSource, TokenProvider } from '../../src/core/sobot/api.ts';
import type { S3Emulator, SesEmulator } from './emulators.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

/**
 * The whole report pipeline for tests: the simulator, the real Sobot client (fast retries, a fake
 * clock that jumps over every wait) and chosen delivery adapters, with every sent message and every
 * token the client used recorded. Wall-clock 2025-11-12 09:00 in Shanghai; `WEEK` is the week before.
 */

export const REPORT_ID = 'weekly-pipeline';
/** The reference date of the weekly runs: the period is 2025-11-03..09. */
export const WEEK = { reportId: REPORT_ID, date: '2025-11-12' } as const;
export const HEAD = 'Head of Service <head@example.com>';
export const SUPERVISOR_ONE = 'supervisor.one@example.com';
export const SUPERVISOR_TWO = 'supervisor.two@example.com';

export type DeliveryChoice =
  | { readonly kind: 'memory' }
  | { readonly kind: 'fs' }
  | { readonly kind: 's3'; readonly s3: S3Emulator; readonly ses: SesEmulator };

export interface PipelineOptions {
  readonly simulator?: Omit<SimulatorOptions, 'clock'>;
  readonly delivery?: DeliveryChoice;
  /** Changes to the weekly report (e.g. `skipIfEmpty`, `recipients`). */
  readonly report?: Record<string, unknown>;
  readonly client?: Omit<SobotClientOptions, 'tokenProvider' | 'timezone' | 'language' | 'baseUrl' | 'clock'>;
  /** Wraps the real client, e.g. to rewrite the rows it returns. */
  readonly wrapApi?: (api: StatsSource) => StatsSource;
  /** Wraps the recording mailer; a send the wrapper fails is not recorded. */
  readonly wrapMailer?: (mailer: Mailer) => Mailer;
  readonly wrapArchive?: (adapters: DeliveryAdapters) => DeliveryAdapters;
  /** Another pipeline's delivery adapters, to share one archive and ledger. */
  readonly adapters?: DeliveryAdapters;
  readonly logger?: RunLogger;
  readonly signal?: AbortSignal;
}

export interface SentMessage {
  readonly messageId: string;
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly raw: Buffer;
}

export interface Pipeline {
  readonly deps: RunDependencies;
  readonly sim: RunningSimulator;
  readonly clock: FakeClock;
  readonly config: ReportsConfig;
  /** Department ids and names of the simulated account, root first. */
  readonly departments: readonly { readonly id: string; readonly name: string }[];
  run(request?: Partial<RunRequest>): Promise<RunResult>;
  /** Messages the mailer accepted, oldest first. */
  sentMessages(): SentMessage[];
  /** Calls the simulator served to statistics and condition endpoints (get_token not counted). */
  apiCallsTotal(): number;
  callsTo(endpoint: string): number;
  /** Every token value the client was handed, for leak checks. */
  tokensSeen(): string[];
  close(): Promise<void>;
}

export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const clock = createFakeClock(Date.UTC(2025, 10, 12, 1, 0, 0));
  const stopClock = clock.autoAdvance();
  // Held to the documented 90 days, so a pipeline that asks for more fails (the client cuts at 90).
  const sim = await startSimulator({
    seed: 1,
    maxRangeDays: DOCUMENTED_MAX_RANGE_DAYS,
    ...options.simulator,
    clock,
  });
  const size = options.simulator?.size;
  const account = buildAccount(options.simulator?.seed ?? 1, {
    departments: size?.departments ?? 4,
    groupsPerDepartment: size?.groupsPerDepartment ?? 2,
    agents: size?.agents ?? 40,
    channels: size?.channels ?? 4,
  });
  const departments = account.departments.map(({ id, name }) => ({ id, name }));
  const config = weeklyConfig(departments, options.report);

  const tokens = new Set<string>();
  const tokenProvider = recordingTokens(
    new FetchingTokenProvider({ ...sim.credentials, baseUrl: sim.url, clock, retry: FAST_RETRY }),
    tokens,
  );
  const openStats = statsSessions(tokenProvider, {
    baseUrl: sim.url,
    clock,
    random: () => 0.5,
    requestTimeoutMs: 2_000,
    retry: FAST_RETRY,
    ...options.client,
  });

  const cleanups: (() => Promise<void>)[] = [];
  const base =
    options.adapters ?? (await deliveryAdapters(options.delivery ?? { kind: 'memory' }, clock, cleanups));
  const adapters = options.wrapArchive ? options.wrapArchive(base) : base;
  const sent: SentMessage[] = [];
  const recording = recordingMailer(adapters.mailer, sent);

  const deps: RunDependencies = {
    config,
    openStats: options.wrapApi
      ? (report) => {
          const session = openStats(report);
          return { api: options.wrapApi?.(session.api) ?? session.api, calls: session.calls };
        }
      : openStats,
    archive: adapters.archive,
    ledger: adapters.ledger,
    mailer: options.wrapMailer ? options.wrapMailer(recording) : recording,
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };

  const served = () =>
    Object.entries(sim.stats.callsByEndpoint).filter(([endpoint]) => endpoint !== 'get_token');
  return {
    deps,
    sim,
    clock,
    config,
    departments,
    run: (request = {}) => runReport(deps, withDefaults(request)),
    sentMessages: () => [...sent],
    apiCallsTotal: () => served().reduce((sum, [, count]) => sum + count, 0),
    callsTo: (endpoint) => sim.stats.callsByEndpoint[endpoint] ?? 0,
    tokensSeen: () => [...tokens],
    async close() {
      stopClock();
      await sim.close();
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

/** The weekly run of `WEEK`, unless the request names its own range. */
function withDefaults(request: Partial<RunRequest>): RunRequest {
  const ranged = request.from !== undefined || request.to !== undefined;
  return { reportId: WEEK.reportId, ...(ranged ? {} : { date: WEEK.date }), ...request };
}

/** Retries that cost nothing on the fake clock and stay tiny in real time. */
const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 };

/** Whole account to head@, the first two non-root departments to one supervisor each. */
function weeklyConfig(
  departments: readonly { id: string; name: string }[],
  overrides: Record<string, unknown> = {},
): ReportsConfig {
  const [, first, second] = departments;
  return parseConfig({
    email: { from: 'Sobot Reports <reports@example.com>', replyTo: 'cs-ops@example.com' },
    reports: [
      {
        id: REPORT_ID,
        title: 'Weekly live-chat report',
        period: 'weekly',
        send: { hour: 9, weekday: 1 },
        timezone: 'Asia/Shanghai',
        dimension: 'department',
        recipients: {
          to: [HEAD],
          routes: [
            { name: first?.name ?? 'One', to: [SUPERVISOR_ONE], departmentIds: [first?.id ?? 'x'] },
            { name: second?.name ?? 'Two', to: [SUPERVISOR_TWO], departmentIds: [second?.id ?? 'y'] },
          ],
        },
        ...overrides,
      },
    ],
  });
}

async function deliveryAdapters(
  choice: DeliveryChoice,
  clock: FakeClock,
  cleanups: (() => Promise<void>)[],
): Promise<DeliveryAdapters> {
  switch (choice.kind) {
    case 'memory': {
      const archive = new MemoryArchiveStore(clock.now);
      return {
        archive,
        mailer: memoryMailer(),
        ledger: new ArchiveLedger({ store: archive, clock }),
      };
    }
    case 'fs': {
      const dir = await mkdtemp(join(tmpdir(), 'pipeline-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return localDelivery(dir, clock);
    }
    case 's3': {
      // One emulator serves many pipelines: each gets its own prefix.
      const archive = new S3ArchiveStore({
        client: choice.s3.client,
        bucket: choice.s3.bucket,
        prefix: `${randomUUID()}/`,
        conditionalWrites: 'check-then-put',
      });
      return {
        archive,
        mailer: new SesMailer({ client: choice.ses.client }),
        ledger: new ArchiveLedger({ store: archive, clock }),
      };
    }
  }
}

/** A mailer that accepts everything and keeps nothing (the recorder keeps the messages). */
function memoryMailer(): Mailer {
  return {
    maxMessageBytes: 40 * 1024 * 1024,
    send: async () => ({ messageId: `${randomUUID()}@memory` }),
  };
}

function recordingMailer(inner: Mailer, sent: SentMessage[]): Mailer {
  return {
    get maxMessageBytes() {
      return inner.maxMessageBytes;
    },
    async send(email: OutgoingEmail) {
      const result = await inner.send(email);
      sent.push({
        messageId: result.messageId,
        recipients: [...email.recipients],
        subject: email.subject,
        raw: Buffer.from(email.raw),
      });
      return result;
    },
  };
}

function recordingTokens(inner: TokenProvider, seen: Set<string>): TokenProvider {
  const keep = (token: string) => {
    seen.add(token);
    return token;
  };
  return {
    token: async () => keep(await inner.token()),
    refresh: async (rejected) => keep(await inner.refresh(rejected)),
  };
}

/** A mailer wrapper whose `send` fails while `failing(email)` says so. */
export function failingMailer(
  inner: Mailer,
  failing: (email: OutgoingEmail, attempt: number) => Error | null,
): Mailer {
  let attempt = 0;
  return {
    get maxMessageBytes() {
      return inner.maxMessageBytes;
    },
    async send(email) {
      attempt += 1;
      const error = failing(email, attempt);
      if (error) throw error;
      return inner.send(email);
    },
  };
}

/** A logger that keeps every line (message and attributes) as JSON. */
export function capturingLogger(): RunLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) => {
      lines.push(JSON.stringify({ level, message, rest }, errorReplacer));
    };
  return {
    lines,
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    appendKeys: (keys: unknown) => {
      lines.push(JSON.stringify({ appendKeys: keys }));
    },
  } as RunLogger & { readonly lines: string[] };
}

/** JSON.stringify keeps only an error's enumerable properties; keep its name, message and cause too. */
export function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  }
  return value;
}
