import type ExcelJS from 'exceljs';

/**
 * How a table sheet prints: on A4 or Letter (whichever the printer has; both fit), at most as many
 * pages wide as keeps the text readable, the header row on every page, and a header row tall enough
 * for its wrapped labels.
 */

/** Excel's column width unit is the maximum digit width of Calibri 11, 7 px at 96 dpi: 5.25 pt. */
const POINTS_PER_CHARACTER = 5.25;
/** Excel's "Narrow" margins, in inches: more columns per page than its default 0.7 in sides. */
const MARGINS = { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };
/**
 * The printable width of the narrower of A4 (8.27 × 11.69 in) and Letter (8.5 × 11 in), in points, so a
 * sheet fitted here fits on either.
 */
const PRINTABLE_WIDTH = {
  portrait: (8.27 - MARGINS.left - MARGINS.right) * 72,
  landscape: (11 - MARGINS.left - MARGINS.right) * 72,
};
/**
 * Fit to width shrinks 11 pt text by the ratio of the page to the sheet: the 59-column agent sheet on
 * one landscape page would print at about 14 %, under 2 pt. Below this scale a sheet is spread over
 * more pages instead, each still fitted to its width, with its row labels repeated on each.
 */
const MIN_READABLE_SCALE = 0.55;
/** Calibri 11's default row height, in points, which is one line of text. */
const LINE_HEIGHT = 15;
/**
 * Column widths count Calibri 11's digits; its letters are narrower, and bold makes up the difference,
 * so a bold label is about one width per character (two for CJK).
 */
const BOLD_WIDTH = 1;
/** Regular text, a little narrower; kept on the safe side, as a row too short hides a line. */
const REGULAR_WIDTH = 0.9;
/** A cell's text starts and ends a little inside the column (5 px, under one character in all). */
const CELL_PADDING = 1;

/** Excel widths count characters; CJK characters are about two wide. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
  return width;
}

/**
 * The lines a text wraps onto in a column `width` characters wide, at `charWidth` widths a character
 * (a bold label's by default), breaking at spaces as Excel does, and anywhere in a run of CJK
 * characters, which have no spaces to break at.
 */
export function wrappedLines(label: string, width: number, charWidth = BOLD_WIDTH): number {
  const room = Math.max(1, width - CELL_PADDING);
  const words = label.split(/\s+/).filter((word) => word.length > 0);
  let lines = 1;
  let used = 0;
  for (const word of words) {
    const wordWidth = displayWidth(word) * charWidth;
    const needed = used === 0 ? wordWidth : used + charWidth + wordWidth;
    if (needed <= room) {
      used = needed;
      continue;
    }
    if (used > 0) lines++;
    // A word wider than the column is broken over as many lines as it fills.
    const overflow = Math.ceil(wordWidth / room);
    lines += overflow - 1;
    used = wordWidth - (overflow - 1) * room;
  }
  return lines;
}

/** The height, in points, of a header row whose labels wrap within their columns. */
export function headerRowHeight(labels: readonly string[], widths: readonly number[]): number {
  const lines = Math.max(1, ...labels.map((label, i) => wrappedLines(label, widths[i] ?? 0)));
  return lines * LINE_HEIGHT;
}

/** The height of a data row whose texts wrap within their columns; 0 when each fits on one line. */
export function wrappedRowHeight(texts: readonly string[], widths: readonly number[]): number {
  const lines = Math.max(1, ...texts.map((text, i) => wrappedLines(text, widths[i] ?? 0, REGULAR_WIDTH)));
  return lines > 1 ? lines * LINE_HEIGHT : 0;
}

/** `A`, `B`, … `Z`, `AA`: the letters of a 1-based column number. */
function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

interface PrintLayout {
  /** 1-based row of the header, repeated at the top of every printed page. */
  readonly headerRow: number;
  /** Column widths, in Excel character units. */
  readonly widths: readonly number[];
  /** The row label columns, repeated on the left of each page when the sheet spans several. */
  readonly labelColumns: number;
}

export interface SheetPrintSetup {
  readonly pageSetup: Partial<ExcelJS.PageSetup>;
  readonly headerFooter: Partial<ExcelJS.HeaderFooter>;
}

/**
 * Landscape when the sheet is wider than a portrait page; fitted to the page width (`fitToPage` with
 * `fitToWidth`, `fitToHeight` 0 for as many pages down as the rows take), or to the fewest page widths
 * that keep `MIN_READABLE_SCALE`.
 *
 * The streaming writer decides `<pageSetUpPr fitToPage="1"/>` when the sheet is added, from the
 * options it is given (`fitToWidth` or `fitToHeight` set and no `scale`); setting `pageSetup` on the
 * sheet afterwards writes `fitToWidth` but leaves it off, which Excel and LibreOffice then ignore.
 * `fitToPage` is also passed explicitly, so a later change to that rule in exceljs cannot drop it.
 */
export function printSetup({ headerRow, widths, labelColumns }: PrintLayout): SheetPrintSetup {
  const points = (columns: readonly number[]) =>
    columns.reduce((sum, width) => sum + width * POINTS_PER_CHARACTER, 0);
  const sheetWidth = points(widths);
  const orientation = sheetWidth <= PRINTABLE_WIDTH.portrait ? 'portrait' : 'landscape';
  const pageWidth = PRINTABLE_WIDTH[orientation] / MIN_READABLE_SCALE;
  const labelWidth = points(widths.slice(0, labelColumns));
  const pagesWide =
    sheetWidth <= pageWidth ? 1 : Math.ceil((sheetWidth - labelWidth) / (pageWidth - labelWidth));
  return {
    pageSetup: {
      orientation,
      margins: MARGINS,
      fitToPage: true,
      fitToWidth: pagesWide,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
      ...(pagesWide > 1 && labelColumns > 0 ? { printTitlesColumn: `A:${columnLetters(labelColumns)}` } : {}),
    },
    // The sheet's name and the page number of the sheet, so loose pages can be put back in order.
    headerFooter: { oddFooter: '&L&A&R&P / &N' },
  };
}
