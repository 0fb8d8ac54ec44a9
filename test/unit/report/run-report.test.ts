import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { type Manifest, parseManifest, sha256 } from '../../../src/core/delivery/manifest.ts';
import { overrideHash } from '../../../src/core/report/deliveries.ts';
import type { Mailer } from '../../../src/core/report/ports.ts';
import { renderSlice as realRenderSlice } from '../../../src/core/report/render-run.ts';
import { RunInputError, RunStepError } from '../../../src/core/report/run-errors.ts';
import { runReport } from '../../../src/core/report/run-report.ts';
import {
  capturingLogger,
  failingMailer,
  HEAD,
  type Pipeline,
  type PipelineOptions,
  SUPERVISOR_ONE,
  SUPERVISOR_TWO,
  startPipeline,
  WEEK,
} from '../../support/pipeline.ts';

/**
 * The report use case end to end on memory adapters: the simulator behind the real client, an
 * in-memory archive and ledger, and a mailer that records what it sends.
 */

const RUN_FOLDER = 'reports/weekly-pipeline/weekly/2025/2025-W45/';
const MANIFEST_KEY = `${RUN_FOLDER}manifest.json`;
const RAW_KEY = `${RUN_FOLDER}raw.json.gz`;
const DRY_RUN_MANIFEST_KEY = `${RUN_FOLDER}dry-run/manifest.json`;

let open: Pipeline[] = [];

async function pipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const started = await startPipeline(options);
  open.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
});

function memory(p: Pipeline): MemoryArchiveStore {
  return p.deps.archive as MemoryArchiveStore;
}

async function manifestOf(p: Pipeline, key = MANIFEST_KEY): Promise<Manifest> {
  const manifest = parseManifest((await p.deps.archive.get(key)) ?? '');
  if (!manifest) throw new Error('no readable manifest');
  return manifest;
}

async function textOf(p: Pipeline, key: string): Promise<string> {
  return Buffer.from((await p.deps.archive.get(key)) ?? new Uint8Array()).toString('utf8');
}

function recipientsOf(p: Pipeline): string[] {
  return p.sentMessages().flatMap((m) => m.recipients);
}

