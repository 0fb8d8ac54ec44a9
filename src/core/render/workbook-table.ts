import type ExcelJS from 'exceljs';
import { type Target, targetFor } from '../sections/targets.ts';
import type { ColumnSpec, FieldOf, Localized } from './columns.ts';
import type { Language } from './i18n.ts';
import { ROWS_PER_CHECK, zipCaughtUp } from './workbook-backpressure.ts';
import { type CellKind, type CellValue, NUMBER_FORMATS, toCellValue } from './workbook-cells.ts';
import { displayWidth, headerRowHeight, printSetup, wrappedRowHeight } from './workbook-print.ts';

/** One sheet laid out as a table: optional preamble lines, a header row, then one row per item. */
export interface TableSheet<T> {
  readonly name: Localized;
  readonly columns: readonly ColumnSpec<FieldOf<T>>[];
  readonly rows: Iterable<T>;
  /** Lines above the header (title, period); the header row below them is the one frozen and filtered. */
  readonly preamble?: readonly string[];
  /** Columns kept in view when scrolling sideways (the row labels). */
  readonly frozenColumns?: number;
  /** The value of a column in a row; default `row[column.field]`. */
  readonly fieldValue?: (row: T, column: ColumnSpec<FieldOf<T>>) => unknown;
  /** A per-row unit for columns whose unit depends on the row (metric and KPI sheets). */
  readonly kindOf?: (row: T, column: ColumnSpec<FieldOf<T>>) => CellKind;
  /** Indentation level of a cell (the department tree's names); 0 for none. */
  readonly indentOf?: (row: T, column: ColumnSpec<FieldOf<T>>) => number;
  /** Rows of a department, group or agent: cells of a targeted metric that miss it are marked. */
  readonly judged?: boolean;
}

export interface TableContext {
  readonly language: Language;
  readonly timezone: string;
  /** Rejects when the output fails; ends any wait for the zip to catch up. */
  readonly stopped: Promise<never>;
  readonly targets?: readonly Target[];
}

type Style = Partial<ExcelJS.Style>;

// The font named in full: a font element with only <b/> in it is drawn in LibreOffice's default serif.
const BODY_FONT = { name: 'Calibri', family: 2, size: 11 } as const;
const HEADER_STYLE: Style = {
  font: { ...BODY_FONT, bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } },
  alignment: { vertical: 'top', wrapText: true },
  border: { bottom: { style: 'thin', color: { argb: 'FF9AA9BF' } } },
};
const PREAMBLE_STYLES: readonly Style[] = [
  { font: { ...BODY_FONT, bold: true, size: 14 } },
  { font: { ...BODY_FONT, italic: true } },
];
const MAX_WIDTH = 60;

/**
 * One style object per format (and indent), shared by every cell that uses it: exceljs recognises a
 * style object it has seen (a WeakMap in its style registry), so shared objects skip re-hashing a
 * style per cell, which is what makes large sheets fast.
 */
class StyleCache {
  readonly #styles = new Map<string, Style>();

  get(kind: CellKind, indent = 0, wrap = false): Style {
    const key = `${kind}:${indent}:${wrap}`;
    let style = this.#styles.get(key);
    if (!style) {
      // Top-aligned, as the header is: a row with a wrapped cell keeps its other cells on its first line.
      style = {
        numFmt: NUMBER_FORMATS[kind],
        alignment: {
          vertical: 'top',
          ...(wrap ? { wrapText: true } : {}),
          // Excel and LibreOffice indent only a cell aligned left, not one aligned by its type.
          ...(indent > 0 ? { horizontal: 'left', indent } : {}),
        },
      };
      this.#styles.set(key, style);
    }
    return style;
  }
}

/**
 * A missed cell is tinted and its number says ✗ too (a number format of the conditional style), so it
 * does not rest on colour alone, in print or for a reader who cannot tell the red.
 */
const MISSED_STYLE = {
  font: { color: { argb: 'FF9C0006' }, bold: true },
  fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } },
} as const;

/**
 * How a cell is compared with its target, in the cell's own unit and at the precision the email
 * shows (a percent to 0.1, a duration to the second, a score to 0.01), so a figure the email calls met
 * is not marked missed here. A blank cell (unknown) is never marked.
 */
const AS_SHOWN: Partial<Record<ColumnSpec['type'], (cell: string) => string>> = {
  rate: (cell) => `ROUND(${cell},3)`,
  durationMs: (cell) => `ROUND(${cell}*86400,0)`,
  score: (cell) => `ROUND(${cell},2)`,
};
const TARGET_IN_CELL_UNIT: Partial<Record<ColumnSpec['type'], (value: number) => number>> = {
  rate: (value) => value,
  durationMs: (value) => value / 1000,
  score: (value) => value,
};

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * Conditional formatting on the targeted columns of a judged sheet. Counts are left out: a count
 * target (transferred chats) bounds the whole report, not each department's or agent's row.
 */
