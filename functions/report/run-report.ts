import { randomUUID } from 'node:crypto';
import { archiveObjectFor, byteLength } from '../delivery/archive-object.ts';
import { composeReportEmail } from '../delivery/compose.ts';
import { fileKeys, type RunFileKeys } from '../delivery/layout.ts';
import { ManifestBuilder, parseManifest, serializeManifest } from '../delivery/manifest.ts';
import { publishIndexes } from '../delivery/publish-indexes.ts';
import { subjectFor } from '../delivery/subject.ts';
import { CollectionAbortedError, collect, isEmpty, type TaskResults } from './collect.ts';
import { ConfigError, findReport, type ReportConfig } from './config.ts';
import { type Delivery, planDeliveries, runKeyOf } from './deliveries.ts';
import { customWindow, PeriodError, previousWindow, reportWindow, todayIn } from './periods.ts';
import type { ArchiveObject } from './ports.ts';
import { type RenderedSlice, renderSlice } from './render-run.ts';
import type { RunDependencies, RunRequest, RunResult, RunStep } from './run-types.ts';
import type { PeriodWindow, RawSnapshot } from './snapshot.ts';
import {
  checkpointKey,
  readCheckpoint,
  readSnapshot,
  writeCheckpoint,
  writeSnapshot,
} from './snapshot-archive.ts';

/**
 * The report use case: plan → collect → render → archive → send. The CLI and the Lambda handlers
 * both call it; only the adapters differ.
 *
 * Exactly once: every message has a run key in the ledger, checked before any API call and claimed
 * atomically before sending. Nothing lost: the raw snapshot is archived before rendering, so a retry
 * after any later failure re-renders from it instead of calling the API; a collection that fails or
 * is stopped at the deadline leaves a checkpoint the retry resumes from.
 */

/** Bad input (unknown report, impossible or unservable period): nothing was called or written. */
export class RunInputError extends Error {
  override readonly name = 'RunInputError';
}

/** A step failed; what was archived before it stays, and `location` says where. */
export class RunStepError extends Error {
  override readonly name = 'RunStepError';
  constructor(
    readonly step: RunStep,
    readonly location: string,
    options: ErrorOptions,
  ) {
    super(`${step} failed: ${messageOf(options.cause)} (partial results: ${location})`, options);
  }
}

interface RunPlan {
  readonly report: ReportConfig;
  readonly period: PeriodWindow;
  readonly previous: PeriodWindow | null;
  readonly runKey: string;
  readonly keys: RunFileKeys;
  readonly deliveries: readonly Delivery[];
}

export function planRun(deps: Pick<RunDependencies, 'config' | 'clock'>, request: RunRequest): RunPlan {
  try {
    const report = findReport(deps.config, request.reportId);
    const now = deps.clock.now();
    const explicit = request.from !== undefined || request.to !== undefined;
    if (explicit && request.date !== undefined) {
      throw new RunInputError('date: give either a date or from/to, not both');
    }
    if (explicit && (request.from === undefined || request.to === undefined)) {
      throw new RunInputError(`${request.from === undefined ? 'from' : 'to'}: is required with the other`);
    }
    const period =
      request.from !== undefined && request.to !== undefined
        ? customWindow(request.from, request.to, report.timezone, now)
        : reportWindow(report.period, request.date ?? todayIn(report.timezone, now), report.timezone);
    const previous = report.compareWithPrevious ? previousWindow(period) : null;
    const runKey = runKeyOf(report.id, period);
    return {
      report,
      period,
      previous,
      runKey,
      keys: fileKeys(report.id, period),
      deliveries: planDeliveries(report, runKey, request.recipients),
    };
  } catch (error) {
    if (error instanceof PeriodError || error instanceof ConfigError) {
      throw new RunInputError(error.message, { cause: error });
    }
    throw error;
  }
}

export async function runReport(deps: RunDependencies, request: RunRequest): Promise<RunResult> {
  const plan = planRun(deps, request);
  const { report, period, runKey, keys } = plan;
  const { archive, ledger, logger } = deps;
  logger?.appendKeys?.({ runKey });
  const location = archive.locate(keys.folder.slice(0, -1));
  const dryRun = request.dryRun ?? false;
  const base = { runKey, reportId: report.id, period, location, dryRun };

  const outstanding = dryRun || request.force ? plan.deliveries : await undelivered(deps, plan.deliveries);
  if (!dryRun && outstanding.length === 0) {
    logger?.info('run already delivered; nothing to send', { runKey });
    return { ...base, ...nothingDone, skipped: 'already-delivered' };
  }

  // One attempt at a time per run: a duplicate that arrives while another is working backs off.
  const owner = randomUUID();
  const runLease = `${runKey}/run`;
  if (!dryRun && (await ledger.claim(runLease, owner)) === 'in-progress') {
    logger?.info('another attempt is working on this run; leaving it to that one', { runKey });
    return { ...base, ...nothingDone, skipped: 'in-progress' };
  }

  const attempt = new Attempt(deps, plan, request, location, owner);
  try {
    return await attempt.run(outstanding, base);
  } finally {
    if (!dryRun) await ledger.release(runLease, owner).catch(() => {});
  }
}