describe('runReport', () => {
  it('sends one email per recipient, and a second run of the same period sends nothing and calls no API', async () => {
    // Prepare
    const p = await pipeline();

    // Act
    const first = await p.run();
    const callsAfterFirst = p.apiCallsTotal();
    const second = await p.run();

    // Assess
    expect(first.emailsSent).toBe(3);
    expect(recipientsOf(p).sort()).toEqual(['head@example.com', SUPERVISOR_ONE, SUPERVISOR_TWO].sort());
    expect(callsAfterFirst).toBeGreaterThan(0);
    expect(second.skipped).toBe('already-delivered');
    expect(second.apiCalls).toBe(0);
    expect(p.apiCallsTotal()).toBe(callsAfterFirst);
    expect(p.sentMessages()).toHaveLength(3);
  });

  it('resends every message when forced, re-rendering from the archived snapshot', async () => {
    // Prepare
    const p = await pipeline();
    await p.run();
    const callsBefore = p.apiCallsTotal();

    // Act
    const forced = await p.run({ force: true });

    // Assess
    expect(forced.emailsSent).toBe(3);
    expect(forced.resumed).toBe(true);
    expect(p.sentMessages()).toHaveLength(6);
    expect(p.apiCallsTotal()).toBe(callsBefore);
  });

  it('fails at send keeping the archive, and the re-run sends only the missing message without API calls', async () => {
    // Prepare
    const p = await pipeline({
      wrapMailer: (inner) =>
        failingMailer(inner, (_email, attempt) => (attempt === 1 ? new Error('connection dropped') : null)),
    });

    // Act
    const failure = await p.run().catch((error: unknown) => error);
    const archivedAfterFailure = [...memory(p).objects.keys()];
    const sentAfterFailure = p.sentMessages().length;
    const callsAfterFailure = p.apiCallsTotal();
    const retry = await p.run();

    // Assess
    expect(failure).toBeInstanceOf(RunStepError);
    expect((failure as RunStepError).step).toBe('send');
    expect((failure as RunStepError).location).toBe(`memory://${RUN_FOLDER.slice(0, -1)}`);
    expect(archivedAfterFailure).toContain(RAW_KEY);
    expect(archivedAfterFailure.filter((key) => key.endsWith('.xlsx'))).toHaveLength(3);
    expect(sentAfterFailure).toBe(2);
    expect(retry.emailsSent).toBe(1);
    expect(retry.resumed).toBe(true);
    expect(retry.apiCalls).toBe(0);
    expect(p.apiCallsTotal()).toBe(callsAfterFailure);
    expect(new Set(recipientsOf(p)).size).toBe(3);
    expect(p.sentMessages()).toHaveLength(3);
  });

  it('says the workbook is in the archived folder instead of attaching it when the message would be too large', async () => {
    // Prepare
    let limit = Number.POSITIVE_INFINITY;
    const p = await pipeline({
      wrapMailer: (inner): Mailer => ({
        get maxMessageBytes() {
          return limit;
        },
        send: (email) => inner.send(email),
      }),
    });
    const request = { recipients: ['reader@example.com'] };
    await p.run(request);
    const [full] = p.sentMessages();
    const workbookKey = [...memory(p).objects.keys()].find((key) => key.endsWith('.xlsx')) ?? '';
    const workbookBytes = (await p.deps.archive.get(workbookKey))?.byteLength ?? 0;
    limit = (full?.raw.byteLength ?? 0) - workbookBytes;

    // Act
    await p.run({ ...request, force: true });

    // Assess
    const bare = p.sentMessages()[1];
    const parsed = await simpleParser(bare?.raw ?? Buffer.alloc(0));
    const manifest = await manifestOf(p, `${RUN_FOLDER}to-${overrideHash(request.recipients)}/manifest.json`);
    expect(workbookBytes).toBeGreaterThan(0);
    expect(bare?.raw.byteLength).toBeLessThanOrEqual(limit);
    expect(parsed.attachments).toHaveLength(0);
    const fileName = workbookKey.slice(workbookKey.lastIndexOf('/') + 1);
    expect(parsed.text).toContain(`The workbook ${fileName} is too large to attach to this email;`);
    expect(parsed.text).not.toContain('is attached to this email');
    expect(parsed.text).toContain(`memory://${workbookKey.slice(0, workbookKey.lastIndexOf('/'))}\n`);
    expect(parsed.html).toContain('is too large to attach to this email');
    expect(manifest.messages.map((m) => m.attached)).toEqual([true, false]);
  });

  it("gives each routed supervisor only their department's slice", async () => {
    // Prepare
    const p = await pipeline();
    const [, first, second, third] = p.departments;

    // Act
    await p.run();

    // Assess
    const keys = [...memory(p).objects.keys()];
    const sliceHtml = keys.filter((key) => key.endsWith('.html') && key.startsWith(RUN_FOLDER));
    const firstHtml = await textOf(p, sliceHtml.find((k) => k.endsWith('_customer-care.html')) ?? '');
    const secondHtml = await textOf(p, sliceHtml.find((k) => k.endsWith('_technical-support.html')) ?? '');
    expect(first?.name).toBe('Customer Care');
    expect(second?.name).toBe('Technical Support');
    expect(firstHtml).toContain('Customer Care');
    expect(firstHtml).not.toContain('Technical Support');
    expect(firstHtml).not.toContain(third?.name);
    expect(secondHtml).toContain('Technical Support');
    expect(secondHtml).not.toContain('Customer Care');
  });

  it('collects, renders and archives on a dry run but sends nothing and records no delivery', async () => {
    // Prepare
    const p = await pipeline();

    // Act
    const result = await p.run({ dryRun: true });

    // Assess
    const keys = [...memory(p).objects.keys()];
    const runFiles = keys.filter((key) => key.startsWith(RUN_FOLDER));
    expect(result.dryRun).toBe(true);
    expect(result.emailsSent).toBe(0);
    expect(p.sentMessages()).toHaveLength(0);
    expect(keys.filter((key) => key.startsWith('ledger/'))).toEqual([]);
    expect(runFiles.length).toBeGreaterThan(0);
    expect(runFiles.every((key) => key.startsWith(`${RUN_FOLDER}dry-run/`))).toBe(true);
    expect(keys).toContain(`${RUN_FOLDER}dry-run/raw.json.gz`);
    expect((await manifestOf(p, DRY_RUN_MANIFEST_KEY)).steps.sent).toBe('skipped');
  });

  it("leaves a delivered run's manifest and status as they were when a dry run follows", async () => {
    // Prepare
    const p = await pipeline();
    await p.run();
    const delivered = await textOf(p, MANIFEST_KEY);

    // Act
    const dry = await p.run({ dryRun: true });
    const again = await p.run();

    // Assess
    expect(await textOf(p, MANIFEST_KEY)).toBe(delivered);
    expect(dry.resumed).toBe(true);
    expect(dry.apiCalls).toBe(0);
    expect((await manifestOf(p, DRY_RUN_MANIFEST_KEY)).dryRun).toBe(true);
    expect(again.skipped).toBe('already-delivered');
  });

  it('keeps a recipients override apart from the scheduled delivery: neither marks the other delivered', async () => {
    // Prepare
    const p = await pipeline();

    // Act
    const override = await p.run({ recipients: ['auditor@example.com'] });
    const scheduled = await p.run();
    const overrideAgain = await p.run({ recipients: ['AUDITOR@example.com'] });

    // Assess
    expect(override.runKey).not.toBe(scheduled.runKey);
    expect(scheduled.emailsSent).toBe(3);
    expect(overrideAgain.skipped).toBe('already-delivered');
    expect((await manifestOf(p)).recipientsOverride).toBeUndefined();
    expect(
      (await manifestOf(p, `${RUN_FOLDER}to-${overrideHash(['auditor@example.com'])}/manifest.json`))
        .recipientsOverride,
    ).toBe(true);
  });

  it('keeps a custom range of the same days apart from the scheduled week', async () => {
    // Prepare
    const p = await pipeline();

    // Act
    const custom = await p.run({ from: '2025-11-03', to: '2025-11-09' });
    const scheduled = await p.run();

    // Assess
    expect(custom.runKey).toBe('weekly-pipeline/custom/2025-11-03_2025-11-09');
    expect(scheduled.runKey).toBe('weekly-pipeline/2025-11-03_2025-11-09');
    expect(custom.emailsSent).toBe(3);
    expect(scheduled.emailsSent).toBe(3);
  });

  it('fetches again instead of reusing a snapshot collected for another report definition', async () => {
    // Prepare: the week is delivered without the agents section, which is then added.
    const withoutAgents = await pipeline({ report: { sections: ['summary', 'chats'] } });
    await withoutAgents.run();
    const withAgents = await pipeline({ adapters: withoutAgents.deps });

    // Act
    const result = await withAgents.run({ force: true });

    // Assess
    expect(result.resumed).toBe(false);
    expect(result.apiCalls).toBeGreaterThan(0);
    expect(withAgents.apiCallsTotal()).toBe(result.apiCalls);
    expect(result.emailsSent).toBe(3);
  });

  it('sends the whole report to the override recipients only', async () => {
    // Prepare
    const p = await pipeline();

    // Act
    const result = await p.run({ recipients: ['auditor@example.com'] });

    // Assess
    expect(result.emailsSent).toBe(1);
    expect(recipientsOf(p)).toEqual(['auditor@example.com']);
    expect(p.sentMessages()[0]?.subject).not.toContain('Customer Care');
  });

  describe('as an alert (sendWhen "targetMissed")', () => {
    const ALERT = { sendWhen: 'targetMissed' } as const;

    it('archives a run whose figures meet every target, sends nothing, records it as "targets met", and a rerun does the same', async () => {
      // Prepare
      const p = await pipeline({ report: { ...ALERT, targets: { validReceptionRate: { min: 0 } } } });

      // Act
      const first = await p.run();
      const rerun = await p.run();

      // Assess
      expect(first).toMatchObject({ skipped: 'targets-met', emailsSent: 0 });
      expect(first.targetsMet).toHaveLength(3);
      expect(first.archive.some((key) => key.endsWith('.xlsx'))).toBe(true);
      expect(rerun).toMatchObject({ skipped: 'targets-met', emailsSent: 0, apiCalls: 0 });
      expect(p.sentMessages()).toHaveLength(0);
      expect([...memory(p).objects.keys()].filter((key) => key.endsWith('.done.json'))).toEqual([]);
      const manifest = await manifestOf(p);
      expect(manifest).toMatchObject({ skipped: 'targetsMet', steps: { sent: 'skipped' } });
      expect(manifest.targetsMet).toEqual(first.targetsMet);
    });

    it('sends every slice that misses a target, naming the missed targets first in the subject', async () => {
      // Prepare
      const p = await pipeline({ report: { ...ALERT, targets: { validReceptionRate: { min: 1 } } } });

      // Act
      const result = await p.run();

      // Assess
      expect(result.emailsSent).toBe(3);
      expect(result.skipped).toBeUndefined();
      for (const { subject } of p.sentMessages()) {
        expect(subject).toMatch(/^Missed: Valid reception \(% of chats\) \d+\.\d% < 100\.0% · /);
      }
    });

    it('sends a slice whose targeted figure could not be read, saying it was not checked, never "targets met"', async () => {
      // Prepare: getStat answers without the first-response field, so that figure is unknown everywhere.
      const p = await pipeline({ report: { ...ALERT, targets: { avgFirstResponse: { maxSeconds: 600 } } } });
      p.sim.faults.add({ endpoint: 'getStat', kind: 'dropField', field: 'avg_staff_first_res_duration' });

      // Act
      const result = await p.run();

      // Assess
      expect(result).toMatchObject({ emailsSent: 3 });
      expect(result.targetsMet).toBeUndefined();
      for (const { subject } of p.sentMessages()) {
        expect(subject).toMatch(/^Not checked: Avg first response · /);
      }
    });

    it('sends only the slices whose own figures miss, and a rerun sends no more', async () => {
      // Prepare: the renderer's verdict for the first supervisor's slice is that it met its targets
      const p = await pipeline({ report: { ...ALERT, targets: { validReceptionRate: { min: 1 } } } });
      const firstSlice = p.deps.config.reports[0]?.recipients.routes[0]?.name ?? '';
      const renderSlice: typeof realRenderSlice = async (...args) => {
        const rendered = await realRenderSlice(...args);
        return args[2]?.name === firstSlice ? { ...rendered, alert: null } : rendered;
      };
      const deps = { ...p.deps, renderSlice };

      // Act
      const first = await runReport(deps, WEEK);
      const rerun = await runReport(deps, WEEK);

      // Assess
      expect(recipientsOf(p).sort()).toEqual(['head@example.com', SUPERVISOR_TWO].sort());
      expect(first.targetsMet).toHaveLength(1);
      expect(rerun).toMatchObject({ skipped: 'targets-met', emailsSent: 0, targetsMet: first.targetsMet });
      expect(p.sentMessages()).toHaveLength(2);
      const manifest = await manifestOf(p);
      expect(manifest.steps.sent).toBe('done');
      expect(manifest.messages).toHaveLength(2);
    });

    it('leaves the subject of a report sent always as it was, even when a target is missed', async () => {
      // Prepare
      const p = await pipeline({ report: { targets: { validReceptionRate: { min: 1 } } } });

      // Act
      await p.run();

      // Assess
      expect(p.sentMessages().map((m) => m.subject)).not.toContainEqual(expect.stringContaining('Missed'));
    });
  });

  it('skips an empty period when skipIfEmpty is set, sending nothing', async () => {
    // Prepare
    const p = await pipeline({
      simulator: { quietRanges: [{ from: '2025-11-03', to: '2025-11-09' }] },
      report: { skipIfEmpty: true },
    });

    // Act
    const result = await p.run();

    // Assess
    expect(result.skipped).toBe('empty');
    expect(p.sentMessages()).toHaveLength(0);
    expect([...memory(p).objects.keys()].filter((key) => key.endsWith('.done.json'))).toEqual([]);
  });

  it('says the period had no chats when an empty report is sent anyway', async () => {
    // Prepare
    const p = await pipeline({ simulator: { quietRanges: [{ from: '2025-11-03', to: '2025-11-09' }] } });

    // Act
    const result = await p.run({ recipients: ['ops@example.com'] });

    // Assess
    const [message] = p.sentMessages();
    expect(result.emailsSent).toBe(1);
    expect(message?.raw.toString('utf8')).toContain('No chats in this period.');
  });

  it.each([
    ['an unknown report', { reportId: 'no-such-report' }, /unknown report/],
    ['from without to', { from: '2025-11-01' }, /to: is required/],
    ['a range in the future', { from: '2025-11-20', to: '2025-11-21' }, /from: 2025-11-20 has not ended yet/],
    ['a range ending today', { from: '2025-11-10', to: '2025-11-12' }, /to: 2025-11-12 has not ended yet/],
    [
      'a date after today',
      { date: '2025-11-16' },
      /date: 2025-11-16 is after today \(2025-11-12 in Asia\/Shanghai\)/,
    ],
    ['a date and a range', { date: '2025-11-12', from: '2025-11-01', to: '2025-11-02' }, /date: give either/],
  ])('rejects %s with RunInputError before any API call', async (_what, request, message) => {
    // Prepare
    const p = await pipeline();

    // Act
    const failure = await p.run(request).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(RunInputError);
    expect((failure as Error).message).toMatch(message);
    expect(p.apiCallsTotal()).toBe(0);
    expect(p.sim.stats.tokensIssued).toBe(0);
    expect(memory(p).objects.size).toBe(0);
  });

  it('records steps, file hashes, message ids and only hashed recipients in the manifest', async () => {
    // Prepare
    const p = await pipeline();

    // Act
    await p.run();

    // Assess
    const manifest = await manifestOf(p);
    const text = await textOf(p, MANIFEST_KEY);
    expect(manifest.steps).toEqual({ collected: 'done', rendered: 'done', archived: 'done', sent: 'done' });
    expect(manifest.files).toHaveLength(6);
    for (const file of manifest.files) {
      expect(file.sha256).toBe(sha256((await p.deps.archive.get(file.key)) ?? ''));
    }
    expect(manifest.messages.map((m) => m.messageId).sort()).toEqual(
      p
        .sentMessages()
        .map((m) => m.messageId)
        .sort(),
    );
    expect(manifest.recipients.count).toBe(3);
    expect(manifest.apiCalls).toBe(p.apiCallsTotal());
    for (const address of [HEAD, 'head@example.com', SUPERVISOR_ONE, SUPERVISOR_TWO]) {
      expect(text).not.toContain(address);
    }
  });
});

