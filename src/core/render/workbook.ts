import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
// Only the streaming writer: the package entry also loads the xlsx reader, CSV and unzip code (≈ 0.5 MB of bundle).
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import type { Section } from '../report/config.ts';
import type { RawSnapshot } from '../report/snapshot.ts';
import { SECTIONS } from '../sections/registry.ts';
import type { Target } from '../sections/targets.ts';
import type { PeriodTrend } from '../trend/trend.ts';
import { dataNotesSheet } from './data-notes.ts';
import type { Language } from './i18n.ts';
import { describePeriod } from './model.ts';
import { StyleCache } from './workbook-table.ts';
import { trendSheet } from './workbook-trend.ts';

const WORKBOOK_CREATOR = 'sobot-report-mailer';

interface WorkbookOptions {
  readonly title: string;
  readonly language: Language;
  /** Which sections get sheets; they appear in the canonical order of `SECTIONS` whatever this order is. */
  readonly sections: readonly Section[];
  /** A stream (left open for the caller to read; ended by the zip writer) or a file path. */
  readonly output: Writable | string;
  /** Marks the department and agent cells that miss these (conditional formatting). */
  readonly targets?: readonly Target[];
  /** The last periods' headline figures: a Trend sheet after the Summary. */
  readonly trend?: PeriodTrend | null;
}

export interface WorkbookResult {
  /** Sheet names in workbook order. */
  readonly sheets: string[];
  /** Data rows written across all sheets (headers and preamble lines not counted). */
  readonly rows: number;
}

export class WorkbookRenderError extends Error {
  override readonly name = 'WorkbookRenderError';
}

function openOutput(output: Writable | string): Writable {
  return typeof output === 'string' ? createWriteStream(output) : output;
}

/** Rejects on the first error of the output, so a failing disk or consumer ends the render. */
function failureOf(stream: Writable): { promise: Promise<never>; dispose: () => void } {
  let onError: (error: Error) => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    onError = reject;
    stream.on('error', onError);
  });
  // Not a swallowed error: the rejection is awaited later (raced against every backpressure wait and
  // the final commit, which then throw it). This only marks the promise handled, so an output error
  // between two of those awaits is not reported as an unhandled rejection first. (When the render
  // fails first for another reason, that failure is the one thrown.)
  promise.catch(() => {});
  return { promise, dispose: () => stream.off('error', onError) };
}

function createdAt(collectedAt: string): Date | undefined {
  const date = new Date(collectedAt);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Streams the report workbook: one sheet (or two) per selected section, each row committed as soon as
 * it is written, so memory stays flat as the agent list grows. Styles are shared per format; text from
 * the API is always written as literal string cells (see workbook-cells.ts).
 */
export async function renderWorkbook(
  snapshot: RawSnapshot,
  options: WorkbookOptions,
): Promise<WorkbookResult> {
  const stream = openOutput(options.output);
  const failure = failureOf(stream);
  const created = createdAt(snapshot.collectedAt);
  try {
    const workbook = new (WorkbookWriter as unknown as typeof ExcelJS.stream.xlsx.WorkbookWriter)({
      stream,
      useStyles: true,
      // Inline strings: a shared-string table would keep every distinct name in memory until the end.
      useSharedStrings: false,
      ...(created ? { created, modified: created } : {}),
    });
    workbook.creator = WORKBOOK_CREATOR;
    workbook.lastModifiedBy = WORKBOOK_CREATOR;
    workbook.title = options.title;
    workbook.subject = describePeriod(snapshot.period);

    const context = {
      language: options.language,
      timezone: snapshot.period.timezone,
      stopped: failure.promise,
      ...(options.targets ? { targets: options.targets } : {}),
    };
    const styles = new StyleCache();
    const sheets: string[] = [];
    let rows = 0;
    // After the Summary, or first when the report has none.
    const trend = options.trend ? trendSheet(options.trend) : null;
    let trendWritten = trend === null;
    for (const section of SECTIONS) {
      if (!options.sections.includes(section.id)) continue;
      const writers = section.sheets({ snapshot, title: options.title, language: options.language });
      if (!trendWritten && trend && section.id !== 'summary') {
        writers.unshift(trend);
        trendWritten = true;
      } else if (!trendWritten && trend) {
        // Right after the Summary sheet itself, before its Definitions.
        writers.splice(1, 0, trend);
        trendWritten = true;
      }
      for (const writeSheet of writers) {
        const written = await writeSheet(workbook, context, styles);
        sheets.push(written.name);
        rows += written.rows;
      }
    }
    if (!trendWritten && trend) {
      const written = await trend(workbook, context, styles);
      sheets.push(written.name);
      rows += written.rows;
    }
    const notes = dataNotesSheet(snapshot, options.language, options.sections);
    if (notes) {
      const written = await notes(workbook, context, styles);
      sheets.push(written.name);
      rows += written.rows;
    }
    await Promise.race([workbook.commit(), failure.promise]);
    return { sheets, rows };
  } catch (cause) {
    if (typeof options.output === 'string') stream.destroy();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new WorkbookRenderError(`Could not write the workbook for ${snapshot.reportId}: ${reason}`, {
      cause,
    });
  } finally {
    failure.dispose();
  }
}
