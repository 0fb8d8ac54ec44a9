import {
  LimitExceededException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SES_MAX_MESSAGE_BYTES, SesMailer } from '../../../src/adapters/mail/ses.ts';
import { MailerError } from '../../../src/core/delivery/errors.ts';
import { DELIVERY_TAG, type OutgoingEmail } from '../../../src/core/report/ports.ts';
import { fakeClock } from './helpers.ts';

const ses = mockClient(SESv2Client);

const email: OutgoingEmail = {
  raw: Buffer.from('From: reports@example.com\r\nSubject: x\r\n\r\nhello'),
  from: 'reports@example.com',
  recipients: ['supervisor.one@example.com', 'archive@example.com'],
  subject: 'x',
};

const throttled = () =>
  new TooManyRequestsException({ message: 'Too many requests', $metadata: { httpStatusCode: 429 } });

function mailer(clock = fakeClock()) {
  return new SesMailer({
    client: new SESv2Client({}),
    configurationSet: 'sobot-reports',
    clock,
    retry: { attempts: 4 },
  });
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

  it('waits out throttling with growing backoff on the injected clock, then sends', async () => {
    // Prepare
    const clock = fakeClock();
    ses
      .on(SendEmailCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(new LimitExceededException({ message: 'Maximum sending rate exceeded', $metadata: {} }))
      .resolves({ MessageId: 'ses-2' });

    // Act
    const sent = await mailer(clock).send(email);

    // Assess
    expect(sent.messageId).toBe('ses-2');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0] ?? Number.POSITIVE_INFINITY);
  });

  it('stops after the configured attempts with a non-permanent MailerError', async () => {
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
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
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
