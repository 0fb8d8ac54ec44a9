import { IANAZone } from 'luxon';
import { num } from '../sobot/schemas.ts';
import type { ColumnType } from './columns.ts';

/**
 * How a value from the API becomes an Excel cell value. Only primitives and Dates come out of here:
 * exceljs turns objects (`{ formula }`, `{ richText }`, `{ hyperlink }`) into formulas and links, but
 * writes a plain string as a typed string cell (`<c t="str"><v>…</v></c>`, no `<f>` element), which
 * no spreadsheet app evaluates. So a department named `=HYPERLINK(…)`, `+1-2`, `-2+3` or `@SUM(…)`
 * stays text in the xlsx, and no quote prefix is needed (one would corrupt the name). The risk those
 * prefixes carry is in CSV, where a cell has no type: a CSV exported from this workbook by a person
 * is the exporting app's concern, and this project writes no CSV.
 */

export type CellValue = string | number | Date | null;

/** Column units plus the signed formats of the Summary sheet's change column. */
export type CellKind =
  | ColumnType
  | 'signedCount'
  | 'signedRate'
  | 'signedPoints'
  | 'signedScore'
  | 'signedSeconds';

const SIGNED = (format: string) => `+${format};-${format};${format}`;

export const NUMBER_FORMATS: Record<CellKind, string> = {
  count: '#,##0',
  decimal: '#,##0.00',
  score: '0.00',
  rate: '0.00%',
  durationMs: '[h]:mm:ss',
  timestampMs: 'yyyy-mm-dd hh:mm:ss',
  date: 'yyyy-mm-dd',
  text: '@',
  signedCount: SIGNED('#,##0'),
  signedRate: SIGNED('0.00%'),
  // A change between two rates, in percentage points: 0.712 → 0.745 is "+3.30 pp", not "+3.30%".
  signedPoints: SIGNED('0.00" pp"'),
  signedScore: SIGNED('0.00'),
  // Excel cannot show a negative [h]:mm:ss, so a change in duration is written in seconds.
  signedSeconds: SIGNED('#,##0" s"'),
};

/** Excel's limit on the characters in one cell. */
export const MAX_CELL_TEXT = 32_767;
const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any value as literal cell text: lone surrogates replaced (they cannot be encoded), cut to Excel's limit. */
export function literalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  text = text.replace(LONE_SURROGATE, '\uFFFD');
  if (text.length <= MAX_CELL_TEXT) return text;
  const cut = text.slice(0, MAX_CELL_TEXT - 1);
  // Never split a surrogate pair (an emoji) in two.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** A number as the schemas coerce it ("21", "75.00%" → 0.75); other text is kept as text. */
function numeric(value: unknown): number | string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || value === undefined) return null;
  const parsed = num.safeParse(value);
  if (parsed.success && typeof parsed.data === 'number') return parsed.data;
  if (parsed.success) return null;
  return literalText(value);
}

/** Wall-clock time in `zone`, as the UTC Date exceljs writes verbatim (Excel dates have no zone). */
export function wallClockDate(epochMs: number, zone: string): Date {
  return new Date(epochMs + IANAZone.create(zone).offset(epochMs) * 60_000);
}

export function toCellValue(value: unknown, kind: CellKind, zone: string): CellValue {
  switch (kind) {
    case 'text':
      return literalText(value);
    case 'date': {
      const match = typeof value === 'string' ? ISO_DAY.exec(value) : null;
      if (!match) return literalText(value);
      return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    }
    case 'durationMs': {
      const ms = numeric(value);
      return typeof ms === 'number' ? ms / MS_PER_DAY : ms;
    }
    case 'signedSeconds': {
      const ms = numeric(value);
      return typeof ms === 'number' ? ms / 1000 : ms;
    }
    case 'signedPoints': {
      const fraction = numeric(value);
      return typeof fraction === 'number' ? fraction * 100 : fraction;
    }
    case 'timestampMs': {
      const ms = numeric(value);
      // 0 is the API's "never" (no login that day), not 1970.
      if (ms === 0) return null;
      return typeof ms === 'number' ? wallClockDate(ms, zone) : ms;
    }
    default:
      return numeric(value);
  }
}
