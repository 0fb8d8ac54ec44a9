import { describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { ArchiveLedger, type ProcessIdentity } from '../../../src/core/delivery/ledger.ts';
import { parseManifest } from '../../../src/core/delivery/manifest.ts';
import { addressOf, parseConfig } from '../../../src/core/report/config.ts';
import type { ArchiveObject, ArchiveStore, Mailer } from '../../../src/core/report/ports.ts';
import { renderSlice } from '../../../src/core/report/render-run.ts';
import { RunHeldError } from '../../../src/core/report/run-errors.ts';
import { planRun, runReport } from '../../../src/core/report/run-report.ts';
import type { RunDependencies, RunRequest, RunResult } from '../../../src/core/report/run-types.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { fakeStatsApi } from './fake-stats-api.ts';

/**
 * The delivery invariants under a stop at every await boundary of a run: each call the use case makes
 * to a port (archive, ledger through the archive, mail service, Sobot API). A run is stopped at
 * boundary k in three ways, then run again as an operator or Lambda would:
 *
 * - `throw`: that call fails (the process lives on and exits with the error);
 * - `hang`: that call never returns and the process is gone (kill -9, out of memory, timeout): none
 *   of its later calls or timers run;
 * - `interrupt`: Ctrl-C / SIGTERM arrives there (the run's signal fires; the call itself succeeds).
 *
 * Invariants checked after every scenario:
 * 1. every planned recipient received exactly one message, or two only where the stop fell between
 *    the mail service accepting that recipient's message and the ledger recording it;
 * 2. the rerun went ahead: at once on the same host, within a minute from another host;
 * 3. no attempt returned success unless every recipient was delivered, and a held run was a failure;
 *    and the archived manifest of the finished run says delivered.
 */

const REPORT_ID = 'weekly-crash';
const REQUEST: RunRequest = { reportId: REPORT_ID, date: '2025-11-12' };
const START = Date.UTC(2025, 10, 12, 1, 0, 0);
const LEASE_MS = 60_000;

const config = parseConfig({
  email: { from: 'Sobot Reports <reports@example.com>' },
  reports: [
    {
      id: REPORT_ID,
      title: 'Weekly crash-test report',
      period: 'weekly',
      send: { hour: 9, weekday: 1 },
      sections: ['summary'],
      compareWithPrevious: false,
      // Two periods pass every kind of history boundary (a read, the fill, a fill's write, the run's
      // own record) at 10 boundaries instead of the default's 46: 216 stops fewer, of the same kinds.
      trendPeriods: 2,
      recipients: {
        to: ['head@example.com'],
        routes: [
          { name: 'Customer Care', to: ['care@example.com'], departmentIds: ['dept-2'] },
          { name: 'Technical Support', to: ['tech@example.com'], departmentIds: ['dept-3'] },
        ],
      },
    },
  ],
});
const EVERYONE = ['care@example.com', 'head@example.com', 'tech@example.com'];

type Mode = 'throw' | 'hang' | 'interrupt';

/**
 * Rendering is no await boundary: it calls no port (only `archive.locate` and `browseUrl`, which are none either), and
 * the same input renders the same artifacts. So each distinct input is rendered once and shared by all
 * the stops, which otherwise spend most of their time building the same three workbooks again. Should
 * rendering ever call a port, the locate-only archive handed to it fails the run, and the boundary
 * count below would have to include it.
 */
const renderings = new Map<string, ReturnType<typeof renderSlice>>();
const portlessArchive = (archive: ArchiveStore): ArchiveStore => {
  const refuse = (verb: string) => () => {
    throw new Error(`rendering called archive.${verb}: it is an await boundary now; stop sharing renderings`);
  };
  return {
    put: refuse('put'),
    putIfAbsent: refuse('putIfAbsent'),
    get: refuse('get'),
    list: refuse('list'),
    locate: (key) => archive.locate(key),
    browseUrl: (folder) => archive.browseUrl(folder),
  };
};
const sharedRendering: typeof renderSlice = (
  snapshot,
  report,
  slice,
  sliceSlug,
  archive,
  variant = {},
  trend = null,
) => {
  const key = JSON.stringify([snapshot, report, slice, sliceSlug, variant, trend, archive.locate('')]);
  let rendering = renderings.get(key);
  if (!rendering) {
    rendering = renderSlice(snapshot, report, slice, sliceSlug, portlessArchive(archive), variant, trend);
    renderings.set(key, rendering);
  }
  return rendering;
};

class CrashError extends Error {
  override readonly name = 'CrashError';
}

/** The shared world: the archive bucket, the mail service's log, time, and which processes live. */
function world() {
  const clock = createFakeClock(START);
  const archive = new MemoryArchiveStore(clock.now);
  const accepted: string[] = [];
  const alive = new Set<string>();
  let pids = 0;
  return { clock, archive, accepted, alive, nextPid: () => ++pids };
}
type World = ReturnType<typeof world>;

/** One process of the CLI or one Lambda invocation, whose boundaries are counted and can be broken. */
function processIn(
  w: World,
  host: string,
  crash?: { at: number; mode: Mode },
  options: { readonly firstApiCall?: Promise<void> } = {},
) {
  const pid = w.nextPid();
  const id = `${host}:${pid}`;
  w.alive.add(id);
  const stop = new AbortController();
  const boundaries: string[] = [];
  let dead = false;
  const never = () => new Promise<never>(() => {});

  /** Runs before each port call: counts it and, at the chosen one, stops the run. */
  const boundary = async (what: string): Promise<void> => {
    if (dead) return never();
    boundaries.push(what);
    if (crash?.at !== boundaries.length) return;
    if (crash.mode === 'throw') throw new CrashError(`stopped at ${what}`);
    if (crash.mode === 'interrupt') return void stop.abort(new Error('interrupted by SIGINT'));
    dead = true;
    w.alive.delete(id);
    return never();
  };
  /** The archive port, each call a boundary named by its verb and key. */
  const at =
    <A extends [string, ...unknown[]], R>(verb: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await boundary(`${verb} ${args[0]}`);
      return call(...args);
    };
  const archive: ArchiveStore = {
    put: at('put', (key, object: ArchiveObject) => w.archive.put(key, object)),
    putIfAbsent: at('putIfAbsent', (key, object: ArchiveObject) => w.archive.putIfAbsent(key, object)),
    get: at('get', (key) => w.archive.get(key)),
    list: at('list', (prefix) => w.archive.list(prefix)),
    locate: (key) => w.archive.locate(key),
    browseUrl: (folder) => w.archive.browseUrl(folder),
  };
  const mailer: Mailer = {
    maxMessageBytes: 40 * 1024 * 1024,
    send: async (email) => {
      await boundary(`send ${email.recipients.join(',')}`);
      w.accepted.push(...email.recipients.map((r) => addressOf(r)));
      return { messageId: `${w.accepted.length}@mail` };
    },
  };
  // A dead process's timers stop with it: its lease is renewed no more.
  const clock: Clock = {
    now: () => w.clock.now(),
    sleep: (ms, signal) => (dead ? never() : w.clock.sleep(ms, signal)),
    every: (ms, task) => w.clock.every(ms, () => (dead ? undefined : task())),
  };
  const identity: ProcessIdentity = { host, pid, isAlive: (p) => w.alive.has(`${host}:${p}`) };
  const deps: RunDependencies = {
    config,
    clock,
    archive,
    mailer,
    ledger: new ArchiveLedger({ store: archive, clock, leaseMs: LEASE_MS, identity }),
    openStats: () => {
      let slow = options.firstApiCall;
      const api = fakeStatsApi({
        beforeCall: async (call) => {
          const wait = slow;
          slow = undefined;
          await wait;
          await boundary(`api ${call.method}`);
        },
      });
      return { api, calls: () => api.calls.length };
    },
    signal: stop.signal,
    renderSlice: sharedRendering,
  };

  /** `delivered`: who the mail service had accepted when the run returned. */
  type Outcome = {
    readonly result?: RunResult;
    readonly error?: unknown;
    readonly settled: boolean;
    readonly delivered?: readonly string[];
  };
  return {
    boundaries,
    /** Runs the report; a process that died answers `settled: false` once the others have moved on. */
    async run(): Promise<Outcome> {
      let outcome: Outcome = { settled: false };
      const running = runReport(deps, REQUEST).then(
        (result) => {
          outcome = { result, settled: true, delivered: [...w.accepted] };
        },
        (error: unknown) => {
          outcome = { error, settled: true };
        },
      );
      // A dead process never settles: stop waiting once it has died.
      while (!outcome.settled && !dead) {
        await Promise.race([running, new Promise((resolve) => setImmediate(resolve))]);
      }
      // A process that exits is gone too; a thrown or interrupted run ends the CLI.
      w.alive.delete(id);
      return outcome;
    },
    /** Starts the run without waiting for it. */
    start: () => runReport(deps, REQUEST),
  };
}

/** How many boundaries a run that is never stopped passes. */
async function boundariesOfARun(): Promise<string[]> {
  const w = world();
  const p = processIn(w, 'counting');
  const { result } = await p.run();
  if (result?.emailsSent !== EVERYONE.length) throw new Error('the undisturbed run did not deliver');
  return p.boundaries;
}

const BOUNDARIES = await boundariesOfARun();

/** What every run of REQUEST plans (the request names its date, so the plan does not move with time). */
const PLAN = planRun({ config, clock: createFakeClock(START) }, REQUEST);

function countsOf(accepted: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const address of accepted) counts[address] = (counts[address] ?? 0) + 1;
  return counts;
}

