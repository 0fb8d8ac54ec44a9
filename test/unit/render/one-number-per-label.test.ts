import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { formatValue } from '../../../src/core/render/format.ts';
import type { KpiFormat } from '../../../src/core/render/kpis.ts';
import { METRICS } from '../../../src/core/sections/metrics.ts';
import { type Pipeline, startPipeline } from '../../support/pipeline.ts';

/**
 * One label, one number: every figure a report shows (the email's HTML and text parts and the
 * workbook's sheets, for the whole account and for each routed slice) is collected as (scope, label,
 * unit) → the value as the email would print it, and no key may show two values. Labels are compared
 * loosely (case, "%", "chat(s)", "." and an "(account-wide)" tag ignored), as a reader does: "Valid
 * reception %" and "Valid Reception Chat %" are the same words to a supervisor.
 */

interface Observation {
  readonly where: string;
  readonly scope: string;
  readonly label: string;
  readonly unit: KpiFormat;
  readonly shown: string;
}

const NOT_AVAILABLE = '–';

function looseLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/\(account-wide\)/g, '')
    .replace(/[%.]/g, '')
    .replace(/\bchats?\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The unit of a value as the email prints it. */
function unitOfText(shown: string): KpiFormat | null {
  if (/^-?[\d,]+(\.\d)?%$/.test(shown)) return 'percent';
  if (/^(\d+m )?\d+s$|^\d+:\d\d:\d\d$/.test(shown)) return 'duration';
  if (/^\d+\.\d\d$/.test(shown)) return 'score';
  if (/^[\d,]+$/.test(shown)) return 'count';
  return null;
}

function observeText(where: string, scope: string, label: string, shown: string, into: Observation[]) {
  const unit = unitOfText(shown.trim());
  if (unit && shown !== NOT_AVAILABLE) into.push({ where, scope, label, unit, shown: shown.trim() });
}

const stripTags = (html: string) =>
  html
    .replace(/<span class="td-sub"[^>]*>.*?<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .trim();

function fromHtml(html: string, where: string, into: Observation[]): void {
  for (const card of html.matchAll(
    /class="card-label"[^>]*>([^<]*)<\/div>\s*<div class="card-value"[^>]*>([^<]*)</g,
  )) {
    observeText(where, 'total', card[1] ?? '', card[2] ?? '', into);
  }
  for (const table of html.matchAll(/<table[^>]*class="data"[^>]*>(.*?)<\/table>/gs)) {
    const rows = [...(table[1] ?? '').matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) =>
      [...(row[1] ?? '').matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => stripTags(cell[1] ?? '')),
    );
    const [head, ...body] = rows;
    for (const cells of body) {
      cells.slice(1).forEach((shown, i) => {
        observeText(where, `row:${cells[0]}`, head?.[i + 1] ?? '', shown, into);
      });
    }
  }
}

/** The text part's tables: a header line, a rule of dashes giving the columns, then rows. */
function fromText(text: string, where: string, into: Observation[]): void {
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!/^-+( {2}-+)+$/.test(line)) return;
    const spans = [...line.matchAll(/-+/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
    const cut = (row: string) => spans.map(([from, to]) => row.slice(from, to).trim());
    const head = cut(lines[index - 1] ?? '');
    for (let r = index + 1; r < lines.length && (lines[r] ?? '').trim() !== ''; r++) {
      const cells = cut(lines[r] ?? '');
      cells.slice(1).forEach((shown, i) => {
        observeText(where, `row:${cells[0]}`, head[i + 1] ?? '', shown, into);
      });
    }
  });
  const figures = lines.indexOf('KEY FIGURES');
  for (let r = figures + 2; figures >= 0 && r < lines.length && (lines[r] ?? '').trim() !== ''; r++) {
    const [label, shown] = (lines[r] ?? '').split(/\s{2,}/);
    observeText(where, 'total', label ?? '', shown ?? '', into);
  }
}

/** A workbook cell as the email would print it, from its number format. */
function shownCell(cell: ExcelJS.Cell): { unit: KpiFormat; shown: string } | null {
  if (typeof cell.value !== 'number') return null;
  const format = cell.numFmt ?? '';
  const unit: KpiFormat | null =
    format === '0.00%'
      ? 'percent'
      : format === '[h]:mm:ss'
        ? 'duration'
        : format === '#,##0'
          ? 'count'
          : format === '0.00' || format === '#,##0.00'
            ? 'score'
            : null;
  if (!unit) return null;
  const value = unit === 'duration' ? cell.value * 86_400_000 : cell.value;
  return { unit, shown: formatValue(value, unit, 'en') };
}

