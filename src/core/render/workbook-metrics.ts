import type { Localized } from '../sections/section.ts';
import { type ColumnType, columnsOf, type FieldOf } from './columns.ts';
import type { Language } from './i18n.ts';
import { type SheetWriter, tableSheet } from './sheet.ts';

/**
 * A metric sheet lists the figures of single-object endpoints (getGeneral, getSatisfactionSurvey…):
 * one line per figure with its value and its month-on-month twin.
 */

/** One line of a metric sheet: a figure of a single-object endpoint and its month-on-month change. */
interface MetricRow {
  readonly group: string;
  readonly metric: string;
  readonly value: unknown;
  readonly mom: unknown;
  readonly type: ColumnType;
}

export interface MetricSpec<Item> {
  readonly field: FieldOf<Item>;
  readonly label: Localized;
  readonly type: ColumnType;
}

export interface MetricGroup<Item> {
  readonly title: Localized;
  /** `_cycle`, `_ratio` or `_change`: how this endpoint names a figure's month-on-month change. */
  readonly momSuffix: string;
  readonly metrics: readonly MetricSpec<Item>[];
}

/** A metric builder for one endpoint object: `const metric = metricsOf<CustomerOverview>()`. */
export function metricsOf<Item>() {
  return (field: FieldOf<Item>, en: string, zh: string, type: ColumnType = 'count'): MetricSpec<Item> => ({
    field,
    label: { en, zh },
    type,
  });
}

const column = columnsOf<MetricRow>();

export const METRIC_COLUMNS = [
  column('group', 'Section', '分类', 'text', 26),
  column('metric', 'Metric', '指标', 'text', 44),
  column('value', 'Value', '数值', 'count', 14),
  column('mom', 'MoM', '环比', 'rate', 12),
];

/** A group with the object it describes; the object is null when the endpoint sent none. */
interface MetricSource {
  readonly group: {
    readonly title: Localized;
    readonly momSuffix: string;
    readonly metrics: readonly {
      readonly field: string;
      readonly label: Localized;
      readonly type: ColumnType;
    }[];
  };
  readonly item: object | null;
}

/** Lines for each endpoint object that was collected; an endpoint that returned nothing adds none. */
function metricRows(sources: readonly MetricSource[], language: Language): MetricRow[] {
  return sources.flatMap(({ group, item }) => {
    if (item === null) return [];
    const values = item as Record<string, unknown>;
    return group.metrics.map((metric) => ({
      group: group.title[language],
      metric: metric.label[language],
      value: values[metric.field],
      mom: values[`${metric.field}${group.momSuffix}`],
      type: metric.type,
    }));
  });
}

export function metricSheet(
  name: Localized,
  sources: readonly MetricSource[],
  language: Language,
): SheetWriter {
  return tableSheet({
    name,
    columns: METRIC_COLUMNS,
    rows: metricRows(sources, language),
    frozenColumns: 2,
    kindOf: (row, column) => (column.field === 'value' ? row.type : column.type),
  });
}