const nothingDone = {
  archive: [],
  messages: [],
  apiCalls: 0,
  resumed: false,
  emailsSent: 0,
  bytesArchived: 0,
};

async function undelivered(deps: RunDependencies, deliveries: readonly Delivery[]): Promise<Delivery[]> {
  const found = await Promise.all(deliveries.map((d) => deps.ledger.find(d.runKey)));
  return deliveries.filter((_, i) => found[i] === null);
}

/** One attempt at a run: the state the steps share, and the manifest that records how far it got. */
class Attempt {
  readonly #deps: RunDependencies;
  readonly #plan: RunPlan;
  readonly #request: RunRequest;
  readonly #location: string;
  /** Who holds this attempt's leases: the run's and each message's. */
  readonly #owner: string;
  readonly #manifest: ManifestBuilder;
  readonly #archived: string[] = [];
  #bytesArchived = 0;
  #step: RunStep = 'collect';

  constructor(deps: RunDependencies, plan: RunPlan, request: RunRequest, location: string, owner: string) {
    this.#deps = deps;
    this.#plan = plan;
    this.#request = request;
    this.#location = location;
    this.#owner = owner;
    this.#manifest = new ManifestBuilder({
      reportId: plan.report.id,
      title: plan.report.title,
      runKey: plan.runKey,
      period: plan.period,
      generatedAt: new Date(deps.clock.now()),
      dryRun: request.dryRun ?? false,
      recipients: plan.deliveries.map((d) => d.mailbox),
    });
  }

  async run(outstanding: readonly Delivery[], base: Omit<RunResult, keyof typeof nothingDone | 'skipped'>) {
    const { report } = this.#plan;
    try {
      await this.#carryOverMessages();
      const { snapshot, apiCalls, resumed } = await this.#collect();

      if (isEmpty(snapshot.current) && report.skipIfEmpty) {
        this.#deps.logger?.info('no chats in the period and skipIfEmpty is set; nothing sent');
        await this.#saveManifest();
        return { ...base, ...this.#totals(apiCalls, resumed, []), skipped: 'empty' as const };
      }

      this.#step = 'render';
      const slices = new Map<string, Delivery>();
      for (const delivery of [...this.#plan.deliveries, ...outstanding])
        slices.set(delivery.sliceSlug, delivery);
      const rendered = new Map<string, RenderedSlice>();
      for (const [sliceSlug, delivery] of slices) {
        rendered.set(
          sliceSlug,
          await renderSlice(snapshot, report, delivery.slice, sliceSlug, this.#deps.archive),
        );
      }
      this.#manifest.step('rendered', 'done');

      this.#step = 'archive';
      for (const slice of rendered.values()) {
        await this.#put(slice.workbook.key, slice.workbook.content, slice.sliceSlug);
        await this.#put(slice.html.key, slice.html.content, slice.sliceSlug);
      }
      this.#manifest.step('archived', 'done');
      await this.#saveManifest();

      this.#step = 'send';
      const messages = this.#request.dryRun ? [] : await this.#send(outstanding, rendered);
      this.#manifest.step('sent', this.#request.dryRun ? 'skipped' : 'done');
      await this.#saveManifest();
      await publishIndexes(this.#deps.archive, report.id, report.title);
      return { ...base, ...this.#totals(apiCalls, resumed, messages) };
    } catch (error) {
      throw await this.#fail(error);
    }
  }

  #totals(apiCalls: number, resumed: boolean, messages: readonly string[]) {
    return {
      archive: [...this.#archived],
      messages: [...messages],
      apiCalls,
      resumed,
      emailsSent: messages.length,
      bytesArchived: this.#bytesArchived,
    };
  }

  /** A dry run or forced resend must not erase the message ids an earlier delivery recorded. */
  async #carryOverMessages(): Promise<void> {
    const bytes = await this.#deps.archive.get(this.#plan.keys.manifest);
    const earlier = bytes ? parseManifest(bytes) : null;
    for (const message of earlier?.messages ?? []) this.#manifest.message(message);
  }

  async #collect(): Promise<{ snapshot: RawSnapshot; apiCalls: number; resumed: boolean }> {
    const { report, period, previous, keys } = this.#plan;
    const { archive, signal, logger } = this.#deps;
    const archived = await readSnapshot(archive, keys.raw, { reportId: report.id, ...period });
    if (archived) {
      logger?.info('re-rendering from the archived snapshot; no API calls', { key: keys.raw });
      this.#manifest.apiCalls(archived.apiCalls).step('collected', 'done');
      return { snapshot: archived, apiCalls: 0, resumed: true };
    }

    const stats = this.#deps.openStats(report);
    const checkpoint = checkpointKey(keys.folder);
    const done = await readCheckpoint(archive, checkpoint);
    const resumed = Object.keys(done).length > 0;
    if (resumed) logger?.info('resuming collection from a checkpoint', { tasks: Object.keys(done).length });
    const parts: TaskResults = { ...done };
    try {
      const collected = await collect({
        api: stats.api,
        report,
        period,
        previous,
        done,
        clock: this.#deps.clock,
        onTaskDone: async (taskId, data) => {
          parts[taskId] = data;
        },
        ...(signal ? { signal } : {}),
      });
      const snapshot: RawSnapshot = { ...collected.snapshot, apiCalls: stats.calls() };
      this.#manifest.apiCalls(stats.calls()).step('collected', 'done');
      this.#step = 'archive';
      this.#bytesArchived += await writeSnapshot(archive, keys.raw, snapshot);
      this.#archived.push(keys.raw);
      return { snapshot, apiCalls: stats.calls(), resumed };
    } catch (error) {
      this.#manifest.apiCalls(stats.calls());
      // Also when collection finished but the snapshot could not be archived: the retry then resumes
      // from the checkpoint instead of fetching everything again.
      if (Object.keys(parts).length > Object.keys(done).length) {
        await writeCheckpoint(archive, checkpoint, parts).catch(() => {});
      }
      if (error instanceof CollectionAbortedError) {
        logger?.warn('stopped before the deadline; the retry resumes from the checkpoint', {
          done: error.done,
          total: error.total,
        });
      }
      throw error;
    }
  }

  async #put(key: string, body: Uint8Array | string, slice?: string): Promise<void> {
    const object: ArchiveObject = archiveObjectFor(key, body, { 'report-id': this.#plan.report.id });
    await this.#deps.archive.put(key, object);
    this.#manifest.file(key, object, slice);
    this.#archived.push(key);
    this.#bytesArchived += byteLength(body);
  }

  async #saveManifest(): Promise<void> {
    const key = this.#plan.keys.manifest;
    const body = serializeManifest(this.#manifest.build());
    await this.#deps.archive.put(key, archiveObjectFor(key, body));
    if (!this.#archived.includes(key)) this.#archived.push(key);
  }

  /** Every outstanding message is tried; one failed recipient does not stop the others. */
  async #send(
    outstanding: readonly Delivery[],
    rendered: ReadonlyMap<string, RenderedSlice>,
  ): Promise<string[]> {
    const { report, period } = this.#plan;
    const { ledger, mailer, config, signal, logger } = this.#deps;
    const owner = this.#owner;
    const sent: string[] = [];
    const failures: unknown[] = [];
    for (const delivery of outstanding) {
      if (signal?.aborted) {
        failures.push(signal.reason ?? new Error('stopped before the deadline'));
        break;
      }
      const slice = rendered.get(delivery.sliceSlug);
      if (!slice) continue;
      const claim = this.#request.force ? 'claimed' : await ledger.claim(delivery.runKey, owner);
      if (claim !== 'claimed') continue;
      try {
        const email = await composeReportEmail({
          settings: config.email,
          to: [delivery.mailbox],
          subject: subjectFor(report.title, period, delivery.slice?.name),
          body: { text: slice.text, html: slice.html.content },
          workbook: { fileName: slice.workbook.fileName, content: slice.workbook.content },
          archivedAt: this.#deps.archive.locate(slice.workbook.key),
          maxMessageBytes: mailer.maxMessageBytes,
          date: new Date(this.#deps.clock.now()),
        });
        const { messageId } = await mailer.send(email);
        sent.push(messageId);
        this.#manifest.message({
          messageId,
          slice: delivery.sliceSlug,
          recipients: 1,
          attached: email.attached,
        });
        await ledger.complete({
          runKey: delivery.runKey,
          deliveredAt: new Date(this.#deps.clock.now()).toISOString(),
          messageIds: [messageId],
          archiveKeys: [slice.workbook.key, slice.html.key],
        });
      } catch (error) {
        failures.push(error);
        logger?.error('sending a message failed', { slice: delivery.sliceSlug, error: messageOf(error) });
        if (!this.#request.force) await ledger.release(delivery.runKey, owner).catch(() => {});
      }
    }
    if (failures.length > 0) {
      const others = sent.length > 0 ? `; ${sent.length} other message(s) were sent` : '';
      throw new Error(`${failures.length} message(s) not sent: ${messageOf(failures[0])}${others}`, {
        cause: failures[0],
      });
    }
    return sent;
  }

  async #fail(error: unknown): Promise<Error> {
    if (error instanceof RunInputError) return error;
    const step = this.#step;
    this.#manifest.fail(manifestStep(step), error);
    await this.#saveManifest().catch(() => {});
    return new RunStepError(step, this.#location, { cause: error });
  }
}

function manifestStep(step: RunStep) {
  switch (step) {
    case 'plan':
    case 'collect':
      return 'collected' as const;
    case 'render':
      return 'rendered' as const;
    case 'archive':
      return 'archived' as const;
    case 'send':
      return 'sent' as const;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
