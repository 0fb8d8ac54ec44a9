import { archiveObjectFor, byteLength } from '../delivery/archive-object.ts';
import { composeReportEmail } from '../delivery/compose.ts';
import { encodeRunFolder } from '../delivery/history.ts';
import { fileKeys, RAW_FILE, type RunFileKeys, type RunVariant } from '../delivery/layout.ts';
import {
  delivered,
  ManifestBuilder,
  parseManifest,
  recipientSha256,
  serializeManifest,
} from '../delivery/manifest.ts';
import { publishIndexes } from '../delivery/publish-indexes.ts';
import { subjectFor } from '../delivery/subject.ts';
import { snapshotKpis } from '../render/kpis.ts';
import { historyRecord, writeHistory } from '../trend/history.ts';
import {
  fillMissing,
  type HistoryRecords,
  ownFigures,
  type PeriodTrend,
  readHistoryRecords,
  type TrendScope,
  trendOf,
  trendWindows,
} from '../trend/trend.ts';
import { CollectionAbortedError, collect, isEmpty, type TaskResults } from './collect.ts';
import type { ReportConfig } from './config.ts';
import { definitionFingerprint } from './definition.ts';
import { type Delivery, planDeliveries, runKeyOf, variantOf } from './deliveries.ts';
import {
  type ArchiveObject,
  type ArchiveStore,
  DELIVERY_TAG,
  LeaseLostError,
  type RunLease,
} from './ports.ts';
import { type RenderedSlice, renderSlice } from './render-run.ts';
import { messageOf, RunHeldError, RunInputError, RunStepError } from './run-errors.ts';
import { resolveRunRequest } from './run-request.ts';
import type { RunDependencies, RunRequest, RunResult, RunStep, StatsSession } from './run-types.ts';
import { sliceSnapshot } from './slice.ts';
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
 * both call it; only the adapters differ. What always holds (docs/architecture.md, "Delivery guarantees"):
 *
 * 1. Exactly once per recipient. One attempt at a time holds the run's lease; each message is
 *    recorded in the ledger once the mail service accepted it, and a recorded message is never sent
 *    again (unless forced). The one duplicate: a stop after the mail service accepted a message and
 *    before the ledger recorded it; the next attempt sends that message once more.
 * 2. No blocked rerun. The lease is short and renewed while the attempt lives; an interrupted attempt
 *    gives it up, a dead one's lapses (at once on its own host, where its process is seen gone).
 * 3. No silent success. A run returns only when every planned recipient has been delivered (or the
 *    period was empty with skipIfEmpty); a run another attempt holds, or that cannot finish, throws.
 * 4. Isolation. Every slice has a name of its own; each recipient is sent only their own slice.
 * 5. Identity. The run key names what is sent (period, custom range, recipients override); periods
 *    that have not ended are refused; dry runs and overrides write only into folders of their own.
 * 6. Fresh data. Snapshots and checkpoints are reused only for the report definition they were
 *    collected for.
 *
 * Nothing lost: the raw snapshot is archived before rendering, so a retry after any later failure
 * re-renders from it instead of calling the API; a collection that fails or is stopped leaves a
 * checkpoint the retry resumes from.
 */

interface RunPlan {
  readonly report: ReportConfig;
  readonly period: PeriodWindow;
  readonly previous: PeriodWindow | null;
  readonly runKey: string;
  readonly keys: RunFileKeys;
  readonly deliveries: readonly Delivery[];
  readonly fingerprint: string;
  readonly variant: RunVariant;
  readonly dryRun: boolean;
}

/** The run a request names, checked by the one request schema (run-request.ts) before anything starts. */
export function planRun(deps: Pick<RunDependencies, 'config' | 'clock'>, input: RunRequest): RunPlan {
  const { request, report, period, previous } = resolveRunRequest(input, deps);
  // The request schema refuses an empty list, so an override is always someone to send to.
  const override = request.recipients;
  const dryRun = request.dryRun ?? false;
  const runKey = runKeyOf(report.id, period, override);
  const variant = variantOf(override, dryRun);
  return {
    report,
    period,
    previous,
    runKey,
    keys: fileKeys(report.id, period, undefined, variant),
    deliveries: planDeliveries(report, runKey, override),
    fingerprint: definitionFingerprint(report),
    variant,
    dryRun,
  };
}

