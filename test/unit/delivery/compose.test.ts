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
    report: { id: 'weekly-supervisors', title: 'Weekly live-chat report' },
    to: ['Supervisor One <supervisor.one@example.com>'],
    bcc: ['archive@example.com'],
    subject: subjectFor('Weekly live-chat report', weekW45),
    body: { text: 'Chats: 1,204', html: '<html><body><h1>Chats: 1,204</h1></body></html>' },
    workbook: { fileName: 'weekly_2025-11-03_2025-11-09.xlsx', content: new Uint8Array(2048).fill(7) },
    bodyWithoutAttachment: () => ({ text: 'The workbook is too large to attach.', html: '<p>Too large</p>' }),
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

  it('leaves the workbook out and sends the body that says so when the message is too large', async () => {
    // Prepare
    const big = input({
      workbook: { fileName: 'big.xlsx', content: new Uint8Array(20_000).fill(1) },
      maxMessageBytes: 8_000,
      bodyWithoutAttachment: () => ({ text: 'See the archive', html: '<p>See the archive</p>' }),
    });

    // Act
    const email = await composeReportEmail(big);
    const parsed = await simpleParser(Buffer.from(email.raw));

    // Assess
    expect(email.attached).toBe(false);
    expect(email.raw.byteLength).toBeLessThanOrEqual(8_000);
    expect(parsed.attachments).toHaveLength(0);
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
    [
      'unsubscribe',
      { settings: { from: 'x@example.com', unsubscribe: 'u@example.com\nBcc: v@example.com' } },
    ],
    ['report title', { report: { id: 'weekly', title: 'Weekly\r\nBcc: victim@example.com' } }],
  ] as const)('refuses a line break in %s', async (field, overrides) => {
    // Act
    const result = composeReportEmail(input(overrides as Partial<ReportEmailInput>));

    // Assess
    await expect(result).rejects.toThrow(HeaderInjectionError);
    await expect(result).rejects.toMatchObject({ field });
  });

  it.each([
    ['English', 'Chats: 1,204\nValid: 1,100\r\nResolved: 80 %\n'],
    // Mostly CJK: nodemailer sends this text part base64, so the line ends must be CRLF before encoding.
    ['Chinese', '本周会话量：1,204\n有效会话：1,100\n已解决率：80 %\n'],
  ])('ends every line of the message in CRLF, the %s text part’s decoded body included', async (_, text) => {
    // Act
    const email = await composeReportEmail(input({ body: { text, html: '<p>a</p>\n<p>b</p>\n' } }));

    // Assess
    const raw = Buffer.from(email.raw);
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n|\r[^\n]/);
    const textPart = mimeParts(raw.toString('latin1')).find((part) =>
      /^Content-Type: text\/plain/im.test(part),
    );
    expect(textPart).toBeDefined();
    const decoded = decodePart(textPart ?? '');
    expect(decoded).toContain('\r\n');
    expect(decoded).not.toMatch(/[^\r]\n/);
  });

  it('marks the message as automatic, so out-of-office replies are not sent back', async () => {
    // Act
    const email = await composeReportEmail(input());

    // Assess
    const headers = headerBlock(email.raw);
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    expect(headers.get('x-auto-response-suppress')).toBe('All');
  });

  it('gives the report a List-Id under the sender’s domain that stays the same for every slice', async () => {
    // Act
    const whole = await composeReportEmail(input({ settings: { from: 'Reports <Reports@Example.COM>' } }));
    const slice = await composeReportEmail(
      input({ settings: { from: 'reports@example.com' }, to: ['care@example.com'], subject: 'Care' }),
    );

    // Assess
    const expected = '"Weekly live-chat report" <weekly-supervisors.reports.example.com>';
    expect(headerBlock(whole.raw).get('list-id')).toBe(expected);
    expect(headerBlock(slice.raw).get('list-id')).toBe(expected);
  });

  it('encodes a Chinese report title in the List-Id and keeps the id readable', async () => {
    // Act
    const email = await composeReportEmail(input({ report: { id: 'daily-zh', title: '每日在线客服报告' } }));
    const parsed = await simpleParser(Buffer.from(email.raw));

    // Assess
    expect(headerBlock(email.raw).get('list-id')).toMatch(
      /^=\?UTF-8\?B\?\S+\?= <daily-zh\.reports\.example\.com>$/,
    );
    const list = parsed.headers.get('list') as { id?: { id?: string } } | undefined;
    expect(list?.id?.id).toBe('daily-zh.reports.example.com');
  });

  it('offers a mailto List-Unsubscribe naming the report only when the config names an address', async () => {
    // Prepare
    const settings = { from: 'reports@example.com', unsubscribe: 'cs-ops@example.com' };

    // Act
    const withAddress = await composeReportEmail(input({ settings }));
    const without = await composeReportEmail(input());

    // Assess
    expect(headerBlock(withAddress.raw).get('list-unsubscribe')).toBe(
      '<mailto:cs-ops@example.com?subject=unsubscribe%20weekly-supervisors>',
    );
    expect(headerBlock(without.raw).has('list-unsubscribe')).toBe(false);
    expect(headerBlock(withAddress.raw).has('list-unsubscribe-post')).toBe(false);
  });
});

/** The top-level headers, unfolded, by lowercase name. */
function headerBlock(raw: Uint8Array): Map<string, string> {
  const text = Buffer.from(raw).toString('latin1');
  const block = text.slice(0, text.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Every leaf part of a multipart message, headers and body, split on the boundaries. */
function mimeParts(raw: string): string[] {
  const boundaries = [...raw.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1] ?? '');
  let parts = [raw];
  for (const boundary of boundaries) parts = parts.flatMap((part) => part.split(`--${boundary}`));
  return parts.filter((part) => /^\r\nContent-Type: (?!multipart)/i.test(part));
}

/** The part's body after its transfer encoding, as bytes read as latin1. */
function decodePart(part: string): string {
  const split = part.indexOf('\r\n\r\n', 2);
  const [head, body] = [part.slice(0, split), part.slice(split + 4).replace(/\r\n$/, '')];
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('latin1');
  if (encoding === 'quoted-printable') {
    return body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return body;
}
