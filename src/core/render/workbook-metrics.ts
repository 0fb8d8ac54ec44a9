import type { ColumnType, MetricGroup } from './columns.ts';
import type { Language } from './i18n.ts';

/** One line of a metric sheet: a figure of a single-object endpoint and its month-on-month change. */
export interface MetricRow {
  readonly group: string;
  readonly metric: string;
  readonly value: unknown;
  readonly mom: unknown;
  readonly type: ColumnType;
}

/** Lines for each endpoint object that was collected; an endpoint that returned nothing adds none. */
export function metricRows(
  sources: readonly { readonly group: MetricGroup; readonly item: Record<string, unknown> | null }[],
  language: Language,
): MetricRow[] {
  return sources.flatMap(({ group, item }) =>
    item === null
      ? []
      : group.metrics.map((metric) => ({
          group: group.title[language],
          metric: metric.label[language],
          value: item[metric.field],
          mom: item[`${metric.field}${group.momSuffix}`],
          type: metric.type,
        })),
  );
}

export const metricKind = (row: MetricRow, column: { field: string; type: ColumnType }): ColumnType =>
  column.field === 'value' ? row.type : column.type;
