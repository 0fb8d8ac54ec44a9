import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '../../../src/core/delivery/archive-object.ts';
import { composeReportEmail, type ReportEmailInput } from '../../../src/core/delivery/compose.ts';
import { HeaderInjectionError, MessageTooLargeError } from '../../../src/core/delivery/errors.ts';
import { subjectFor } from '../../../src/core/delivery/subject.ts';
import { period, weekW45 } from './helpers.ts';

function input(overrides: Partial<ReportEmailInput> = {}): ReportEmailInput {
  return {
    settings: { from: 'Sobot Reports <reports@example.com>', replyTo: 'cs-ops@example.com' },
    to: ['Supervisor One <supervisor.one@example.com>'],
    bcc: ['archive@example.com'],
    subject: subjectFor('Weekly live-chat report', weekW45),
    body: { text: 'Chats: 1,204', html: '<html><body><h1>Chats: 1,204</h1></body></html>' },
    workbook: { fileName: 'weekly_2025-11-03_2025-11-09.xlsx', content: new Uint8Array(2048).fill(7) },
    archivedAt: 's3://bucket/reports/weekly/weekly/2025/2025-W45/weekly_2025-11-03_2025-11-09.xlsx',
    maxMessageBytes: 40 * 1024 * 1024,
    date: new Date('2025-11-10T01:00:00Z'),
    ...overrides,
  };
}

describe('Function: subjectFor', () => {
  it('names the report and the exact range', () => {
    // Act & Assess
    expect(subjectFor('Weekly live-chat report', weekW45)).toBe(
      'Weekly live-chat report · 2025-11-03 – 2025-11-09',
    );
  });

  it('shows a single day once and names a slice', () => {
    // Prepare
    const day = period({ from: '2025-11-12', to: '2025-11-12' });

    // Act & Assess
    expect(subjectFor('Daily', day, 'Department 1')).toBe('Daily · Department 1 · 2025-11-12');
  });
});

describe('Function: composeReportEmail', () => {
  it('builds multipart/alternative text and html with the workbook attached', async () => {
    // Act
    const email = await composeReportEmail(input());
    const parsed = await simpleParser(Buffer.from(email.raw));

    // Assess
    const raw = Buffer.from(email.raw).toString('latin1');
    expect(raw).toMatch(/Content-Type: multipart\/mixed/);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(parsed.text?.trim()).toBe('Chats: 1,204');
    expect(parsed.html).toContain('<h1>Chats: 1,204</h1>');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.contentType).toBe(XLSX_CONTENT_TYPE);
    expect(parsed.attachments[0]?.filename).toBe('weekly_2025-11-03_2025-11-09.xlsx');
    expect(parsed.attachments[0]?.size).toBe(2048);
    expect(email.attached).toBe(true);
  });

  it('sets subject, From and Reply-To from the settings', async () => {
    // Act
    const parsed = await simpleParser(Buffer.from((await composeReportEmail(input())).raw));

    // Assess
    expect(parsed.subject).toBe('Weekly live-chat report · 2025-11-03 – 2025-11-09');
    expect(parsed.from?.text).toBe('"Sobot Reports" <reports@example.com>');
    expect(parsed.replyTo?.text).toBe('cs-ops@example.com');
  });

  it('keeps bcc in the envelope and out of every header', async () => {
    // Act
    const email = await composeReportEmail(input({ cc: ['Head <head@example.com>'] }));

    // Assess
    const raw = Buffer.from(email.raw).toString('latin1');
    expect(raw).not.toMatch(/^bcc:/im);
    expect(raw).not.toContain('archive@example.com');
    expect(email.recipients).toEqual([
      'supervisor.one@example.com',
      'head@example.com',
      'archive@example.com',
    ]);
  });

  it('lists each envelope recipient once whatever the case', async () => {
    // Act
    const email = await composeReportEmail(input({ to: ['a@example.com'], cc: ['A@Example.com'], bcc: [] }));

    // Assess
    expect(email.recipients).toEqual(['a@example.com']);
  });

  it('leaves the workbook out and says where it is archived when the message is too large', async () => {
    // Prepare
    const big = input({
      workbook: { fileName: 'big.xlsx', content: new Uint8Array(20_000).fill(1) },
      maxMessageBytes: 8_000,
    });

    // Act
    const email = await composeReportEmail(big);
    const parsed = await simpleParser(Buffer.from(email.raw));

    // Assess
    expect(email.attached).toBe(false);
    expect(email.raw.byteLength).toBeLessThanOrEqual(8_000);
    expect(parsed.attachments).toHaveLength(0);
    expect(parsed.text).toContain(`archived at ${big.archivedAt}`);
    expect(parsed.text).toContain('Chats: 1,204');
    expect(parsed.html).toMatch(/<body><p [^>]*>The workbook big\.xlsx is too large/);
  });

  it('uses the caller’s own body without the attachment when given', async () => {
    // Prepare
    const big = input({
      workbook: { fileName: 'big.xlsx', content: new Uint8Array(20_000) },
      maxMessageBytes: 8_000,
      bodyWithoutAttachment: { text: 'See the archive', html: '<p>See the archive</p>' },
    });

    // Act
    const parsed = await simpleParser(Buffer.from((await composeReportEmail(big)).raw));

    // Assess
    expect(parsed.text?.trim()).toBe('See the archive');
    expect(parsed.html).toBe('<p>See the archive</p>');
  });

  it('fails with MessageTooLargeError when even the bare message is over the limit', async () => {
    // Act & Assess
    await expect(composeReportEmail(input({ maxMessageBytes: 100 }))).rejects.toBeInstanceOf(
      MessageTooLargeError,
    );
  });

  it.each([
    ['subject', { subject: 'Report\r\nBcc: victim@example.com' }],
    ['to[0]', { to: ['a@example.com\nBcc: victim@example.com'] }],
    ['from', { settings: { from: 'x@example.com\r\nX: y' } }],
  ] as const)('refuses a line break in %s', async (field, overrides) => {
    // Act
    const result = composeReportEmail(input(overrides as Partial<ReportEmailInput>));

    // Assess
    await expect(result).rejects.toThrow(HeaderInjectionError);
    await expect(result).rejects.toMatchObject({ field });
  });
});
