import * as z from 'zod';
import { REPORT_ID_PATTERN } from '../report/config.ts';
import { type ArchiveStore, DELIVERY_TAG } from '../report/ports.ts';
import { archiveObjectFor } from './archive-object.ts';
import { assertSafeKey, REPORTS_ROOT, reportFolder, slug } from './layout.ts';
import { type Manifest, type ManifestStep, recipientSha256 } from './manifest.ts';
import { manifestKeysOf, readManifestsAt } from './publish-indexes.ts';

/**
 * What happened to each message after it was sent, from the mail service's own events (SES: send,
 * delivery, bounce, complaint, reject, delivery delay), kept beside the run they belong to:
 *
 *   <runFolder>deliveries/<messageId slug>/<event time>.<event type>.json
 *
 * One small object per event, holding no address: only the recipient's sha256 (as in the manifest) and
 * a short non-personal detail (bounce type, complaint feedback type, reject reason, delay type).
 */

const DELIVERIES_FOLDER = 'deliveries/';

const DELIVERY_EVENT_TYPES = ['Send', 'Delivery', 'Bounce', 'Complaint', 'Reject', 'DeliveryDelay'] as const;

/** The events that settle what became of a message, as the history shows them. */
const OUTCOMES = {
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complained',
  Reject: 'rejected',
} as const;
export type MessageOutcome = (typeof OUTCOMES)[keyof typeof OUTCOMES];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const timestamp = z.iso.datetime({ offset: true });
const reportId = z.string().regex(REPORT_ID_PATTERN);
const base64url = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/);
/** SES's own codes and phrases (`Permanent`, `General`, `abuse`, `Bad content`): never an address. */
const code = z
  .string()
  .regex(/^[A-Za-z0-9 _-]{1,60}$/)
  .optional()
  .catch(undefined);

