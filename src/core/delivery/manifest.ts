import { createHash } from 'node:crypto';
import * as z from 'zod';
import { addressOf } from '../report/config.ts';
import { type DataQuality, describeUnread } from '../report/data-quality.ts';
import type { ArchiveObject } from '../report/ports.ts';
import type { PeriodWindow } from '../report/snapshot.ts';
import { byteLength } from './archive-object.ts';
import { fileNameOf } from './layout.ts';

/**
 * `manifest.json`, one per run folder: what was collected, which files were archived (with hashes),
 * who received it (hashed addresses only) and how far the run got, so a failed run shows its last step.
 */

const MANIFEST_STEPS = ['collected', 'rendered', 'archived', 'sent'] as const;
export type ManifestStep = (typeof MANIFEST_STEPS)[number];

const stepStatus = z.enum(['pending', 'done', 'skipped', 'failed']);
type StepStatus = z.infer<typeof stepStatus>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const manifestSchema = z.object({
  version: z.literal(1),
  reportId: z.string().min(1),
  title: z.string().optional(),
  runKey: z.string().min(1),
  period: z.object({
    kind: z.enum(['daily', 'weekly', 'monthly', 'custom']),
    label: z.string().min(1),
    from: date,
    to: date,
    start: z.string(),
    end: z.string(),
    days: z.number().int().positive(),
  }),
  timezone: z.string().min(1),
  generatedAt: z.iso.datetime({ offset: true }),
  apiCalls: z.number().int().nonnegative(),
  dryRun: z.boolean(),
  /** Sent to `--recipients` instead of the configured ones: not the scheduled delivery. */
  recipientsOverride: z.boolean().optional(),
  /**
   * Why nothing was sent although the run finished: an empty period with skipIfEmpty, or an alert
   * (`sendWhen: "targetMissed"`) whose every slice met its targets.
   */
  skipped: z.enum(['empty', 'targetsMet']).optional(),
  /** An alert's slices not sent because their own figures met every target. */
  targetsMet: z.array(z.string()).optional(),
  recipients: z.object({
    count: z.number().int().nonnegative(),
    /** sha256 of each lowercased address: shows who received it to someone who already knows the address. */
    sha256: z.array(sha256Hex),
  }),
  files: z.array(
    z.object({
      key: z.string().min(1),
      name: z.string().min(1),
      /** Set on a routed supervisor's slice. */
      slice: z.string().optional(),
      contentType: z.string().min(1),
      size: z.number().int().nonnegative(),
      sha256: sha256Hex,
    }),
  ),
  messages: z.array(
    z.object({
      messageId: z.string().min(1),
      slice: z.string().optional(),
      recipients: z.number().int().nonnegative(),
      /** sha256 of the lowercased address this message went to (one recipient per message). */
      recipient: sha256Hex.optional(),
      attached: z.boolean(),
    }),
  ),
  steps: z.object({
    collected: stepStatus,
    rendered: stepStatus,
    archived: stepStatus,
    sent: stepStatus,
  }),
  error: z.object({ step: z.enum(MANIFEST_STEPS), name: z.string(), message: z.string() }).optional(),
  /** What the collection could not read; absent when it read everything. */
  dataQuality: z
    .object({
      /** Every unread value, each occurrence counted. */
      unreadValues: z.number().int().nonnegative(),
      /** The first distinct ones: `getStat.avg_first_response_time ("n/a")`. */
      unread: z.array(z.string()),
      /** `getStat.human_consult (0 of 120 rows)`: fields the report depends on that no row carried. */
      missingFields: z.array(z.string()),
    })
    .optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
type ManifestFile = Manifest['files'][number];
type ManifestMessage = Manifest['messages'][number];

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The lowercased bare address (display name dropped), hashed: how the manifest names a recipient. */
export function recipientSha256(mailbox: string): string {
  return sha256(addressOf(mailbox).toLowerCase());
}

/** Every recipient's hash, deduplicated and sorted. */
export function hashRecipients(mailboxes: readonly string[]): string[] {
  return [...new Set(mailboxes.map(recipientSha256))].sort();
}

interface ManifestStart {
  readonly reportId: string;
  readonly title?: string;
  readonly runKey: string;
  readonly period: PeriodWindow;
  readonly generatedAt: Date;
  readonly dryRun?: boolean;
  readonly recipientsOverride?: boolean;
  /** Every address the run sends to (to, cc, bcc, routes), raw; only hashes are kept. */
  readonly recipients?: readonly string[];
}

/**
 * Accumulates a manifest as the run goes; `build()` validates and returns a snapshot that can be
 * archived at any point (after each step, or in a `catch` to record the failure).
 */
export class ManifestBuilder {
  #manifest: Manifest;

  constructor(start: ManifestStart) {
    const { period } = start;
    const recipients = start.recipients ?? [];
    this.#manifest = {
      version: 1,
      reportId: start.reportId,
      ...(start.title === undefined ? {} : { title: start.title }),
      runKey: start.runKey,
      period: {
        kind: period.kind,
        label: period.label,
        from: period.from,
        to: period.to,
        start: period.start,
        end: period.end,
        days: period.days,
      },
      timezone: period.timezone,
      generatedAt: start.generatedAt.toISOString(),
      apiCalls: 0,
      dryRun: start.dryRun ?? false,
      ...(start.recipientsOverride ? { recipientsOverride: true } : {}),
      recipients: { count: hashRecipients(recipients).length, sha256: hashRecipients(recipients) },
      files: [],
      messages: [],
      steps: { collected: 'pending', rendered: 'pending', archived: 'pending', sent: 'pending' },
    };
  }

  apiCalls(count: number): this {
    this.#manifest = { ...this.#manifest, apiCalls: count };
    return this;
  }

  /** Notes what the snapshot could not read; nothing when it read everything. */
  dataQuality(quality: DataQuality | undefined): this {
    if (!quality || (quality.unreadCount === 0 && quality.missing.length === 0)) return this;
    const dataQuality = {
      unreadValues: quality.unreadCount,
      unread: quality.unread.map(describeUnread),
      missingFields: quality.missing.map((m) => `${m.endpoint}.${m.field} (0 of ${m.rows} rows)`),
    };
    this.#manifest = { ...this.#manifest, dataQuality };
    return this;
  }

  step(step: ManifestStep, status: StepStatus): this {
    this.#manifest = { ...this.#manifest, steps: { ...this.#manifest.steps, [step]: status } };
    return this;
  }

  /** Records an archived file; a second call for the same key replaces the first. */
  file(key: string, object: ArchiveObject, slice?: string): this {
    const entry: ManifestFile = {
      key,
      name: fileNameOf(key),
      ...(slice === undefined ? {} : { slice }),
      contentType: object.contentType,
      size: byteLength(object.body),
      sha256: sha256(object.body),
    };
    const files = [...this.#manifest.files.filter((f) => f.key !== key), entry];
    this.#manifest = { ...this.#manifest, files };
    return this;
  }

  message(message: ManifestMessage): this {
    this.#manifest = { ...this.#manifest, messages: [...this.#manifest.messages, message] };
    return this;
  }

  /** The run finished without sending, on purpose. */
  skipped(reason: NonNullable<Manifest['skipped']>): this {
    this.step('sent', 'skipped');
    this.#manifest = { ...this.#manifest, skipped: reason };
    return this;
  }

  /** An alert's slices that met every target, and so were not sent. */
  targetsMet(slices: readonly string[]): this {
    this.#manifest = { ...this.#manifest, targetsMet: [...slices] };
    return this;
  }

  /** Marks `step` failed and keeps the error's name and message (never its properties). */
  fail(step: ManifestStep, error: unknown): this {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    this.step(step, 'failed');
    this.#manifest = { ...this.#manifest, error: { step, name, message } };
    return this;
  }

  build(): Manifest {
    return manifestSchema.parse(this.#manifest);
  }
}

/** The manifest of a run whose every message the ledger records as delivered. */
export function delivered(manifest: Manifest): Manifest {
  const { error: _, ...rest } = manifest;
  return { ...rest, steps: { collected: 'done', rendered: 'done', archived: 'done', sent: 'done' } };
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Null when the bytes are not a manifest this version understands. */
export function parseManifest(bytes: Uint8Array | string): Manifest | null {
  try {
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
    const result = manifestSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
