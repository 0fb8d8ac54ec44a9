import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signOf } from '../../../simulator/index.ts';
import { ACCOUNT_LANE } from '../../../src/adapters/sobot/rate-limiter.ts';
import { parseManifest } from '../../../src/core/delivery/manifest.ts';
import { planCollection } from '../../../src/core/report/collect-plan.ts';
import { previousWindow, reportWindow } from '../../../src/core/report/periods.ts';
import { RunStepError } from '../../../src/core/report/run-errors.ts';
import {
  type S3Emulator,
  type SesEmulator,
  startS3Emulator,
  startSesEmulator,
} from '../../support/emulators.ts';
import {
  type Pipeline,
  type PipelineOptions,
  SUPERVISOR_ONE,
  SUPERVISOR_TWO,
  startPipeline,
  WEEK,
} from '../../support/pipeline.ts';
import { onSimulatorArrival, requestTimeoutsOnCue } from '../../support/request-timeouts.ts';
import {
  adaptersOf,
  awsError,
  CHECKPOINT_KEY,
  callsSince,
  checkpointTasks,
  EVERYONE,
  expectDeliveredOnce,
  injectSdkErrors,
  RAW_KEY,
} from './pipeline-fixture.ts';

/**
 * The whole pipeline under faults: simulator → real Sobot client → render → S3 (s3rver) → SES
 * (aws-ses-v2-local), on a fake clock. Each scenario ends either with the complete report delivered
 * exactly once, or with a clean failure naming the step that keeps what was archived, after which a
 * re-run completes with no duplicate email and no refetch of archived data.
 */

let s3: S3Emulator;
let ses: SesEmulator;
let open: Pipeline[] = [];
/** Run after the pipelines are closed. */
let cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  [s3, ses] = await Promise.all([startS3Emulator(), startSesEmulator()]);
});

afterAll(async () => {
  await Promise.all([s3?.close(), ses?.close()]);
});

afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/**
 * A two-period trend: the history is still read, filled and written on every run, with 9 objects
 * through S3 instead of the default's 45 (test/unit/trend covers the 8 periods).
 */
async function pipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const report = { trendPeriods: 2, ...options.report };
  const started = await startPipeline({ delivery: { kind: 's3', s3, ses }, ...options, report });
  open.push(started);
  return started;
}

async function failureOf(run: Promise<unknown>): Promise<RunStepError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RunStepError);
  return error as RunStepError;
}

describe('Pipeline faults: Sobot token', () => {
  it('delivers once when the token is invalidated mid-run by another process fetching a new one', async () => {
    // Prepare
    let calls = 0;
    let stolen: Promise<unknown> | undefined;
    const p: Pipeline = await pipeline({
      client: {
        events: {
          onCall: () => {
            calls += 1;
            if (calls !== 6) return;
            const createTime = String(Math.floor(p.clock.now() / 1000));
            const { appId, appKey } = p.sim.credentials;
            const query = `appid=${appId}&create_time=${createTime}&sign=${signOf(appId, createTime, appKey)}`;
            stolen = fetch(`${p.sim.url}/api/get_token?${query}`).then((r) => r.json());
          },
        },
      },
    });

    // Act
    const result = await p.run();

    // Assess
    expect(await stolen).toMatchObject({ ret_code: '000000' });
    expect(p.sim.stats.tokensIssued).toBe(3);
    expect(result.emailsSent).toBe(3);
    await expectDeliveredOnce(p, ses);
  });

  it('delivers once when the simulator invalidates the token after a few calls', async () => {
    // Prepare
    const p = await pipeline();
    p.sim.faults.add({ kind: 'invalidateToken', afterCalls: 8 });

    // Act
    await p.run();

    // Assess
    expect(p.sim.stats.tokensIssued).toBe(2);
    await expectDeliveredOnce(p, ses);
  });

  it('delivers once when get_token fails twice and then succeeds', async () => {
    // Prepare
    const p = await pipeline();
    p.sim.faults.add({ endpoint: 'get_token', kind: 'internalError', times: 2 });

    // Act
    await p.run();

    // Assess
    expect(p.callsTo('get_token')).toBe(3);
    expect(p.sim.stats.tokensIssued).toBe(1);
    await expectDeliveredOnce(p, ses);
  });
});

