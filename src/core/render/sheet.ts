import type ExcelJS from 'exceljs';
import { type StyleCache, type TableContext, type TableSheet, writeTableSheet } from './workbook-table.ts';

/** Writes one sheet; the row type stays inside, so sheets of different rows sit in one list. */
export type SheetWriter = (
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  context: TableContext,
  styles: StyleCache,
) => Promise<{ name: string; rows: number }>;

export function tableSheet<T>(sheet: TableSheet<T>): SheetWriter {
  return (workbook, context, styles) => writeTableSheet(workbook, sheet, context, styles);
}
