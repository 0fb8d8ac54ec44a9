import { type MessageTag, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type Clock, systemClock } from '../../core/clock.ts';
import { MailerError } from '../../core/delivery/errors.ts';
import type { Mailer, OutgoingEmail, SentEmail } from '../../core/report/ports.ts';
import { DEFAULT_RETRY, isTransientAwsError, type RetryPolicy, withRetry } from '../aws/retry.ts';

/** SES v2 accepts raw messages up to 40 MB, headers and base64 included. */
export const SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/** Rejections that sending again cannot fix. */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'NotFoundException',
  'BadRequestException',
]);

export interface SesMailerOptions {
  readonly client: SESv2Client;
  /** SES configuration set, for event publishing (bounces, complaints, deliveries). */
  readonly configurationSet?: string | undefined;
  readonly clock?: Clock;
  /** Retries of throttling (`TooManyRequestsException`, `LimitExceededException`) and 5xx errors. */
  readonly retry?: Partial<RetryPolicy>;
  readonly signal?: AbortSignal;
}

export class SesMailer implements Mailer {
  readonly maxMessageBytes = SES_MAX_MESSAGE_BYTES;
  readonly #client: SESv2Client;
  readonly #configurationSet: string | undefined;
  readonly #clock: Clock;
  readonly #retry: RetryPolicy;
  readonly #signal: AbortSignal | undefined;

  constructor(options: SesMailerOptions) {
    this.#client = options.client;
    this.#configurationSet = options.configurationSet;
    this.#clock = options.clock ?? systemClock;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#signal = options.signal;
  }

  async send(email: OutgoingEmail): Promise<SentEmail> {
    // The raw message's headers are what recipients see; Destination is the envelope, which is how
    // Bcc recipients (absent from the headers) are reached.
    const command = new SendEmailCommand({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: [...email.recipients] },
      Content: { Raw: { Data: email.raw } },
      ...(this.#configurationSet ? { ConfigurationSetName: this.#configurationSet } : {}),
      ...emailTagsOf(email),
    });
    try {
      const output = await withRetry(() => this.#client.send(command), {
        policy: this.#retry,
        clock: this.#clock,
        signal: this.#signal,
        isRetryable: (error) => !PERMANENT.has((error as Error)?.name) && isTransientAwsError(error),
      });
      if (!output.MessageId) {
        throw new MailerError('SES returned no message id', {
          permanent: false,
          recipients: email.recipients,
        });
      }
      return { messageId: output.MessageId };
    } catch (error) {
      if (error instanceof MailerError) throw error;
      throw toMailerError(error, email.recipients);
    }
  }
}

/** SES returns these with every event of the message (through the configuration set), see DELIVERY_TAG. */
function emailTagsOf(email: OutgoingEmail): { EmailTags?: MessageTag[] } {
  const tags = Object.entries(email.tags ?? {}).map(([Name, Value]) => ({ Name, Value }));
  return tags.length === 0 ? {} : { EmailTags: tags };
}

function toMailerError(error: unknown, recipients: readonly string[]): MailerError {
  const code = error instanceof Error ? error.name : undefined;
  const permanent = code !== undefined && PERMANENT.has(code);
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const verb = permanent ? 'SES rejected the message' : 'SES could not send the message';
  return new MailerError(
    `${verb} to ${recipients.join(', ')}: ${reason}`,
    { permanent, recipients, code },
    { cause: error },
  );
}