describe('Pipeline faults: Sobot answers', () => {
  it('waits out 229000 storms on several endpoints at once and completes', async () => {
    // Prepare: the storms hit endpoints far below their own 20 calls, so the client takes the limit
    // for the account's and paces every endpoint as one from the first refusal on.
    const throttles: { endpoint: string; waitMs: number }[] = [];
    const accountWide: string[] = [];
    const p = await pipeline({
      client: {
        events: {
          onThrottle: (e) =>
            e.reason === '229000' && throttles.push({ endpoint: e.endpoint, waitMs: e.waitMs }),
          onAccountWidePacing: (e) => accountWide.push(e.endpoint),
        },
      },
    });
    const stormy = ['getStat', 'getMsgStat', 'getGeneral', 'getWorkLogList'] as const;
    for (const endpoint of stormy)
      p.sim.faults.add({ endpoint, kind: 'rateLimit', waitSeconds: 30, times: 2 });

    // Act
    await p.run();

    // Assess
    await expectDeliveredOnce(p, ses);
    expect(accountWide).toHaveLength(1);
    expect(stormy).toContain(accountWide[0]);
    expect(new Set(throttles.map((t) => t.endpoint))).toEqual(new Set([ACCOUNT_LANE]));
    expect(throttles.every((t) => t.waitMs >= 30_000)).toBe(true);
    for (const endpoint of stormy) {
      const arrivals = p.sim.stats.requests.filter((r) => r.endpoint === endpoint).map((r) => r.at);
      const [refusedAt = 0] = arrivals;
      // Requests already in flight with the refused ones arrive at once; none sent after a 229000
      // came before the 30 s it asked for.
      expect(arrivals.every((at) => at === refusedAt || at >= refusedAt + 30_000)).toBe(true);
      expect(arrivals.some((at) => at >= refusedAt + 30_000)).toBe(true);
    }
  });

  it('retries 999999 bursts and an HTTP 502 in the middle of a 3-page endpoint without losing or repeating rows', async () => {
    // Prepare
    const p = await pipeline({ simulator: { size: { agents: 250 } } });
    p.sim.faults.add({ endpoint: 'staffWorkStatis', afterCalls: 1, kind: 'internalError', times: 2 });
    p.sim.faults.add({ endpoint: 'staffWorkStatis', afterCalls: 3, kind: 'http502' });

    // Act
    await p.run();

    // Assess
    await expectDeliveredOnce(p, ses);
    const raw = JSON.parse(
      (await import('node:zlib'))
        .gunzipSync((await p.deps.archive.get(RAW_KEY)) ?? new Uint8Array())
        .toString(),
    ) as { current: { agents: { staff_id: string }[] } };
    expect(raw.current.agents).toHaveLength(250);
    expect(new Set(raw.current.agents.map((a) => a.staff_id)).size).toBe(250);
    expect(p.callsTo('staffWorkStatis')).toBe(3 + 3);
  });

  it('retries a response slower than the client timeout and a reset connection', async () => {
    // Prepare: the client times requests out on real time; here the timeout fires on cue, once the
    // simulator is holding the slow answer, and no other request can time out however slow the machine.
    const timeouts = requestTimeoutsOnCue();
    cleanups.push(() => timeouts.restore());
    const p = await pipeline({ client: { fetch: timeouts.fetch } });
    // Held until the simulator closes: only the cue ends the attempt.
    p.sim.faults.add({ endpoint: 'getGeneral', kind: 'slow', delayMs: 3_600_000 });
    p.sim.faults.add({ endpoint: 'getDepartmentList', kind: 'reset' });
    let generalArrivals = 0;
    cleanups.push(
      onSimulatorArrival(p.sim, (request) => {
        if (request.endpoint === 'getGeneral' && ++generalArrivals === 1) timeouts.fire(request.headers);
      }),
    );

    // Act
    await p.run();

    // Assess
    await expectDeliveredOnce(p, ses);
    // Current and previous, for the account and for each of the two routes' teams, and the retry.
    expect(p.callsTo('getGeneral')).toBe(2 * 3 + 1);
    expect(p.callsTo('getDepartmentList')).toBe(1 + 1);
  });

  it('retries malformed JSON and tolerates a missing optional field', async () => {
    // Prepare
    const p = await pipeline();
    p.sim.faults.add({ endpoint: 'getSatisfactionSurvey', kind: 'malformedJson' });
    p.sim.faults.add({ endpoint: 'getStat', kind: 'dropField', field: 'depart_name', times: 3 });

    // Act
    await p.run();

    // Assess
    await expectDeliveredOnce(p, ses);
    // Current and previous, for the account and for each of the two routes' teams, and the retry.
    expect(p.callsTo('getSatisfactionSurvey')).toBe(2 * 3 + 1);
  });

  it('fails collect on a broken answer, then resumes from the checkpoint, blanking and noting a wrong-typed value', async () => {
    // Prepare
    const p = await pipeline();
    // Malformed JSON is retried twice, so three in a row fail the call.
    p.sim.faults.add({ endpoint: 'staffWorkStatis', kind: 'malformedJson', times: 3 });

    // Act
    const failure = await failureOf(p.run());
    const finished = await checkpointTasks(p);
    const before = { ...p.sim.stats.callsByEndpoint };
    // "21:18:42" lands in human_consult, a count.
    p.sim.faults.add({
      endpoint: 'staffWorkStatis',
      kind: 'renameField',
      field: 'human_consult_duration_str',
      to: 'human_consult',
    });
    await p.run();

    // Assess
    expect(failure.step).toBe('collect');
    expect(failure.message).toMatch(/staffWorkStatis: \(body\): malformed JSON/);
    expect(p.sentMessages().length).toBe(3);
    expect(finished).not.toContain('current.agents');
    expect(finished.length).toBeGreaterThan(20);
    // The failed page again, and the trend's fill (getStat, summary_way 2), which the first attempt never reached.
    expect(callsSince(p, before)).toEqual({ staffWorkStatis: 1, getStat: 1 });
    await expectDeliveredOnce(p, ses);
    const manifest = parseManifest(
      (await p.deps.archive.get(RAW_KEY.replace('raw.json.gz', 'manifest.json'))) ?? '',
    );
    expect(manifest?.dataQuality?.unread[0]).toMatch(/^staffWorkStatis\.human_consult \("\d+:\d\d:\d\d"\)$/);
  });

  it('says so when the period had no chats, or skips it with skipIfEmpty', async () => {
    // Prepare
    const quiet = { quietRanges: [{ from: '2025-11-03', to: '2025-11-09' }] };
    const sent = await pipeline({ simulator: quiet });
    const skipped = await pipeline({ simulator: quiet, report: { skipIfEmpty: true } });

    // Act
    await sent.run();
    const skip = await skipped.run();

    // Assess
    await expectDeliveredOnce(sent, ses);
    const [message] = (await ses.messages()).filter(
      (m) => m.stored.messageId === sent.sentMessages()[0]?.messageId,
    );
    expect(message?.parsed.text).toContain('No chats in this period.');
    expect(skip.skipped).toBe('empty');
    expect(skipped.sentMessages()).toHaveLength(0);
  });
});

