import {
  type MessageTag,
  SESv2Client,
  type SESv2ClientConfig,
  SendEmailCommand,
  type SendEmailCommandOutput,
} from '@aws-sdk/client-sesv2';
import { MailerError } from '../../core/delivery/errors.ts';
import type { Mailer, OutgoingEmail, SentEmail } from '../../core/report/ports.ts';
import { AWS_RETRY } from '../aws/sdk-retry.ts';

/** SES v2 accepts raw messages up to 40 MB, headers and base64 included. */
export const SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * The SES client the mailer is meant to run on: the SDK's standard retries (see AWS_RETRY), which wait
 * out throttling (`TooManyRequestsException`, `LimitExceededException`) and 5xx answers and never
 * repeat a rejection. `config` adds to or overrides the defaults (endpoint, region, tests).
 */
export function sesClient(config: SESv2ClientConfig = {}): SESv2Client {
  return new SESv2Client({ ...AWS_RETRY, ...config });
}

/** Rejections that sending again cannot fix. */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'NotFoundException',
  'BadRequestException',
]);

interface SesMailerOptions {
  readonly client: SESv2Client;
  /** SES configuration set, for event publishing (bounces, complaints, deliveries). */
  readonly configurationSet?: string | undefined;
  /** Stops a send and the SDK's retries of it, e.g. at the invocation's deadline. */
  readonly signal?: AbortSignal | undefined;
}

/** Sends through SES v2; retries are the client's (see `sesClient`), one `send` per message here. */
export class SesMailer implements Mailer {
  readonly maxMessageBytes = SES_MAX_MESSAGE_BYTES;
  readonly #client: SESv2Client;
  readonly #configurationSet: string | undefined;
  readonly #signal: AbortSignal | undefined;

  constructor(options: SesMailerOptions) {
    this.#client = options.client;
    this.#configurationSet = options.configurationSet;
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
    let output: SendEmailCommandOutput;
    try {
      output = await this.#client.send(command, this.#signal ? { abortSignal: this.#signal } : {});
    } catch (error) {
      throw toMailerError(error, email.recipients);
    }
    if (!output.MessageId) {
      throw new MailerError('SES returned no message id', { permanent: false, recipients: email.recipients });
    }
    return { messageId: output.MessageId };
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
