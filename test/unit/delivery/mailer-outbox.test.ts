import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../../src/adapters/mail/outbox.ts';
import { composeReportEmail } from '../../../src/core/delivery/compose.ts';
import { fakeClock } from './helpers.ts';

describe('Class: OutboxMailer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one .eml per message named by time, subject and message id', async () => {
    // Prepare
    const mailer = new OutboxMailer({
      dir: join(dir, 'outbox'),
      clock: fakeClock(Date.parse('2025-11-10T01:02:03Z')),
    });
    const email = await composeReportEmail({
      settings: { from: 'reports@example.com' },
      report: { id: 'weekly', title: 'Weekly live-chat report' },
      to: ['a@example.com'],
      subject: '[SIMULATED DATA] Weekly live-chat report · Customer Care · 2025-11-03 – 2025-11-09',
      body: { text: 'hello', html: '<p>hello</p>' },
      workbook: { fileName: 'w.xlsx', content: new Uint8Array(10) },
      bodyWithoutAttachment: () => ({ text: 'too large', html: '<p>too large</p>' }),
      maxMessageBytes: mailer.maxMessageBytes,
    });

    // Act
    const sent = await mailer.send(email);

    // Assess
    const files = await readdir(join(dir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(
      /^20251110T010203Z_simulated-data-weekly-live-chat-report-customer-care-2025-11-03-2025-11-09_[0-9a-f-]+-example-com\.eml$/,
    );
    expect(sent.messageId).toBe(email.messageId.replace(/^<|>$/g, ''));
    const parsed = await simpleParser(await readFile(join(dir, 'outbox', files[0] ?? '')));
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.attachments[0]?.filename).toBe('w.xlsx');
  });

  it('keeps two messages sent in the same second apart', async () => {
    // Prepare
    const mailer = new OutboxMailer({ dir, clock: fakeClock() });
    const raw = (id: string) => Buffer.from(`Message-ID: <${id}@example.com>\r\nSubject: s\r\n\r\nbody`);

    // Act
    await mailer.send({
      raw: raw('one'),
      from: 'a@example.com',
      recipients: ['b@example.com'],
      subject: 's',
    });
    await mailer.send({
      raw: raw('two'),
      from: 'a@example.com',
      recipients: ['c@example.com'],
      subject: 's',
    });

    // Assess
    expect(await readdir(dir)).toHaveLength(2);
  });
});
