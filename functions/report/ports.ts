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
}

/** A finished MIME message (built with nodemailer's MailComposer) and its envelope. */
export interface OutgoingEmail {
  readonly raw: Uint8Array;
  readonly from: string;
  /** Every envelope recipient: to, cc and bcc. */
  readonly recipients: readonly string[];
  readonly subject: string;
}

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

/**
 * Remembers which run keys were delivered, so a duplicated schedule sends nothing. `claim` is atomic
 * (S3 `If-None-Match: *`): exactly one of two concurrent callers gets 'claimed'.
 */
export interface DeliveryLedger {
  claim(runKey: string, owner: string): Promise<'claimed' | 'delivered' | 'in-progress'>;
  complete(record: DeliveryRecord): Promise<void>;
  release(runKey: string, owner: string): Promise<void>;
  find(runKey: string): Promise<DeliveryRecord | null>;
}