describe('Pipeline faults: SES and S3', () => {
  it('retries SES throttling and delivers once', async () => {
    // Prepare
    let throttled = 0;
    const restore = injectSdkErrors(ses.client, (command) =>
      command === 'SendEmailCommand' && throttled++ < 2 ? awsError('TooManyRequestsException', 429) : null,
    );
    const p = await pipeline();

    // Act
    try {
      await p.run();
    } finally {
      restore();
    }

    // Assess
    expect(throttled).toBeGreaterThan(2);
    await expectDeliveredOnce(p, ses);
  });

  it('sends the others when SES rejects one recipient, and the re-run sends only the missing one', async () => {
    // Prepare
    const restore = injectSdkErrors(ses.client, (command, input) =>
      command === 'SendEmailCommand' &&
      JSON.stringify((input as { Destination?: unknown }).Destination).includes(SUPERVISOR_TWO)
        ? awsError('MessageRejected', 400, 'Email address is not verified.')
        : null,
    );
    const p = await pipeline();

    // Act
    const failure = await failureOf(p.run()).finally(restore);
    const sentBeforeFix = p.sentMessages().flatMap((m) => m.recipients);
    const before = p.apiCallsTotal();
    const retry = await p.run();

    // Assess
    expect(failure.step).toBe('send');
    expect(failure.message).toContain('MessageRejected');
    expect(sentBeforeFix.sort()).toEqual(['head@example.com', SUPERVISOR_ONE]);
    expect(retry.messages).toHaveLength(1);
    expect(p.sentMessages().at(-1)?.recipients).toEqual([SUPERVISOR_TWO]);
    expect(p.apiCallsTotal()).toBe(before);
    await expectDeliveredOnce(p, ses);
  });

  it('fails at archive when S3 refuses one file, keeps the snapshot, and the re-run completes without API calls', async () => {
    // Prepare
    const restore = injectSdkErrors(s3.client, (command, input) =>
      command === 'PutObjectCommand' && String(input.Key).endsWith('_customer-care.xlsx')
        ? awsError('AccessDenied', 403, 'Access Denied')
        : null,
    );
    const p = await pipeline();

    // Act
    const failure = await failureOf(p.run()).finally(restore);
    const rawKept = await p.deps.archive.get(RAW_KEY);
    const before = p.apiCallsTotal();
    const retry = await p.run();

    // Assess
    expect(failure.step).toBe('archive');
    expect(failure.message).toContain('customer-care.xlsx');
    expect(failure.location).toMatch(/^s3:\/\//);
    expect(rawKept).not.toBeNull();
    expect(retry.resumed).toBe(true);
    expect(p.apiCallsTotal()).toBe(before);
    await expectDeliveredOnce(p, ses);
  });
  it('fails at archive when S3 refuses the raw snapshot, and the re-run resumes from the checkpoint', async () => {
    // Prepare
    let refused = 0;
    const restore = injectSdkErrors(s3.client, (command, input) =>
      command === 'PutObjectCommand' && String(input.Key).endsWith('raw.json.gz') && refused++ === 0
        ? awsError('AccessDenied', 403, 'Access Denied')
        : null,
    );
    const p = await pipeline();

    // Act
    const failure = await failureOf(p.run()).finally(restore);
    const finished = await checkpointTasks(p);
    const before = p.apiCallsTotal();
    const retry = await p.run();

    // Assess
    expect(failure.step).toBe('archive');
    // The report's 27 tasks, and 6 current + 5 previous for each of the two routes' teams.
    expect(finished).toHaveLength(27 + 2 * 11);
    expect(retry.resumed).toBe(true);
    // Nothing collected again; one call for the trend's fill, which the first attempt never reached.
    expect(p.apiCallsTotal()).toBe(before + 1);
    await expectDeliveredOnce(p, ses);
  });
});

describe('Pipeline faults: duplicates and deadlines', () => {
  it('sends nothing more when the same scheduled event arrives again later', async () => {
    // Prepare
    const p = await pipeline();
    await p.run();
    const before = p.apiCallsTotal();

    // Act
    const again = await p.run();

    // Assess
    expect(again.skipped).toBe('already-delivered');
    expect(p.apiCallsTotal()).toBe(before);
    await expectDeliveredOnce(p, ses);
  });

  it('sends one email per recipient in total when the same event runs twice at the same moment', async () => {
    // Prepare: two invocations, each with its own client, sharing one archive and ledger on disk
    // (s3rver has no conditional writes; the filesystem store's are atomic).
    const first = await pipeline({ delivery: { kind: 'fs' } });
    const second = await pipeline({ adapters: adaptersOf(first) });

    // Act
    const results = await Promise.allSettled([first.run(), second.run()]);

    // Assess: one sends; the other either found the run held, and failed (so Lambda retries it later),
    // or found it delivered already; it never passes for a success while the other is still sending.
    // Whichever wins: the second's mailer wraps the first's recorder, which so holds every message sent.
    const recipients = first.sentMessages().flatMap((m) => m.recipients);
    expect(recipients.sort()).toEqual(EVERYONE);
    const outcomes = results.map((r) =>
      r.status === 'fulfilled' ? (r.value.skipped ?? 'sent') : (r.reason as Error).name,
    );
    expect(outcomes).toContain('sent');
    expect(['RunHeldError', 'already-delivered']).toContain(outcomes.find((o) => o !== 'sent'));
  });

  it('stops cleanly at the deadline mid-collection and the retry fetches only the unfinished tasks', async () => {
    // Prepare
    const deadline = new AbortController();
    let calls = 0;
    const options = { simulator: { size: { agents: 250 } } };
    const first = await pipeline({
      ...options,
      signal: deadline.signal,
      client: {
        signal: deadline.signal,
        events: { onCall: () => ++calls === 12 && deadline.abort(new Error('Lambda deadline near')) },
      },
    });
    const retry = await pipeline({ ...options, adapters: adaptersOf(first) });
    const report = first.config.reports[0];
    const period = reportWindow('weekly', WEEK.date, 'Asia/Shanghai');
    const plan = planCollection(report as NonNullable<typeof report>, period, previousWindow(period));

    // Act
    const failure = await failureOf(first.run());
    const finished = await checkpointTasks(first);
    const sentBeforeRetry = first.sentMessages().length;
    const result = await retry.run();

    // Assess
    expect(failure.step).toBe('collect');
    expect(failure.cause).toMatchObject({ name: 'CollectionAbortedError' });
    expect(await first.deps.archive.get(CHECKPOINT_KEY)).not.toBeNull();
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.length).toBeLessThan(plan.tasks.length);
    expect(sentBeforeRetry).toBe(0);
    expect(result.resumed).toBe(true);
    for (const task of plan.tasks) {
      const tasksOnEndpoint = plan.tasks.filter((t) => t.request.endpoint === task.request.endpoint);
      if (tasksOnEndpoint.every((t) => finished.includes(t.id)))
        expect(retry.callsTo(task.request.endpoint)).toBe(0);
    }
    // A whole run makes 55 calls at 250 agents (BENCHMARKS.md).
    expect(retry.apiCallsTotal()).toBeLessThan(55);
    await expectDeliveredOnce(retry, ses);
  });
});