export async function runReport(deps: RunDependencies, request: RunRequest): Promise<RunResult> {
  const plan = planRun(deps, request);
  const { archive, ledger, logger } = deps;
  logger?.appendKeys?.({ runKey: plan.runKey });
  const location = archive.locate(plan.keys.folder.slice(0, -1));
  const base = {
    runKey: plan.runKey,
    reportId: plan.report.id,
    period: plan.period,
    location,
    dryRun: plan.dryRun,
  };

  // A dry run sends nothing and writes only into its own folder, so it needs no lease.
  if (plan.dryRun) return new Attempt(deps, plan, request, location, null).run(plan.deliveries, base);

  const alreadyDelivered = async () => {
    logger?.info('run already delivered; nothing to send', { runKey: plan.runKey });
    await settleManifest(deps, plan);
    return { ...base, ...nothingDone, skipped: 'already-delivered' as const };
  };
  if ((await outstandingOf(deps, plan, request)).length === 0) return alreadyDelivered();

  const acquisition = await ledger.acquire(plan.runKey);
  if (acquisition.status === 'held') throw new RunHeldError(plan.runKey, acquisition.holder);
  const { lease } = acquisition;
  const keeper = keepLease(lease, plan.runKey, deps);
  try {
    // Another attempt may have finished between the first look and the claim.
    const outstanding = await outstandingOf(deps, plan, request);
    if (outstanding.length === 0) return alreadyDelivered();
    const attempt = new Attempt({ ...deps, signal: keeper.signal }, plan, request, location, lease);
    return await attempt.run(outstanding, base);
  } finally {
    keeper.stop();
    await lease.release().catch((error: unknown) => {
      // The run's outcome is settled by now (returned, or thrown and on its way out): failing it for
      // this would hide that outcome. A lease not given up only delays the next attempt until it
      // lapses, and on this host not even that, where the holder is seen gone.
      warnContinuing(deps, 'could not give the run lease up; it lapses by itself', error);
    });
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

/**
 * Every message is recorded as delivered, but an attempt may have stopped before its manifest said
 * so: the manifest is brought in line, so the archive and the missed-run watchdog tell the truth.
 */
async function settleManifest(deps: RunDependencies, plan: RunPlan): Promise<void> {
  const bytes = await deps.archive.get(plan.keys.manifest);
  const manifest = bytes ? parseManifest(bytes) : null;
  if (!manifest || (manifest.steps.sent === 'done' && manifest.error === undefined)) return;
  const key = plan.keys.manifest;
  await deps.archive.put(key, archiveObjectFor(key, serializeManifest(delivered(manifest))));
  deps.logger?.info('recorded in the manifest that every message was delivered', { key });
}

async function outstandingOf(deps: RunDependencies, plan: RunPlan, request: RunRequest): Promise<Delivery[]> {
  if (request.force) return [...plan.deliveries];
  const found = await Promise.all(plan.deliveries.map((d) => deps.ledger.find(d.runKey)));
  return plan.deliveries.filter((_, i) => found[i] === null);
}

/**
 * Renews the lease on the owner's own clock while the attempt lives. The signal it answers fires when
 * the lease is lost (or `deps.signal` fires), so the attempt stops before it could send beside another.
 */
function keepLease(lease: RunLease, runKey: string, deps: RunDependencies) {
  const { clock } = deps;
  const lost = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, lost.signal]) : lost.signal;
  let lastRenewed = clock.now();
  let renewing = false;
  const renew = async () => {
    try {
      if (await lease.renew()) lastRenewed = clock.now();
      else lost.abort(new LeaseLostError(runKey));
    } catch (error) {
      warnContinuing(deps, 'renewing the run lease failed; trying again', error);
      // Two renewals missed leave too little of the lease to be sure it is still this attempt's.
      if (clock.now() - lastRenewed >= 2 * lease.renewEveryMs) lost.abort(new LeaseLostError(runKey));
    }
  };
  const stop = clock.every?.(lease.renewEveryMs, () => {
    if (renewing || lost.signal.aborted) return;
    renewing = true;
    void renew().finally(() => {
      renewing = false;
    });
  });
  return { signal, stop: () => stop?.() };
}