function markMissedTargets(
  worksheet: ExcelJS.Worksheet,
  columns: readonly ColumnSpec[],
  targets: readonly Target[],
  rows: { readonly first: number; readonly last: number },
): void {
  columns.forEach((column, i) => {
    const target = column.metric ? targetFor(targets, column.metric) : undefined;
    const shown = AS_SHOWN[column.type];
    const inCellUnit = TARGET_IN_CELL_UNIT[column.type];
    if (!target || !shown || !inCellUnit) return;
    const letter = columnLetter(i);
    const cell = `${letter}${rows.first}`;
    const comparison = target.bound === 'min' ? '<' : '>';
    const format = NUMBER_FORMATS[column.type as keyof typeof NUMBER_FORMATS];
    worksheet.addConditionalFormatting({
      ref: `${cell}:${letter}${rows.last}`,
      rules: [
        {
          type: 'expression',
          priority: i + 1,
          formulae: [`AND(ISNUMBER(${cell}),${shown(cell)}${comparison}${inCellUnit(target.value)})`],
          style: { ...MISSED_STYLE, numFmt: `"✗ "${format}` },
        },
      ],
    });
  });
}

/** Header widths so short headers fit on one line and long ones wrap onto two. */
function columnWidth(column: ColumnSpec, header: string): number {
  const wanted = Math.ceil(displayWidth(header) / (displayWidth(header) > column.width * 1.6 ? 2 : 1)) + 2;
  return Math.min(MAX_WIDTH, Math.max(column.width, wanted));
}

function defaultValue<T>(row: T, column: ColumnSpec<FieldOf<T>>): unknown {
  return (row as Record<string, unknown>)[column.field];
}

/**
 * Writes the table, committing each row and letting the zip catch up every few rows, so memory stays
 * flat however many rows there are.
 */
export async function writeTableSheet<T>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: TableSheet<T>,
  context: TableContext,
  styles: StyleCache = new StyleCache(),
): Promise<{ name: string; rows: number }> {
  const { columns } = sheet;
  const preamble = sheet.preamble ?? [];
  const headerRow = preamble.length === 0 ? 1 : preamble.length + 2;
  const name = sheet.name[context.language];
  const headers = columns.map((column) => column.header[context.language]);
  const widths = columns.map((column, i) => columnWidth(column, headers[i] ?? ''));
  // Print settings go in with the sheet: the streaming writer writes its <sheetPr> there and then.
  const worksheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: sheet.frozenColumns ?? 0 }],
    ...printSetup({ headerRow, widths, labelColumns: sheet.frozenColumns ?? 0 }),
  });
  worksheet.columns = columns.map((column, i) => ({ key: column.field, width: widths[i] ?? column.width }));
  worksheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow, column: columns.length },
  };

  preamble.forEach((line, i) => {
    const row = worksheet.addRow([line]);
    row.getCell(1).style = PREAMBLE_STYLES[Math.min(i, PREAMBLE_STYLES.length - 1)] ?? {};
    row.commit();
  });
  if (preamble.length > 0) worksheet.addRow([]).commit();
  const header = worksheet.addRow(headers);
  header.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  // An explicit height: LibreOffice keeps a wrapped row at one line, over the first data row.
  header.height = headerRowHeight(headers, widths);
  header.commit();

  const fieldValue = sheet.fieldValue ?? defaultValue;
  // Text right after a right-aligned date or number would touch it ("2026-10-11Sobot getStat").
  const padding = columns.map((column, i) =>
    column.type === 'text' && i > 0 && columns[i - 1]?.type !== 'text' ? 1 : 0,
  );
  const columnStyles = columns.map((column, i) => styles.get(column.type, padding[i], column.wrap));
  const wrapping = columns.flatMap((column, i) => (column.wrap ? [i] : []));
  const values: (CellValue | undefined)[] = new Array(columns.length);
  const cellStyles: Style[] = new Array(columns.length);
  let count = 0;
  for (const item of sheet.rows) {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as ColumnSpec<FieldOf<T>>;
      const declared = sheet.kindOf ? sheet.kindOf(item, column) : column.type;
      const levels = sheet.indentOf ? sheet.indentOf(item, column) : 0;
      values[i] = toCellValue(fieldValue(item, column), declared, context.timezone) ?? undefined;
      // A period that is no day (a week "2024-45", a month) stays text, and is formatted as text.
      const kind = declared === 'date' && typeof values[i] === 'string' ? 'text' : declared;
      cellStyles[i] =
        kind === column.type && levels === 0
          ? (columnStyles[i] as Style)
          : styles.get(kind, levels + (padding[i] ?? 0), column.wrap);
    }
    const row = worksheet.addRow(values);
    for (let i = 0; i < columns.length; i++) {
      if (values[i] !== undefined) row.getCell(i + 1).style = cellStyles[i] as Style;
    }
    if (wrapping.length > 0) {
      // As for the header: LibreOffice does not grow a row for its wrapped text, and draws it over the next.
      const texts = wrapping.map((i) => (typeof values[i] === 'string' ? values[i] : ''));
      const height = wrappedRowHeight(
        texts,
        wrapping.map((i) => widths[i] ?? 0),
      );
      if (height > 0) row.height = height;
    }
    row.commit();
    count++;
    if (count % ROWS_PER_CHECK === 0) await zipCaughtUp(worksheet, context.stopped);
  }
  if (sheet.judged && context.targets && count > 0) {
    markMissedTargets(worksheet, columns, context.targets, { first: headerRow + 1, last: headerRow + count });
  }
  worksheet.commit();
  return { name, rows: count };
}

export { StyleCache };