/** The SES event record (an EventBridge event's `detail`, or an SNS message), only what is kept. */
const sesEventSchema = z.object({
  eventType: z.enum(DELIVERY_EVENT_TYPES),
  mail: z.object({
    messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
    timestamp,
    destination: z.array(z.string()).default([]),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z.object({ bounceType: code, bounceSubType: code, timestamp: timestamp.optional() }).optional(),
  complaint: z
    .object({ complaintFeedbackType: code, complaintSubType: code, timestamp: timestamp.optional() })
    .optional(),
  delivery: z.object({ timestamp: timestamp.optional() }).optional(),
  reject: z.object({ reason: code }).optional(),
  deliveryDelay: z.object({ delayType: code, timestamp: timestamp.optional() }).optional(),
});
type SesEvent = z.infer<typeof sesEventSchema>;

/** One stored event, as `recordDeliveryEvent` writes it. */
const deliveryEventRecordSchema = z.object({
  version: z.literal(1),
  eventType: z.enum(DELIVERY_EVENT_TYPES),
  messageId: z.string().min(1),
  timestamp,
  recipient: sha256Hex.optional(),
  detail: z.string().optional(),
  recordedAt: timestamp,
});
export type DeliveryEventRecord = z.infer<typeof deliveryEventRecordSchema>;

export interface DeliveryEvent {
  readonly reportId: string;
  /** `reports/<reportId>/…/`, the folder of the run's manifest. */
  readonly runFolder: string;
  readonly record: DeliveryEventRecord;
}

type ReadDeliveryEvent =
  | { readonly ok: true; readonly event: DeliveryEvent }
  | {
      readonly ok: false;
      /** Why, naming fields only: never a value, which could be an address. */
      readonly reason: string;
      readonly eventType?: string;
      readonly messageId?: string;
    };

export class DeliveryHistoryError extends Error {
  override readonly name = 'DeliveryHistoryError';
}

/** The `run-folder` tag's value: base64url, the only form SES tag values (letters, digits, `_`, `-`) allow. */
export function encodeRunFolder(folder: string): string {
  return Buffer.from(folder, 'utf8').toString('base64url');
}

/**
 * The run folder a `run-folder` tag names, or an error: only a safe key of a run under `reports/` of
 * the tagged report, so an event can never write outside a run's `deliveries/`.
 */
export function decodeRunFolder(value: string, forReport: string): string {
  if (!base64url.safeParse(value).success) throw new DeliveryHistoryError('run-folder: is not base64url');
  const folder = Buffer.from(value, 'base64url').toString('utf8');
  if (encodeRunFolder(folder) !== value) throw new DeliveryHistoryError('run-folder: is not base64url');
  const runOfReport = new RegExp(
    `^${reportFolder(forReport)}(daily|weekly|monthly|custom)/\\d{4}/[^/]+/([^/]+/)*$`,
  );
  try {
    assertSafeKey(folder.slice(0, -1));
  } catch (error) {
    throw new DeliveryHistoryError('run-folder: is not a safe archive key', { cause: error });
  }
  if (!runOfReport.test(folder) || folder.includes(`/${DELIVERIES_FOLDER}`)) {
    throw new DeliveryHistoryError(`run-folder: is not a run folder of report ${forReport}`);
  }
  return folder;
}

/** Reads one SES event; an event without the report tags, or with unsafe ones, is not readable. */
export function readDeliveryEvent(detail: unknown, recordedAt: Date): ReadDeliveryEvent {
  const parsed = sesEventSchema.safeParse(detail);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(event)'))];
    return {
      ok: false,
      reason: `not an SES event this function records: ${fields.join(', ')}`,
      ...peek(detail),
    };
  }
  const event = parsed.data;
  const known = { eventType: event.eventType, messageId: event.mail.messageId };
  const tag = (name: string) => event.mail.tags[name]?.[0];
  const id = reportId.safeParse(tag(DELIVERY_TAG.reportId));
  const folderTag = tag(DELIVERY_TAG.runFolder);
  if (!id.success || folderTag === undefined) {
    return { ok: false, reason: `no ${DELIVERY_TAG.reportId} and ${DELIVERY_TAG.runFolder} tags`, ...known };
  }
  try {
    const runFolder = decodeRunFolder(folderTag, id.data);
    return { ok: true, event: { reportId: id.data, runFolder, record: recordOf(event, recordedAt) } };
  } catch (error) {
    return { ok: false, reason: (error as Error).message, ...known };
  }
}

function peek(detail: unknown): { eventType?: string; messageId?: string } {
  const loose = z
    .object({
      eventType: z.string().max(40).optional().catch(undefined),
      mail: z
        .object({ messageId: z.string().max(200).optional().catch(undefined) })
        .optional()
        .catch(undefined),
    })
    .safeParse(detail);
  if (!loose.success) return {};
  const { eventType, mail } = loose.data;
  return {
    ...(eventType === undefined ? {} : { eventType }),
    ...(mail?.messageId === undefined ? {} : { messageId: mail.messageId }),
  };
}

function recordOf(event: SesEvent, recordedAt: Date): DeliveryEventRecord {
  const recipient = recipientOf(event);
  const detail = detailOf(event);
  return {
    version: 1,
    eventType: event.eventType,
    messageId: event.mail.messageId,
    timestamp: eventTime(event),
    ...(recipient === undefined ? {} : { recipient }),
    ...(detail === undefined ? {} : { detail }),
    recordedAt: recordedAt.toISOString(),
  };
}

/** The tag the sender set; else the single envelope recipient, hashed (never kept as an address). */
function recipientOf(event: SesEvent): string | undefined {
  const tagged = sha256Hex.safeParse(event.mail.tags[DELIVERY_TAG.recipient]?.[0]);
  if (tagged.success) return tagged.data;
  const [only, ...others] = event.mail.destination;
  return only !== undefined && others.length === 0 ? recipientSha256(only) : undefined;
}

function detailOf(event: SesEvent): string | undefined {
  const parts = (...values: Array<string | null | undefined>) => {
    const present = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
    return present.length > 0 ? present.join('/') : undefined;
  };
  switch (event.eventType) {
    case 'Bounce':
      return parts(event.bounce?.bounceType, event.bounce?.bounceSubType);
    case 'Complaint':
      return parts(event.complaint?.complaintFeedbackType, event.complaint?.complaintSubType);
    case 'Reject':
      return parts(event.reject?.reason);
    case 'DeliveryDelay':
      return parts(event.deliveryDelay?.delayType);
    default:
      return undefined;
  }
}

/** When it happened: the event's own time where SES gives one, else when the message was sent. */
function eventTime(event: SesEvent): string {
  const own =
    event.bounce?.timestamp ??
    event.complaint?.timestamp ??
    event.delivery?.timestamp ??
    event.deliveryDelay?.timestamp;
  return new Date(own ?? event.mail.timestamp).toISOString();
}

/** `20251117T010005.123Z`: sorts by time, and holds no `:` (a file name on every system). */
function keyTime(iso: string): string {
  return iso.replace(/[-:]/g, '');
}

function deliveryEventKey(event: DeliveryEvent): string {
  const { record } = event;
  const file = `${keyTime(record.timestamp)}.${record.eventType.toLowerCase()}.json`;
  return `${event.runFolder}${DELIVERIES_FOLDER}${slug(record.messageId, 200)}/${file}`;
}

/** Writes the event beside its run; a duplicate delivery of the same event writes the same key. */
export async function recordDeliveryEvent(store: ArchiveStore, event: DeliveryEvent): Promise<string> {
  const key = deliveryEventKey(event);
  await store.put(key, archiveObjectFor(key, `${JSON.stringify(event.record, null, 2)}\n`));
  return key;
}

const EVENT_KEY = new RegExp(`^(.*/)${DELIVERIES_FOLDER}[^/]+/[^/]+\\.json$`);

/** The run folder an event key belongs to, or null when the key is not an event's. */
export function runFolderOfEventKey(key: string): string | null {
  return EVENT_KEY.exec(key)?.[1] ?? null;
}

const READ_CONCURRENCY = 8;

async function readEventsAt(store: ArchiveStore, keys: readonly string[]): Promise<DeliveryEventRecord[]> {
  const records: DeliveryEventRecord[] = [];
  for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
    const batch = await Promise.all(keys.slice(i, i + READ_CONCURRENCY).map((key) => store.get(key)));
    for (const bytes of batch) {
      const record = bytes ? parseRecord(bytes) : null;
      if (record) records.push(record);
    }
  }
  return records;
}