/** The use case's archive, with `put` failing for the keys `refuse` picks (the ledger keeps its own store). */
function refusingPuts(
  refuse: (key: string, attempt: number) => boolean,
): NonNullable<PipelineOptions['wrapArchive']> {
  return refusingArchive((key, attempt) => ({ put: refuse(key, attempt) }));
}

const TREND_WARNING = "could not read or fill the trend's history; its missing periods show as gaps";

/** The trend block of the first message's text part. */
async function trendTextOf(p: Pipeline): Promise<string> {
  const text = (await simpleParser(p.sentMessages()[0]?.raw ?? Buffer.alloc(0))).text ?? '';
  return text.slice(text.indexOf('LAST 8 WEEKS'), text.indexOf('BY DEPARTMENT'));
}

/**
 * The use case's archive, with `get` or `put` failing where `refused` says, given the key and how
 * many times that verb was called for it (1 for the first).
 */
function refusingArchive(
  refused: (key: string, attempt: number) => { readonly get?: boolean; readonly put?: boolean },
): NonNullable<PipelineOptions['wrapArchive']> {
  return (adapters) => {
    const { archive } = adapters;
    const attempts = new Map<string, number>();
    const attempt = (verb: string, key: string) => {
      const n = (attempts.get(`${verb} ${key}`) ?? 0) + 1;
      attempts.set(`${verb} ${key}`, n);
      return n;
    };
    return {
      ...adapters,
      archive: {
        put: async (key, object) => {
          if (refused(key, attempt('put', key)).put) throw new Error(`disk full at ${key}`);
          return archive.put(key, object);
        },
        putIfAbsent: (key, object) => archive.putIfAbsent(key, object),
        get: async (key) => {
          if (refused(key, attempt('get', key)).get) throw new Error(`disk full at ${key}`);
          return archive.get(key);
        },
        list: (prefix) => archive.list(prefix),
        locate: (key) => archive.locate(key),
        browseUrl: (folder) => archive.browseUrl(folder),
      },
    };
  };
}

