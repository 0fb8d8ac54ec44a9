import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../src/adapters/mail/ses.ts';
import { XLSX_CONTENT_TYPE } from '../../../src/core/delivery/archive-object.ts';
import { composeReportEmail, type ReportEmailInput } from '../../../src/core/delivery/compose.ts';
import { subjectFor } from '../../../src/core/delivery/subject.ts';
import { DELIVERY_TAG, type SentEmail } from '../../../src/core/report/ports.ts';
import { type SesEmulator, startSesEmulator } from '../../support/emulators.ts';
import { weekW45 } from '../../unit/delivery/helpers.ts';

const SETTINGS = {
  from: 'Sobot Reports <reports@example.com>',
  replyTo: 'cs-ops@example.com',
  configurationSet: 'sobot-reports',
};

function reportEmail(overrides: Partial<ReportEmailInput>): ReportEmailInput {
  return {
    settings: SETTINGS,
    report: { id: 'weekly', title: 'Weekly live-chat report' },
    to: ['Head of Service <head-of-service@example.com>'],
    subject: subjectFor('Weekly live-chat report', weekW45),
    body: { text: 'Chats: 1,204', html: '<html><body><h1>Chats: 1,204</h1></body></html>' },
    workbook: { fileName: 'weekly_2025-11-03_2025-11-09.xlsx', content: new Uint8Array(4096).fill(3) },
    bodyWithoutAttachment: () => ({ text: 'Too large to attach', html: '<p>Too large to attach</p>' }),
    maxMessageBytes: 40 * 1024 * 1024,
    ...overrides,
  };
}

describe('Class: SesMailer against aws-ses-v2-local', () => {
  let ses: SesEmulator;
  let mailer: SesMailer;

  beforeAll(async () => {
    ses = await startSesEmulator();
    mailer = new SesMailer({ client: ses.client, configurationSet: SETTINGS.configurationSet });
  });
  afterAll(async () => {
    await ses.close();
  });

  it('sends one message per routed supervisor, each seeing only their own address', async () => {
    // Prepare
    const routes = [
      { name: 'Department 1', to: ['Supervisor One <supervisor.one@example.com>'] },
      { name: 'Department 2', to: ['Supervisor Two <supervisor.two@example.com>'] },
    ];

    // Act
    const sent: SentEmail[] = [];
    for (const route of routes) {
      const email = await composeReportEmail(
        reportEmail({ to: route.to, subject: subjectFor('Weekly live-chat report', weekW45, route.name) }),
      );
      sent.push(await mailer.send(email));
    }

    // Assess
    const messages = (await ses.messages()).filter((m) =>
      sent.some((s) => s.messageId === m.stored.messageId),
    );
    expect(messages).toHaveLength(2);
    const [one, two] = messages;
    expect(one?.parsed.to).toMatchObject({ text: '"Supervisor One" <supervisor.one@example.com>' });
    expect(one?.raw.toString('latin1')).not.toContain('supervisor.two@example.com');
    expect(two?.raw.toString('latin1')).not.toContain('supervisor.one@example.com');
    expect(one?.parsed.subject).toBe('Weekly live-chat report · Department 1 · 2025-11-03 – 2025-11-09');
    expect(one?.stored.subject).toBe(one?.parsed.subject);
  });

  it('delivers multipart/alternative text and html with the workbook, From, Reply-To and configuration set', async () => {
    // Act
    const { messageId } = await mailer.send(
      await composeReportEmail(reportEmail({ bcc: ['archive@example.com'] })),
    );

    // Assess
    const message = (await ses.messages()).find((m) => m.stored.messageId === messageId);
    expect(message?.raw.toString('latin1')).toMatch(/Content-Type: multipart\/alternative/);
    expect(message?.parsed.text?.trim()).toBe('Chats: 1,204');
    expect(message?.parsed.html).toContain('<h1>Chats: 1,204</h1>');
    expect(message?.parsed.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ['weekly_2025-11-03_2025-11-09.xlsx', XLSX_CONTENT_TYPE, 4096],
    ]);
    expect(message?.parsed.from?.text).toBe('"Sobot Reports" <reports@example.com>');
    expect(message?.parsed.replyTo?.text).toBe('cs-ops@example.com');
    expect(message?.request.configurationSet).toBe('sobot-reports');
    expect(message?.request.destination).toEqual(['head-of-service@example.com', 'archive@example.com']);
    expect(message?.stored.destination.bcc).toEqual([]);
    expect(message?.parsed.headers.has('bcc')).toBe(false);
  });

  it('sends a message carrying the delivery tags', async () => {
    // Prepare
    const email = await composeReportEmail(reportEmail({}));
    const folder = 'reports/weekly-supervisors/weekly/2025/2025-W45/';
    const tags = {
      [DELIVERY_TAG.reportId]: 'weekly-supervisors',
      [DELIVERY_TAG.runFolder]: Buffer.from(folder).toString('base64url'),
      [DELIVERY_TAG.recipient]: 'b'.repeat(64),
    };

    // Act
    const { messageId } = await mailer.send({ ...email, tags });

    // Assess
    const message = (await ses.messages()).find((m) => m.stored.messageId === messageId);
    expect(message?.parsed.subject).toBe(email.subject);
  });

  it('sends the body without the attachment when the workbook is too large', async () => {
    // Prepare
    const email = await composeReportEmail(
      reportEmail({
        workbook: { fileName: 'big.xlsx', content: new Uint8Array(50_000) },
        maxMessageBytes: 20_000,
      }),
    );

    // Act
    const { messageId } = await mailer.send(email);

    // Assess
    const message = (await ses.messages()).find((m) => m.stored.messageId === messageId);
    expect(message?.parsed.attachments).toHaveLength(0);
    expect(message?.parsed.text?.trim()).toBe('Too large to attach');
  });
});
