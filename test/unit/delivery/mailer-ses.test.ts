import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SES_MAX_MESSAGE_BYTES, SesMailer, sesClient } from '../../../src/adapters/mail/ses.ts';
import { MailerError } from '../../../src/core/delivery/errors.ts';
import { DELIVERY_TAG, type OutgoingEmail } from '../../../src/core/report/ports.ts';

const ses = mockClient(SESv2Client);

const email: OutgoingEmail = {
  raw: Buffer.from('From: reports@example.com\r\nSubject: x\r\n\r\nhello'),
  from: 'reports@example.com',
  recipients: ['supervisor.one@example.com', 'archive@example.com'],
  subject: 'x',
};

const throttled = () =>
  new TooManyRequestsException({ message: 'Too many requests', $metadata: { httpStatusCode: 429 } });

/**
 * aws-sdk-client-mock answers `send` itself, so the SDK's retry middleware never runs here: these tests
 * show what the mailer sends and how it reads answers. The retries themselves are shown against a local
 * HTTP server (test/integration/delivery/aws-retries.integration.test.ts).
 */
function mailer(signal?: AbortSignal) {
  return new SesMailer({ client: new SESv2Client({}), configurationSet: 'sobot-reports', signal });
}

describe('Class: SesMailer', () => {
  beforeEach(() => {
    ses.reset();
  });

  it('sends the raw message with the envelope and configuration set', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    // Act
    const sent = await mailer().send(email);

    // Assess
    expect(sent).toEqual({ messageId: 'ses-1' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'reports@example.com',
      Destination: { ToAddresses: ['supervisor.one@example.com', 'archive@example.com'] },
      Content: { Raw: { Data: email.raw } },
      ConfigurationSetName: 'sobot-reports',
    });
  });

  it('passes the message tags as SES EmailTags, so delivery events name their run', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-3' });
    const tags = {
      [DELIVERY_TAG.reportId]: 'weekly-supervisors',
      [DELIVERY_TAG.runFolder]: 'cmVwb3J0cy93ZWVrbHktc3VwZXJ2aXNvcnMvd2Vla2x5LzIwMjYvMjAyNi1XNDcv',
      [DELIVERY_TAG.recipient]: 'a'.repeat(64),
    };

    // Act
    await mailer().send({ ...email, tags });

    // Assess
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.EmailTags).toEqual([
      { Name: 'report-id', Value: 'weekly-supervisors' },
      { Name: 'run-folder', Value: 'cmVwb3J0cy93ZWVrbHktc3VwZXJ2aXNvcnMvd2Vla2x5LzIwMjYvMjAyNi1XNDcv' },
      { Name: 'recipient', Value: 'a'.repeat(64) },
    ]);
  });

  it('sends no EmailTags when the message has none', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-4' });

    // Act
    await mailer().send({ ...email, tags: {} });

    // Assess
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).not.toHaveProperty('EmailTags');
  });

  it('reports the SES v2 raw size limit of 40 MB', () => {
    // Act & Assess
    expect(mailer().maxMessageBytes).toBe(SES_MAX_MESSAGE_BYTES);
    expect(SES_MAX_MESSAGE_BYTES).toBe(41_943_040);
  });

  it('sends a message once and leaves retrying to the SDK client, failing as not permanent', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(throttled());

    // Act
    const result = mailer().send(email);

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'MailerError',
      permanent: false,
      code: 'TooManyRequestsException',
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('hands the invocation’s signal to the SDK, so the deadline stops a send and its retries', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-5' });
    const { signal } = new AbortController();

    // Act
    await mailer(signal).send(email);

    // Assess
    // The SDK's send(command, options): the mock keeps both arguments.
    const [, options] = (ses.commandCalls(SendEmailCommand)[0]?.args ?? []) as [
      unknown,
      { abortSignal?: unknown }?,
    ];
    expect(options?.abortSignal).toBe(signal);
  });

  it('fails a rejected message at once as permanent, naming the recipients', async () => {
    // Prepare
    const rejection = new MessageRejected({
      message: 'Email address is not verified.',
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(SendEmailCommand).rejects(rejection);

    // Act
    const error = await mailer()
      .send(email)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(MailerError);
    expect(error).toMatchObject({
      permanent: true,
      code: 'MessageRejected',
      recipients: ['supervisor.one@example.com', 'archive@example.com'],
      cause: rejection,
    });
    expect((error as Error).message).toBe(
      'SES rejected the message to supervisor.one@example.com, archive@example.com: MessageRejected: Email address is not verified.',
    );
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('treats an unverified MAIL FROM domain as permanent', async () => {
    // Prepare
    const error = Object.assign(new Error('MAIL FROM domain not verified'), {
      name: 'MailFromDomainNotVerifiedException',
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(SendEmailCommand).rejects(error);

    // Act & Assess
    await expect(mailer().send(email)).rejects.toMatchObject({
      permanent: true,
      code: 'MailFromDomainNotVerifiedException',
    });
  });
});

describe('Function: sesClient', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('retries with the SDK standard strategy, four attempts in all, whatever the environment says', async () => {
    // Prepare
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');

    // Act
    const client = sesClient({ region: 'eu-west-1' });

    // Assess
    const strategy = (await client.config.retryStrategy()) as unknown as {
      readonly mode: string;
      maxAttempts(): Promise<number>;
    };
    expect(strategy.mode).toBe('standard');
    expect(await strategy.maxAttempts()).toBe(4);
  });
});
