/**
 * Secondary ports of the report use case. Each has a real adapter (S3, SES) and a local one
 * (filesystem, outbox); the use case sees only these interfaces.
 */

export interface ArchiveObject {
  readonly body: Uint8Array | string;
  readonly contentType: string;
  /** Set so a browser download keeps the file name. */
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface ArchiveEntry {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface ArchiveStore {
  put(key: string, object: ArchiveObject): Promise<void>;
  /** Writes only when nothing is at `key` yet; false when something already was. */
  putIfAbsent(key: string, object: ArchiveObject): Promise<boolean>;
  get(key: string): Promise<Uint8Array | null>;
  list(prefix: string): Promise<ArchiveEntry[]>;
  /** Where a person finds the object: `s3://bucket/key` or a file path. */
  locate(key: string): string;
  /**
   * A web page where staff with access open a folder (`reports/…/2026-W48`, no trailing slash): the
   * S3 console for S3. Null where there is none: a mail client cannot open a `file://` link to a local
   * folder (or opens it on the reader's own machine), so the email names the path instead.
   */
  browseUrl(folder: string): string | null;
}

/** A finished MIME message (built with nodemailer's MailComposer) and its envelope. */
export interface OutgoingEmail {
  readonly raw: Uint8Array;
  readonly from: string;
  /** Every envelope recipient: to, cc and bcc. */
  readonly recipients: readonly string[];
  readonly subject: string;
  /**
   * Labels the mail service returns with its delivery events (SES EmailTags), so a bounce finds its
   * run: see DELIVERY_TAG. Values hold only ASCII letters, digits, `_` and `-`.
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The tags every report message carries (SES allows letters, digits, `_` and `-` in values). */
export const DELIVERY_TAG = {
  reportId: 'report-id',
  /** The run folder (`reports/<id>/…/`), base64url, so the event lands in that run's history. */
  runFolder: 'run-folder',
  /** sha256 of the lowercased address, as in the manifest. */
  recipient: 'recipient',
} as const;

export interface SentEmail {
  readonly messageId: string;
}

export interface Mailer {
  /** SES v2 allows 40 MB per raw message; the outbox has no limit but reports the same. */
  readonly maxMessageBytes: number;
  send(email: OutgoingEmail): Promise<SentEmail>;
}

export interface DeliveryRecord {
  readonly runKey: string;
  readonly deliveredAt: string;
  readonly messageIds: readonly string[];
  readonly archiveKeys: readonly string[];
}

/** Who holds a run's lease: enough for a person to find the attempt, and for its own host to see it is gone. */
export interface LeaseHolder {
  readonly owner: string;
  /** `os.hostname()` locally; the Lambda sandbox (log stream) in AWS. */
  readonly host: string;
  readonly pid: number;
  readonly expiresAt: string;
}

export type LeaseAcquisition =
  | { readonly status: 'acquired'; readonly lease: RunLease }
  | { readonly status: 'held'; readonly holder: LeaseHolder };

/** One attempt's hold on a run. It lapses unless renewed, so a dead owner blocks nobody for long. */
export interface RunLease {
  readonly holder: LeaseHolder;
  /** How often the owner must renew it: well inside its lifetime. */
  readonly renewEveryMs: number;
  /** Extends the lease; false when it is no longer this attempt's (taken over or released). */
  renew(): Promise<boolean>;
  /** Throws LeaseLostError unless the lease is still this attempt's and live; checked before each send. */
  assertHeld(): Promise<void>;
  /** Gives the run up so the next attempt may start at once. */
  release(): Promise<void>;
}

/**
 * What was delivered, and who may deliver the rest. One attempt at a time holds a run's lease
 * (`acquire` is atomic: S3 `If-None-Match: *`); each message has a delivery record once sent.
 */
export interface DeliveryLedger {
  acquire(runKey: string): Promise<LeaseAcquisition>;
  find(messageKey: string): Promise<DeliveryRecord | null>;
  /**
   * Notes that a message is about to go to the mail service. Found later without a delivery record,
   * it marks the one window where a message may have gone out unrecorded.
   */
  markSending(messageKey: string, owner: string): Promise<void>;
  wasSending(messageKey: string): Promise<boolean>;
  complete(record: DeliveryRecord): Promise<void>;
}

/** The run's lease lapsed or was taken over: this attempt must stop sending, another one owns the run. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  readonly runKey: string;
  constructor(runKey: string) {
    super(`the lease on ${runKey} is no longer this attempt's; another attempt continues the run`);
    this.runKey = runKey;
  }
}
