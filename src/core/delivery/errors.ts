/**
 * Errors of the delivery adapters. Catch `DeliveryError` for any of them, or a subclass narrowly.
 * Messages name keys and recipients, never credentials.
 */
class DeliveryError extends Error {
  override readonly name: string = 'DeliveryError';
}

/** A key that would escape the archive root or is not a plain relative path. */
export class ArchiveKeyError extends DeliveryError {
  override readonly name = 'ArchiveKeyError';
  readonly key: string;
  constructor(key: string) {
    super(`archive key "${key}" must be a relative path without empty, "." or ".." segments`);
    this.key = key;
  }
}

export class ArchiveError extends DeliveryError {
  override readonly name = 'ArchiveError';
  readonly key: string;
  constructor(message: string, key: string, options?: ErrorOptions) {
    super(message, options);
    this.key = key;
  }
}

/** A header value with a line break: it would let the value add headers of its own. */
export class HeaderInjectionError extends DeliveryError {
  override readonly name = 'HeaderInjectionError';
  readonly field: string;
  constructor(field: string) {
    super(`email ${field} must not contain line breaks (header injection)`);
    this.field = field;
  }
}

/** Still over the mailer's size limit after the workbook was left out. */
export class MessageTooLargeError extends DeliveryError {
  override readonly name = 'MessageTooLargeError';
  readonly bytes: number;
  readonly maxBytes: number;
  constructor(bytes: number, maxBytes: number) {
    super(`email is ${bytes} bytes without its attachment, over the mailer's limit of ${maxBytes}`);
    this.bytes = bytes;
    this.maxBytes = maxBytes;
  }
}

export class MailerError extends DeliveryError {
  override readonly name = 'MailerError';
  /** True when sending again cannot help (rejected message, unverified sender, paused account). */
  readonly permanent: boolean;
  readonly recipients: readonly string[];
  /** The provider's error name, e.g. `MessageRejected`. */
  readonly code: string | undefined;
  constructor(
    message: string,
    details: { permanent: boolean; recipients: readonly string[]; code?: string | undefined },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.permanent = details.permanent;
    this.recipients = details.recipients;
    this.code = details.code;
  }
}

export class LedgerError extends DeliveryError {
  override readonly name = 'LedgerError';
  readonly runKey: string;
  constructor(message: string, runKey: string, options?: ErrorOptions) {
    super(message, options);
    this.runKey = runKey;
  }
}