/** Invariant 1: one message each; two only for the recipient whose record the stop kept from landing. */
function assertExactlyOnce(w: World, stoppedAt: string, mode: Mode): void {
  const counts = countsOf(w.accepted);
  expect(Object.keys(counts).sort()).toEqual(EVERYONE);
  for (const delivery of PLAN.deliveries) {
    const address = addressOf(delivery.mailbox);
    const unrecorded = mode !== 'interrupt' && stoppedAt === `put ledger/${delivery.runKey}.done.json`;
    expect(counts[address], `${address} after a ${mode} at "${stoppedAt}"`).toBe(unrecorded ? 2 : 1);
  }
}

/** Invariant 3: a run that returned delivered everyone, and its manifest says so. */
async function assertDeliveredAndRecorded(w: World): Promise<void> {
  for (const delivery of PLAN.deliveries) {
    expect(await w.archive.get(`ledger/${delivery.runKey}.done.json`)).not.toBeNull();
  }
  const manifest = parseManifest((await w.archive.get(PLAN.keys.manifest)) ?? '');
  expect(manifest?.steps.sent).toBe('done');
  expect(manifest?.error).toBeUndefined();
}

/** Invariant 3: an attempt that returned had, by then, seen every recipient delivered. */
function assertNoSilentSuccess(outcome: { result?: RunResult; delivered?: readonly string[] }): void {
  if (outcome.result) expect([...new Set(outcome.delivered)].sort()).toEqual(EVERYONE);
}

