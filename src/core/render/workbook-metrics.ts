import type { PeriodWindow } from '../report/snapshot.ts';
import type { MetricDefinition } from '../sections/metrics.ts';
import type { Localized } from '../sections/section.ts';
import { type ColumnType, columnsOf, columnTypeOf, type FieldOf } from './columns.ts';
import { comparisonHeader, type Language } from './i18n.ts';
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

/** A line for a field that is a registered metric: labelled and typed as the email shows it. */
export function registeredMetricsOf<Item>() {
  return (field: FieldOf<Item>, metric: MetricDefinition): MetricSpec<Item> => ({
    field,
    label: metric.label,
    type: columnTypeOf(metric),
  });
}

const column = columnsOf<MetricRow>();

/**
 * The reference calls the `_cycle`/`_ratio`/`_change` twins "MoM" whatever the window; they compare
 * with the window of the same length before it, so the heading names that (`vs previous week`).
 */
function metricColumns(period: Pick<PeriodWindow, 'kind' | 'days'>) {
  const versus = comparisonHeader(period, (labels) => labels.versus);
  return [
    column('group', 'Section', '分类', 'text', 26),
    column('metric', 'Metric', '指标', 'text', 44),
    column('value', 'Value', '数值', 'count', 14),
    column('mom', versus.en, versus.zh, 'rate', 14),
  ];
}

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
  period: Pick<PeriodWindow, 'kind' | 'days'>,
): SheetWriter {
  return tableSheet({
    name,
    columns: metricColumns(period),
    rows: metricRows(sources, language),
    frozenColumns: 2,
    kindOf: (row, column) => (column.field === 'value' ? row.type : column.type),
  });
}