function fromWorkbook(workbook: ExcelJS.Workbook, where: string, into: Observation[]): void {
  for (const sheet of workbook.worksheets) {
    const metricSheet = sheet.getRow(1).getCell(2).value === 'Metric';
    let headerRow = 1;
    while (headerRow < 10 && typeof sheet.getRow(headerRow).getCell(2).value !== 'string') headerRow++;
    const header = (sheet.getRow(headerRow).values as unknown[]).map((v) => String(v ?? ''));
    const names = new Map<string, number>();
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const name = String(sheet.getRow(r).getCell(1).value ?? '');
      names.set(name, (names.get(name) ?? 0) + 1);
    }
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (metricSheet) {
        const shown = shownCell(row.getCell(3));
        const label = String(row.getCell(2).value ?? '');
        if (shown) into.push({ where: `${where} ${sheet.name}`, scope: 'total', label, ...shown });
        continue;
      }
      const name = String(row.getCell(1).value ?? '');
      // Summary lines are the total; a name listed twice (an agent in two skill groups) is no one scope.
      const scope = sheet.name === 'Summary' ? 'total' : names.get(name) === 1 ? `row:${name}` : null;
      if (!scope) continue;
      for (let c = 2; c < header.length; c++) {
        const shown = shownCell(row.getCell(c));
        if (sheet.name === 'Summary' && c !== 2) continue;
        const label = sheet.name === 'Summary' ? name : (header[c] ?? '');
        if (shown) into.push({ where: `${where} ${sheet.name}`, scope, label, ...shown });
      }
    }
  }
}

let open: Pipeline[] = [];
afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
});

/** Every slice's observations: the email's two parts and the workbook it names. */
async function observeReport(): Promise<{ slices: number; observations: Observation[][] }> {
  const p = await startPipeline({
    report: { sections: ['summary', 'chats', 'agents', 'satisfaction', 'customers', 'dimensions'] },
  });
  open.push(p);
  await p.run();
  const observations: Observation[][] = [];
  for (const message of p.sentMessages()) {
    const parsed = await simpleParser(message.raw);
    const text = parsed.text ?? '';
    const slice: Observation[] = [];
    fromHtml(typeof parsed.html === 'string' ? parsed.html : '', 'email html', slice);
    fromText(text, 'email text', slice);
    const attached = parsed.attachments.find((file) => file.filename?.endsWith('.xlsx'));
    if (!attached) throw new Error(`no workbook attached to ${message.subject}`);
    const bytes = attached.content;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    fromWorkbook(workbook, 'workbook', slice);
    observations.push(slice);
  }
  return { slices: observations.length, observations };
}

function conflicts(slice: readonly Observation[]): string[] {
  const byKey = new Map<string, Map<string, string[]>>();
  for (const o of slice) {
    const key = `${o.scope} | ${looseLabel(o.label)} | ${o.unit}`;
    const values = byKey.get(key) ?? new Map<string, string[]>();
    values.set(o.shown, [...(values.get(o.shown) ?? []), `${o.where} "${o.label}"`]);
    byKey.set(key, values);
  }
  return [...byKey.entries()]
    .filter(([, values]) => values.size > 1)
    .map(([key, values]) => `${key}: ${[...values].map(([v, w]) => `${v} in ${w.join(', ')}`).join(' / ')}`);
}

describe('one number per label', () => {
  it('shows each label with one value per scope across the email, its text part and the workbook', async () => {
    // Prepare
    const report = observeReport();

    // Act
    const { slices, observations } = await report;

    // Assess
    expect(slices).toBe(3);
    for (const slice of observations) {
      expect(conflicts(slice)).toEqual([]);
      // Not vacuous: the headline and a department's figures are read from all three outputs.
      const total = slice.filter(
        (o) => o.scope === 'total' && o.label === METRICS.validReceptionRate.label.en,
      );
      expect(new Set(total.map((o) => o.where.split(' ')[1]))).toEqual(new Set(['html', 'text', 'Summary']));
      const rows = slice.filter((o) => o.scope.startsWith('row:'));
      expect([...new Set(rows.map((o) => o.where))]).toEqual(
        expect.arrayContaining(['email html', 'email text', 'workbook Chats', 'workbook Agents']),
      );
    }
  });
});
