import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Clock, systemClock } from '../../core/clock.ts';
import { MailerError } from '../../core/delivery/errors.ts';
import { slug } from '../../core/delivery/layout.ts';
import type { Mailer, OutgoingEmail, SentEmail } from '../../core/report/ports.ts';
import { SES_MAX_MESSAGE_BYTES } from './ses.ts';

const SUBJECT_CHARS = 90;

interface OutboxMailerOptions {
  /** The outbox folder, e.g. `<out>/outbox`. */
  readonly dir: string;
  readonly clock?: Clock;
}

/**
 * The local stand-in for SES: each message becomes an `.eml` file any mail client opens, named
 * `<yyyyMMddTHHmmssZ>_<subject-slug>_<message-id>.eml` so `ls` sorts them by time.
 */
export class OutboxMailer implements Mailer {
  /** The same limit as SES, so a local run takes the same oversized-attachment path. */
  readonly maxMessageBytes = SES_MAX_MESSAGE_BYTES;
  readonly dir: string;
  readonly #clock: Clock;

  constructor(options: OutboxMailerOptions) {
    this.dir = resolve(options.dir);
    this.#clock = options.clock ?? systemClock;
  }

  async send(email: OutgoingEmail): Promise<SentEmail> {
    const messageId = messageIdOf(email.raw) ?? `${randomUUID()}@outbox`;
    const stamp = new Date(this.#clock.now())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    // Long enough for a prefixed subject to keep its slice and dates, so `ls` tells the messages apart.
    const file = join(this.dir, `${stamp}_${slug(email.subject, SUBJECT_CHARS)}_${slug(messageId)}.eml`);
    const temp = `${file}.${randomUUID()}.partial`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, email.raw, { flag: 'wx' });
      await rename(temp, file);
    } catch (cause) {
      throw new MailerError(
        `cannot write ${file} for ${email.recipients.join(', ')}`,
        { permanent: false, recipients: email.recipients },
        { cause },
      );
    }
    return { messageId };
  }
}

/** The `Message-ID` MailComposer wrote, without its angle brackets. */
function messageIdOf(raw: Uint8Array): string | undefined {
  const text = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 64 * 1024)).toString(
    'latin1',
  );
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headers = headerEnd === -1 ? text : text.slice(0, headerEnd);
  return /^Message-ID:\s*<([^>\r\n]+)>/im.exec(headers)?.[1];
}