function parseRecord(bytes: Uint8Array): DeliveryEventRecord | null {
  try {
    const result = deliveryEventRecordSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** The events recorded for one run folder, oldest first; unreadable objects are left out. */
export async function readDeliveryEvents(
  store: ArchiveStore,
  runFolder: string,
): Promise<DeliveryEventRecord[]> {
  const keys = (await store.list(`${runFolder}${DELIVERIES_FOLDER}`))
    .map((entry) => entry.key)
    .filter((key) => runFolderOfEventKey(key) === runFolder);
  return byTime(await readEventsAt(store, keys));
}

function byTime(records: DeliveryEventRecord[]): DeliveryEventRecord[] {
  return records.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

export interface RunHistory {
  readonly folder: string;
  readonly manifest: Manifest;
  /** Oldest first. */
  readonly events: readonly DeliveryEventRecord[];
}

/** Every run of one report (or of all), with its delivery events, from one listing of the archive. */
export async function readRunHistories(store: ArchiveStore, reportId?: string): Promise<RunHistory[]> {
  const keys = (await store.list(reportId === undefined ? REPORTS_ROOT : reportFolder(reportId))).map(
    (entry) => entry.key,
  );
  const manifests = await readManifestsAt(store, manifestKeysOf(keys));
  const eventKeys = new Map<string, string[]>();
  for (const key of keys) {
    const folder = runFolderOfEventKey(key);
    if (folder !== null) eventKeys.set(folder, [...(eventKeys.get(folder) ?? []), key]);
  }
  return Promise.all(
    manifests.map(async ({ key, manifest }) => {
      const folder = key.slice(0, key.lastIndexOf('/') + 1);
      return { folder, manifest, events: byTime(await readEventsAt(store, eventKeys.get(folder) ?? [])) };
    }),
  );
}

type RunStatus =
  | 'delivered'
  | 'dry run'
  | 'recipients override'
  | 'skipped empty'
  | 'targets met, not sent'
  | 'incomplete'
  | `failed at ${ManifestStep}`;

/** How far a run got, as the history names it; `incomplete` is a run still going, or one that was killed. */
export function runStatus(manifest: Manifest): RunStatus {
  if (manifest.error) return `failed at ${manifest.error.step}`;
  if (manifest.dryRun) return 'dry run';
  if (manifest.skipped === 'empty') return 'skipped empty';
  if (manifest.skipped === 'targetsMet') return 'targets met, not sent';
  if (manifest.steps.sent !== 'done') return 'incomplete';
  return manifest.recipientsOverride ? 'recipients override' : 'delivered';
}

export interface MessageState {
  readonly outcome: MessageOutcome;
  readonly at: string;
  readonly detail?: string;
}

/** The latest of delivered, bounced, complained and rejected for one message, or null for none yet. */
export function messageState(events: readonly DeliveryEventRecord[], messageId: string): MessageState | null {
  const settled = events
    .filter((event) => event.messageId === messageId && event.eventType in OUTCOMES)
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const latest = settled.at(-1);
  if (!latest) return null;
  return {
    outcome: OUTCOMES[latest.eventType as keyof typeof OUTCOMES],
    at: latest.timestamp,
    ...(latest.detail === undefined ? {} : { detail: latest.detail }),
  };
}

/** When SES accepted the message (its Send event), if it was recorded. */
export function sentAt(events: readonly DeliveryEventRecord[], messageId: string): string | undefined {
  return events.find((event) => event.messageId === messageId && event.eventType === 'Send')?.timestamp;
}