const CASES = BOUNDARIES.flatMap((what, index) =>
  (['throw', 'hang', 'interrupt'] as const).map((mode) => ({ at: index + 1, what, mode })),
);

describe(`Delivery invariants under a stop at each of ${BOUNDARIES.length} await boundaries (${CASES.length} stops)`, () => {
  // One test per stop: a slow machine then stretches each of them a little, never one past its timeout.
  it.each(CASES)(
    'a rerun on the same host at once delivers everyone exactly once, after a $mode at boundary $at ($what)',
    async ({ at, what, mode }) => {
      // Prepare
      const w = world();
      const first = await processIn(w, 'laptop', { at, mode }).run();

      // Act
      const rerun = await processIn(w, 'laptop').run();

      // Assess
      assertNoSilentSuccess(first);
      expect(rerun.error, `rerun after a ${mode} at "${what}"`).toBeUndefined();
      expect(rerun.result?.skipped ?? 'sent').toMatch(/sent|already-delivered/);
      assertExactlyOnce(w, what, mode);
      await assertDeliveredAndRecorded(w);
    },
  );

  it.each(CASES)(
    "Lambda's retries deliver everyone exactly once within a minute, failing while the run is held, after a $mode at boundary $at ($what)",
    async ({ at, what, mode }) => {
      // Prepare
      const w = world();
      const first = await processIn(w, 'sandbox-1', { at, mode }).run();

      // Act: a duplicate event at once from another sandbox, then the retries 1 and 3 minutes later.
      const duplicate = await processIn(w, 'sandbox-2').run();
      await w.clock.advance(LEASE_MS);
      const firstRetry = await processIn(w, 'sandbox-3').run();
      await w.clock.advance(2 * LEASE_MS);
      const secondRetry = await processIn(w, 'sandbox-4').run();

      // Assess
      const where = `after a ${mode} at "${what}"`;
      assertNoSilentSuccess(first);
      if (duplicate.error) expect(duplicate.error, where).toBeInstanceOf(RunHeldError);
      else assertNoSilentSuccess(duplicate);
      // An interrupted attempt, or one that failed anywhere but in giving its lease up, gave it up.
      if (mode === 'interrupt' || (mode === 'throw' && !what.includes('/run.'))) {
        expect(duplicate.error, where).toBeUndefined();
      }
      expect(firstRetry.error, where).toBeUndefined();
      expect(secondRetry.result?.skipped, where).toBe('already-delivered');
      assertExactlyOnce(w, what, mode);
      await assertDeliveredAndRecorded(w);
    },
  );
});

describe('Delivery invariants: a slow attempt that is alive', () => {
  it('keeps its renewed lease however long it takes, and a duplicate meanwhile fails as held', async () => {
    // Prepare: the attempt's first API call takes ten lease lifetimes.
    const w = world();
    let answer: () => void = () => {};
    const firstApiCall = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const running = processIn(w, 'sandbox-1', undefined, { firstApiCall }).start();

    // Act
    await w.clock.advance(10 * LEASE_MS);
    const duplicate = await processIn(w, 'sandbox-2').run();
    answer();
    const result = await running;

    // Assess
    expect(duplicate.error).toBeInstanceOf(RunHeldError);
    expect(result.emailsSent).toBe(EVERYONE.length);
    expect(countsOf(w.accepted)).toEqual({
      'care@example.com': 1,
      'head@example.com': 1,
      'tech@example.com': 1,
    });
  });
});

/** The harness itself: an undisturbed run passes a useful number of boundaries of every kind. */
describe('Crash-point harness', () => {
  it('counts archive, ledger, mail and API boundaries in an undisturbed run', () => {
    // Assess
    const kinds = new Set(BOUNDARIES.map((what) => what.split(' ')[0]));
    expect(kinds).toEqual(new Set(['get', 'put', 'putIfAbsent', 'list', 'send', 'api']));
    expect(BOUNDARIES.filter((what) => what.startsWith('send'))).toHaveLength(EVERYONE.length);
    expect(BOUNDARIES.filter((what) => what.endsWith('.done.json') && what.startsWith('put'))).toHaveLength(
      3,
    );
  });
});
