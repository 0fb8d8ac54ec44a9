import type { MetricDefinition } from '../sections/metrics.ts';
import type { Localized } from '../sections/section.ts';

export type { Localized } from '../sections/section.ts';

/**
 * A workbook column: the row field, its header in both languages, its unit and a width. Each section
 * declares its own columns (src/core/sections) with `columnsOf<Row>()`, so a field the row schema does
 * not declare is a compile error. English headers are the reference's own descriptions (e.g.
 * `human_consult` → "Total Chats"), corrected where the reference repeats or swaps a label.
 */

/**
 * - `count`: a whole number; `decimal`: an average such as messages per chat; `score`: a rating average.
 * - `rate`: a fraction (0.75), shown as a percent.
 * - `durationMs` / `timestampMs`: milliseconds, written as Excel durations / dates in the report timezone.
 * - `date`: `yyyy-MM-dd`, written as a real date (other shapes such as `2024-45` stay text).
 */
export type ColumnType =
  | 'count'
  | 'decimal'
  | 'rate'
  | 'durationMs'
  | 'timestampMs'
  | 'date'
  | 'text'
  | 'score';

/** `Field` is the row type's field names (see `columnsOf`), so a column of another row does not fit. */
export interface ColumnSpec<Field extends string = string> {
  readonly field: Field;
  readonly header: Localized;
  readonly type: ColumnType;
  /** In Excel character units. */
  readonly width: number;
  /** The registry metric the column shows (metricColumnsOf), so a target can mark its cells. */
  readonly metric?: string;
  /** Sentences (a formula, a list of fields): wrapped within the column, not cut off by the next. */
  readonly wrap?: boolean;
}

const DEFAULT_WIDTH: Record<ColumnType, number> = {
  count: 12,
  decimal: 12,
  rate: 12,
  durationMs: 12,
  timestampMs: 20,
  date: 12,
  text: 24,
  score: 10,
};

/** The declared keys of a row type, without the index signature a loose schema adds. */
export type FieldOf<Row> = unknown extends Row
  ? string
  : keyof { [K in keyof Row as string extends K ? never : number extends K ? never : K]: Row[K] } & string;

/** A column builder for one row type: `const column = columnsOf<ChatRow>()`. */
export function columnsOf<Row>() {
  return (
    field: FieldOf<Row>,
    en: string,
    zh: string,
    type: ColumnType,
    width?: number,
  ): ColumnSpec<FieldOf<Row>> => ({
    field,
    header: { en, zh },
    type,
    width: width ?? DEFAULT_WIDTH[type],
  });
}

const METRIC_COLUMN_TYPE: Record<MetricDefinition['unit'], ColumnType> = {
  count: 'count',
  percent: 'rate',
  duration: 'durationMs',
  score: 'score',
};

export function columnTypeOf(metric: MetricDefinition): ColumnType {
  return METRIC_COLUMN_TYPE[metric.unit];
}

/**
 * A column builder for fields that are a registered metric for one row: the header and unit are the
 * metric's, so the workbook names the figure exactly as the email does.
 */
export function metricColumnsOf<Row>() {
  return (field: FieldOf<Row>, metric: MetricDefinition, width?: number): ColumnSpec<FieldOf<Row>> => {
    const type = columnTypeOf(metric);
    return {
      field,
      header: metric.label,
      type,
      width: width ?? Math.max(DEFAULT_WIDTH[type], 16),
      metric: metric.id,
    };
  };
}