/** One attempt at a run: the state the steps share, and the manifest that records how far it got. */
class Attempt {
  readonly #deps: RunDependencies;
  readonly #plan: RunPlan;
  readonly #request: RunRequest;
  readonly #location: string;
  /** The run's lease; null for a dry run, which sends nothing. */
  readonly #lease: RunLease | null;
  readonly #manifest: ManifestBuilder;
  readonly #archived: string[] = [];
  #bytesArchived = 0;
  #carriedMessages = 0;
  #step: RunStep = 'collect';
  /** Opened by the collection, or by the trend's fill when the snapshot came from the archive. */
  #stats: StatsSession | null = null;
  /** The calls the collection made (or the archived snapshot's), and those the trend's fill made. */
  #collectedCalls = 0;
  #fillCalls = 0;

  constructor(
    deps: RunDependencies,
    plan: RunPlan,
    request: RunRequest,
    location: string,
    lease: RunLease | null,
  ) {
    this.#deps = deps;
    this.#plan = plan;
    this.#request = request;
    this.#location = location;
    this.#lease = lease;
    this.#manifest = new ManifestBuilder({
      reportId: plan.report.id,
      title: plan.report.title,
      runKey: plan.runKey,
      period: plan.period,
      generatedAt: new Date(deps.clock.now()),
      dryRun: plan.dryRun,
      recipientsOverride: plan.variant.override !== undefined,
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
        this.#manifest.skipped('empty');
        await this.#saveManifest();
        return { ...base, ...this.#totals(apiCalls, resumed, [], snapshot), skipped: 'empty' as const };
      }

      this.#step = 'render';
      const slices = new Map<string, Delivery>();
      for (const delivery of [...this.#plan.deliveries, ...outstanding])
        slices.set(delivery.sliceSlug, delivery);
      const scopes = [...slices].map(([sliceSlug, delivery]) => ({
        scope: sliceSlug,
        scopeName: delivery.slice?.name ?? null,
        slice: delivery.slice,
        figures: ownFigures(
          snapshotKpis(delivery.slice ? sliceSnapshot(snapshot, delivery.slice) : snapshot),
        ),
      }));
      const trends = await this.#trends(scopes);
      const rendered = new Map<string, RenderedSlice>();
      for (const [sliceSlug, delivery] of slices) {
        rendered.set(
          sliceSlug,
          await (this.#deps.renderSlice ?? renderSlice)(
            snapshot,
            report,
            delivery.slice,
            sliceSlug,
            this.#deps.archive,
            this.#plan.variant,
            trends.get(sliceSlug) ?? null,
          ),
        );
      }
      this.#manifest.step('rendered', 'done');

      this.#step = 'archive';
      for (const slice of rendered.values()) {
        await this.#put(slice.workbook.key, slice.workbook.content, slice.sliceSlug);
        await this.#put(slice.html.key, slice.html.content, slice.sliceSlug);
      }
      await this.#recordHistory(scopes);
      this.#manifest.step('archived', 'done');
      await this.#saveManifest();

      this.#step = 'send';
      const { send, targetsMet } = this.#alertCut(outstanding, rendered);
      if (targetsMet.length > 0) {
        this.#deps.logger?.info('every target met; not sent (sendWhen is "targetMissed")', {
          slices: targetsMet,
        });
        this.#manifest.targetsMet(targetsMet);
      }
      const messages = this.#lease ? await this.#send(this.#lease, send, rendered, snapshot) : [];
      // Nothing sent now nor by an earlier attempt: the run is "targets met", never "delivered".
      const silent = send.length === 0 && targetsMet.length > 0 && this.#carriedMessages === 0;
      if (this.#lease && silent) this.#manifest.skipped('targetsMet');
      else this.#manifest.step('sent', this.#lease ? 'done' : 'skipped');
      await this.#saveManifest();
      // The indexes are derived from the manifests and rebuilt by every run: a failure here is not
      // a failed delivery (every message is out and recorded), and the next run's pages include this one.
      await publishIndexes(this.#deps.archive, report.id, report.title).catch((error: unknown) => {
        warnContinuing(this.#deps, 'could not update the archive index pages', error);
      });
      return {
        ...base,
        ...this.#totals(apiCalls + this.#fillCalls, resumed, messages, snapshot),
        ...(targetsMet.length > 0 ? { targetsMet } : {}),
        ...(this.#lease && send.length === 0 && targetsMet.length > 0
          ? { skipped: 'targets-met' as const }
          : {}),
      };
    } catch (error) {
      throw await this.#fail(error);
    }
  }

