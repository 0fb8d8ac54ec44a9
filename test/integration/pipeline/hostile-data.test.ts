import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type S3Emulator,
  type SesEmulator,
  startS3Emulator,
  startSesEmulator,
} from '../../support/emulators.ts';
import { type Pipeline, startPipeline } from '../../support/pipeline.ts';
import { expectDeliveredOnce, RUN_FOLDER, renamingApi } from './pipeline-fixture.ts';

/**
 * Names from the API are data, never markup, formulas or headers. The simulator only produces tame
 * names, so a proxy over the real client rewrites every name field of its answers: one department
 * gets a 10,000-character name, every other name carries markup, a leading formula, CR/LF with a
 * header, right-to-left text and emoji.
 */

const LONG = `Department ${'x'.repeat(10_000)}`;
const DEPARTMENTS = new Set(['Headquarters', 'Customer Care', 'Sales']);
/** Displays cut names at 60 characters, so the dangerous part comes first. */
const markup = (name: string) =>
  `<script>alert(1)</script>\u202Eمرحبا\u202C 😀👩‍👩‍👧\r\nBcc: evil@example.com <img src=x onerror=alert(2)> ${name}`;
const formula = (name: string) => `=HYPERLINK("http://evil.example/","${name}")\r\nBcc: evil@example.com`;
const hostile = (name: string) =>
  name === 'Technical Support' ? LONG : DEPARTMENTS.has(name) ? markup(name) : formula(name);

describe('Pipeline: hostile names from the API', () => {
  let s3: S3Emulator;
  let ses: SesEmulator;
  let p: Pipeline;

  beforeAll(async () => {
    // Prepare
    [s3, ses] = await Promise.all([startS3Emulator(), startSesEmulator()]);
    p = await startPipeline({
      delivery: { kind: 's3', s3, ses },
      wrapApi: (api) => renamingApi(api, hostile),
    });

    // Act
    await p.run();
  });

  afterAll(async () => {
    await p?.close();
    await Promise.all([s3?.close(), ses?.close()]);
  });

  it('delivers the complete report once', async () => {
    // Assess
    await expectDeliveredOnce(p, ses);
  });

  it('escapes markup in the archived HTML and the email body', async () => {
    // Prepare
    const html = Buffer.from(
      (await p.deps.archive.get(`${RUN_FOLDER}weekly-pipeline_2025-11-03_2025-11-09.html`)) ??
        new Uint8Array(),
    ).toString('utf8');
    const bodies = await Promise.all(
      p.sentMessages().map(async (m) => (await simpleParser(m.raw)).html || ''),
    );

    // Assess
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bodies.filter((body) => body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))).toHaveLength(2);
    for (const page of [html, ...bodies]) {
      expect(page).not.toContain('<script');
      expect(page).not.toContain('<img');
      expect(page).not.toContain('\u202E');
    }
    expect(html).toContain('مرحبا');
    expect(html).toContain('😀👩‍👩‍👧');
  });

  it('keeps formula-looking names as literal text in the workbook', async () => {
    // Prepare
    const bytes = await p.deps.archive.get(`${RUN_FOLDER}weekly-pipeline_2025-11-03_2025-11-09.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes ?? new Uint8Array()) as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));

    // Act
    const hostileCells = cells.filter((cell) => String(cell.value).startsWith('=HYPERLINK'));

    // Assess
    expect(hostileCells.length).toBeGreaterThan(0);
    expect(hostileCells.every((cell) => cell.type === ExcelJS.ValueType.String)).toBe(true);
    expect(cells.filter((cell) => cell.formula !== undefined)).toEqual([]);
  });

  it('keeps every email header intact: one recipient, no injected Bcc, the configured subject', async () => {
    // Prepare
    const parsed = await Promise.all(
      p.sentMessages().map(async (m) => ({ m, mail: await simpleParser(m.raw) })),
    );

    // Assess
    for (const { m, mail } of parsed) {
      const headerBlock = m.raw.toString('latin1').split(/\r\n\r\n/)[0] ?? '';
      expect(mail.headers.has('bcc')).toBe(false);
      expect(headerBlock).not.toContain('evil@example.com');
      expect(mail.subject).toBe(m.subject);
      expect(mail.subject).toMatch(/^Weekly live-chat report/);
      const to = Array.isArray(mail.to) ? mail.to : [mail.to];
      expect(to.flatMap((address) => address?.value.map((v) => v.address) ?? [])).toEqual(m.recipients);
    }
  });

  it('renders the 10,000-character name without breaking the message size limit', async () => {
    // Prepare
    const html = Buffer.from(
      (await p.deps.archive.get(`${RUN_FOLDER}weekly-pipeline_2025-11-03_2025-11-09.html`)) ??
        new Uint8Array(),
    ).toString('utf8');

    // Assess
    expect(html).toContain('Department xxxxxxxxxx');
    expect(html).not.toContain('x'.repeat(100));
    expect(p.sentMessages().every((m) => m.raw.byteLength < p.deps.mailer.maxMessageBytes)).toBe(true);
  });
});