function warningsOf(logger: ReturnType<typeof capturingLogger>): { message: string; error: string }[] {
  return logger.lines
    .map((line) => JSON.parse(line) as { level?: string; message?: string; rest?: [{ error?: string }] })
    .filter((line) => line.level === 'warn')
    .map((line) => ({ message: line.message ?? '', error: line.rest?.[0]?.error ?? '' }));
}

describe('runReport: errors it continues past', () => {
  it('delivers when the archive index pages cannot be updated, and warns saying so', async () => {
    // Prepare
    const logger = capturingLogger();
    const p = await pipeline({ logger, wrapArchive: refusingPuts((key) => key.endsWith('index.html')) });

    // Act
    const result = await p.run();

    // Assess
    expect(result.emailsSent).toBe(3);
    expect((await manifestOf(p)).steps.sent).toBe('done');
    expect(warningsOf(logger)).toContainEqual({
      message: 'could not update the archive index pages',
      error: expect.stringMatching(/^disk full at .*index\.html$/),
    });
  });

  it('delivers with the trend’s past weeks as gaps when its history cannot be read, and warns', async () => {
    // Prepare: only the history's reads fail; the run's own record is still written.
    const logger = capturingLogger();
    const p = await pipeline({
      logger,
      wrapArchive: refusingArchive((key) => ({ get: key.startsWith('history/') })),
    });

    // Act
    const result = await p.run();

    // Assess
    expect(result.emailsSent).toBe(3);
    expect(warningsOf(logger)).toContainEqual({
      message: TREND_WARNING,
      error: expect.stringMatching(/^disk full at history\//),
    });
    const trend = await trendTextOf(p);
    expect(trend).toMatch(/2025-W38 +– .*\(no data\)/);
    expect(trend).toMatch(/2025-W45 +[\d,]+ /);
  });

  it('shows the weeks it fetched for the trend when it cannot record them, and warns', async () => {
    // Prepare: the fill's records cannot be written; the run's own record (2025-W45) can.
    const logger = capturingLogger();
    const p = await pipeline({
      logger,
      wrapArchive: refusingArchive((key) => ({
        put: key.startsWith('history/') && !key.endsWith('/2025-W45.json'),
      })),
    });

    // Act
    const result = await p.run();

    // Assess
    expect(result.emailsSent).toBe(3);
    expect(warningsOf(logger)).toContainEqual({
      message: TREND_WARNING,
      error: expect.stringMatching(/^disk full at history\//),
    });
    const trend = await trendTextOf(p);
    expect(trend).not.toContain('(no data)');
    expect(trend).toMatch(/2025-W38 +[\d,]+ /);
  });

  it('throws the archive failure, not the checkpoint one, and warns that the checkpoint was not saved', async () => {
    // Prepare: the collection finishes, but neither its snapshot nor the checkpoint can be written.
    const logger = capturingLogger();
    const p = await pipeline({
      logger,
      wrapArchive: refusingPuts((key) => key === RAW_KEY || key.endsWith('partial.json.gz')),
    });

    // Act
    const failure = await p.run().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(RunStepError);
    expect((failure as RunStepError).message).toContain(`disk full at ${RAW_KEY}`);
    expect(p.sentMessages()).toHaveLength(0);
    expect(warningsOf(logger)).toContainEqual({
      message: 'could not save the collection checkpoint; a retry fetches again',
      error: expect.stringMatching(/partial\.json\.gz$/),
    });
  });

  it('throws the send failure when the manifest cannot record it, and warns that it could not', async () => {
    // Prepare: the manifest is saved once after archiving; the save recording the failure is refused.
    const logger = capturingLogger();
    const p = await pipeline({
      logger,
      wrapMailer: (inner) => failingMailer(inner, () => new Error('connection dropped')),
      wrapArchive: refusingPuts((key, attempt) => key === MANIFEST_KEY && attempt > 1),
    });

    // Act
    const failure = await p.run().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(RunStepError);
    expect((failure as RunStepError).step).toBe('send');
    expect((failure as RunStepError).message).toContain('connection dropped');
    expect((await manifestOf(p)).steps.sent).not.toBe('done');
    expect(warningsOf(logger)).toContainEqual({
      message: 'could not record the failure in the manifest',
      error: `disk full at ${MANIFEST_KEY}`,
    });
  });

  it('returns the delivered run when its lease cannot be given up, and warns that it lapses by itself', async () => {
    // Prepare
    const logger = capturingLogger();
    const p = await pipeline({
      logger,
      wrapArchive: (adapters) => ({
        ...adapters,
        ledger: {
          find: (key) => adapters.ledger.find(key),
          markSending: (key, owner) => adapters.ledger.markSending(key, owner),
          wasSending: (key) => adapters.ledger.wasSending(key),
          complete: (record) => adapters.ledger.complete(record),
          acquire: async (runKey) => {
            const acquisition = await adapters.ledger.acquire(runKey);
            if (acquisition.status !== 'acquired') return acquisition;
            const { lease } = acquisition;
            return {
              ...acquisition,
              lease: {
                holder: lease.holder,
                renewEveryMs: lease.renewEveryMs,
                renew: () => lease.renew(),
                assertHeld: () => lease.assertHeld(),
                release: async () => {
                  throw new Error('ledger unreachable');
                },
              },
            };
          },
        },
      }),
    });

    // Act
    const result = await p.run();

    // Assess
    expect(result.emailsSent).toBe(3);
    expect(warningsOf(logger)).toContainEqual({
      message: 'could not give the run lease up; it lapses by itself',
      error: 'ledger unreachable',
    });
  });

  it('warns on the console when the run was given no logger', async () => {
    // Prepare
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    const p = await pipeline({ wrapArchive: refusingPuts((key) => key.endsWith('index.html')) });

    // Act
    const result = await p.run();

    // Assess
    expect(result.emailsSent).toBe(3);
    expect(warn).toHaveBeenCalledWith('could not update the archive index pages', {
      error: expect.stringMatching(/^disk full at /),
    });
  });
});