  #totals(apiCalls: number, resumed: boolean, messages: readonly string[], snapshot: RawSnapshot) {
    return {
      unreadValues: snapshot.quality?.unreadCount ?? 0,
      missingFields: (snapshot.quality?.missing ?? []).map((m) => `${m.endpoint}.${m.field}`),
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
    this.#carriedMessages = earlier?.messages.length ?? 0;
  }

  /**
   * An alert (`sendWhen: "targetMissed"`) goes only to the slices whose own figures miss a target, or
   * could not be read to judge one: a routed supervisor hears about their team, the whole account's
   * recipients about the account.
   * The others are rendered and archived, not sent, and stay outstanding in the ledger, so a rerun
   * judges them again from the same archived snapshot and comes to the same answer.
   */
  #alertCut(outstanding: readonly Delivery[], rendered: ReadonlyMap<string, RenderedSlice>) {
    if (this.#plan.report.sendWhen !== 'targetMissed') return { send: outstanding, targetsMet: [] };
    const missed = (d: Delivery) => rendered.get(d.sliceSlug)?.alert != null;
    const send = outstanding.filter(missed);
    const targetsMet = [...new Set(outstanding.filter((d) => !missed(d)).map((d) => d.sliceSlug))];
    return { send, targetsMet };
  }

  async #collect(): Promise<{ snapshot: RawSnapshot; apiCalls: number; resumed: boolean }> {
    const { report, period, previous, keys, fingerprint } = this.#plan;
    const { archive, signal, logger } = this.#deps;
    const archived = await archivedSnapshotOf(archive, this.#plan);
    if (archived) {
      logger?.info('re-rendering from the archived snapshot; no API calls', { key: archived.key });
      this.#collectedCalls = archived.snapshot.apiCalls;
      this.#manifest
        .apiCalls(archived.snapshot.apiCalls)
        .dataQuality(archived.snapshot.quality)
        .step('collected', 'done');
      return { snapshot: archived.snapshot, apiCalls: 0, resumed: true };
    }

    const stats = this.#deps.openStats(report);
    this.#stats = stats;
    const checkpoint = checkpointKey(keys.folder);
    const done = await readCheckpoint(archive, checkpoint, fingerprint);
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
      const snapshot: RawSnapshot = {
        ...collected.snapshot,
        apiCalls: stats.calls(),
        fingerprint,
        ...(stats.simulated ? { simulated: true } : {}),
      };
      this.#collectedCalls = stats.calls();
      this.#manifest.apiCalls(stats.calls()).dataQuality(snapshot.quality).step('collected', 'done');
      this.#step = 'archive';
      this.#bytesArchived += await writeSnapshot(archive, keys.raw, snapshot);
      this.#archived.push(keys.raw);
      return { snapshot, apiCalls: stats.calls(), resumed };
    } catch (error) {
      this.#manifest.apiCalls(stats.calls());
      // Also when collection finished but the snapshot could not be archived: the retry then resumes
      // from the checkpoint instead of fetching everything again.
      if (Object.keys(parts).length > Object.keys(done).length) {
        await writeCheckpoint(archive, checkpoint, parts, fingerprint).catch((failure: unknown) => {
          // The collection's own error is thrown just below, and it is the one the caller must see;
          // a checkpoint not saved only means the retry fetches again what this attempt had.
          warnContinuing(
            this.#deps,
            'could not save the collection checkpoint; a retry fetches again',
            failure,
          );
        });
      }
      if (error instanceof CollectionAbortedError) {
        logger?.warn('stopped before the end; the retry resumes from the checkpoint', {
          done: error.done,
          total: error.total,
        });
      }
      throw error;
    }
  }

  /** Whether this run may write the report's history: not a dry run, an override or a custom range. */
  get #writesHistory(): boolean {
    const { variant, period } = this.#plan;
    return !variant.dryRun && variant.override === undefined && period.kind !== 'custom';
  }

  /**
   * Each scope's trend: the past periods from the history, the missing ones filled from getStat and
   * recorded. A history that cannot be read or a fill that fails leaves gaps and a warning: the trend
   * is context, the report is the period's own figures, which must still go out.
   */
  async #trends(scopes: readonly (TrendScope & { figures: Record<string, number | null> })[]) {
    const { report, period, fingerprint } = this.#plan;
    const windows = trendWindows(period, report.trendPeriods);
    const trends = new Map<string, PeriodTrend>();
    if (windows.length === 0) return trends;
    const deps = {
      archive: this.#deps.archive,
      clock: this.#deps.clock,
      report,
      fingerprint,
      api: () => {
        this.#stats ??= this.#deps.openStats(report);
        return this.#stats.api;
      },
      write: this.#writesHistory,
      ...(this.#deps.signal ? { signal: this.#deps.signal } : {}),
    };
    const past = windows.slice(0, -1);
    const callsBefore = this.#stats?.calls() ?? 0;
    let records: HistoryRecords = new Map();
    try {
      ({ records } = await readHistoryRecords(deps, past, scopes));
      await fillMissing(deps, past, scopes, records);
    } catch (error) {
      if (this.#deps.signal?.aborted) throw error;
      // What was read and filled before the failure stays; the rest are gaps.
      warnContinuing(
        this.#deps,
        "could not read or fill the trend's history; its missing periods show as gaps",
        error,
      );
    } finally {
      this.#fillCalls = (this.#stats?.calls() ?? 0) - callsBefore;
      if (this.#fillCalls > 0) this.#manifest.apiCalls(this.#collectedCalls + this.#fillCalls);
    }
    for (const { scope, figures } of scopes)
      trends.set(scope, trendOf(windows, records.get(scope), figures) as PeriodTrend);
    return trends;
  }

  /** This period's record in each scope's history: a rerun rewrites the same one. */
  async #recordHistory(scopes: readonly (TrendScope & { figures: Record<string, number | null> })[]) {
    const { report, period, fingerprint } = this.#plan;
    if (!this.#writesHistory || period.kind === 'custom') return;
    for (const { scope, scopeName, figures } of scopes) {
      const record = historyRecord({
        reportId: report.id,
        scope,
        scopeName,
        period: { ...period, kind: period.kind },
        source: 'report',
        fingerprint,
        recordedAt: new Date(this.#deps.clock.now()),
        figures,
      });
      const key = await writeHistory(this.#deps.archive, record);
      this.#archived.push(key);
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

  /**
   * Every outstanding message is tried; one failed recipient does not stop the others. A lost lease
   * or a stop request ends the loop: another attempt, or the next one, sends the rest.
   */
  async #send(
    lease: RunLease,
    outstanding: readonly Delivery[],
    rendered: ReadonlyMap<string, RenderedSlice>,
    snapshot: RawSnapshot,
  ): Promise<string[]> {
    const { ledger, signal, logger } = this.#deps;
    const sent: string[] = [];
    const failures: unknown[] = [];
    for (const delivery of outstanding) {
      if (signal?.aborted) {
        failures.push(signal.reason ?? new Error('stopped before every message was sent'));
        break;
      }
      const slice = rendered.get(delivery.sliceSlug);
      if (!slice) throw new Error(`no rendered slice "${delivery.sliceSlug}" for a planned delivery`);
      try {
        await lease.assertHeld();
        if (!this.#request.force && (await ledger.wasSending(delivery.runKey))) {
          logger?.warn(
            'an earlier attempt stopped while handing this message over; it is sent again and may arrive twice',
            { slice: delivery.sliceSlug },
          );
        }
        await ledger.markSending(delivery.runKey, lease.holder.owner);
        const messageId = await this.#sendOne(delivery, slice, snapshot);
        sent.push(messageId);
      } catch (error) {
        failures.push(error);
        logger?.error('sending a message failed', { slice: delivery.sliceSlug, error: messageOf(error) });
        if (error instanceof LeaseLostError) break;
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

  async #sendOne(delivery: Delivery, slice: RenderedSlice, snapshot: RawSnapshot): Promise<string> {
    const { report, period, keys } = this.#plan;
    const { ledger, mailer, config, clock } = this.#deps;
    const recipient = recipientSha256(delivery.mailbox);
    const email = await composeReportEmail({
      settings: config.email,
      to: [delivery.mailbox],
      report,
      subject: subjectFor(report.title, period, delivery.slice?.name, {
        simulated: snapshot.simulated === true,
        ...(report.sendWhen === 'targetMissed' && slice.alert ? { alert: slice.alert } : {}),
      }),
      body: { text: slice.text, html: slice.html.content },
      bodyWithoutAttachment: slice.withoutAttachment,
      workbook: { fileName: slice.workbook.fileName, content: slice.workbook.content },
      maxMessageBytes: mailer.maxMessageBytes,
      date: new Date(clock.now()),
    });
    const { messageId } = await mailer.send({
      ...email,
      tags: {
        [DELIVERY_TAG.reportId]: report.id,
        [DELIVERY_TAG.runFolder]: encodeRunFolder(keys.folder),
        [DELIVERY_TAG.recipient]: recipient,
      },
    });
    this.#manifest.message({
      messageId,
      slice: delivery.sliceSlug,
      recipients: 1,
      recipient,
      attached: email.attached,
    });
    await ledger.complete({
      runKey: delivery.runKey,
      deliveredAt: new Date(clock.now()).toISOString(),
      messageIds: [messageId],
      archiveKeys: [slice.workbook.key, slice.html.key],
    });
    return messageId;
  }

  async #fail(error: unknown): Promise<Error> {
    if (error instanceof RunInputError) return error;
    const step = this.#step;
    this.#manifest.fail(manifestStep(step), error);
    await this.#saveManifest().catch((failure: unknown) => {
      // The step's own failure is what the caller must see (the RunStepError below). The manifest
      // keeps what was last saved, which does not say the run was sent, so the retry and the
      // missed-run watchdog still treat the run as unfinished.
      warnContinuing(this.#deps, 'could not record the failure in the manifest', failure);
    });
    return new RunStepError(step, this.#location, { cause: error });
  }
}

/**
 * The run's own archived snapshot, else (for a dry run or an override) the configured delivery's:
 * the same period and definition give the same data. One collected for another definition is not used.
 */
export async function archivedSnapshotOf(
  archive: ArchiveStore,
  plan: RunPlan,
): Promise<{ readonly snapshot: RawSnapshot; readonly key: string } | null> {
  const { report, period, keys, fingerprint } = plan;
  const expect = { reportId: report.id, from: period.from, to: period.to, fingerprint };
  const candidates = new Set([keys.raw, `${keys.periodFolder}${RAW_FILE}`]);
  for (const key of candidates) {
    const snapshot = await readSnapshot(archive, key, expect);
    if (snapshot) return { snapshot, key };
  }
  return null;
}

/**
 * An error the run decides to continue past is still reported, at warning: through the run's logger,
 * or without one on the console (stderr), never dropped. Each caller says why continuing is right.
 */
function warnContinuing(deps: Pick<RunDependencies, 'logger'>, message: string, error: unknown): void {
  const details = { error: messageOf(error) };
  if (deps.logger) deps.logger.warn(message, details);
  else console.warn(message, details);
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
