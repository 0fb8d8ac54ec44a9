import { HEADLINE_KPIS } from '../sections/headline.ts';
import type { MetricDefinition } from '../sections/metrics.ts';
import type { PeriodTrend, TrendPeriod } from '../trend/trend.ts';
import { type ColumnSpec, columnTypeOf } from './columns.ts';
import type { Language } from './i18n.ts';
import { type SheetWriter, tableSheet } from './sheet.ts';

/**
 * The Trend sheet: one row per period of the trend, this run's last, with every headline figure by
 * its registry metric. A gap is an empty row with "no data" as its source, and an unknown figure an
 * empty cell, never 0.
 */

const SOURCE: Record<NonNullable<TrendPeriod['source']> | 'none', Record<Language, string>> = {
  current: { en: 'This report', zh: '本期报表' },
  report: { en: 'Earlier report', zh: '以往报表' },
  api: { en: 'Sobot getStat (chat figures only)', zh: 'Sobot getStat（仅会话指标）' },
  none: { en: 'No data', zh: '无数据' },
};

/** Each metric a headline figure may be read as (a fallback too), once, in headline order. */
function trendMetrics(trend: PeriodTrend): MetricDefinition[] {
  const seen = new Map<string, MetricDefinition>();
  for (const kpi of HEADLINE_KPIS) {
    for (const [index, reading] of [kpi, ...(kpi.fallbacks ?? [])].entries()) {
      const used =
        index === 0 || trend.periods.some((p) => typeof p.figures?.[reading.metric.id] === 'number');
      if (used && !seen.has(reading.metric.id)) seen.set(reading.metric.id, reading.metric);
    }
  }
  return [...seen.values()];
}

export function trendSheet(trend: PeriodTrend): SheetWriter {
  const metrics = trendMetrics(trend);
  const periodHeader = {
    daily: { en: 'Day', zh: '日期' },
    weekly: { en: 'Week', zh: '周' },
    monthly: { en: 'Month', zh: '月份' },
  }[trend.kind];
  const columns: ColumnSpec<string>[] = [
    { field: 'label', header: periodHeader, type: 'text', width: 12 },
    { field: 'from', header: { en: 'From', zh: '开始日期' }, type: 'date', width: 12 },
    { field: 'to', header: { en: 'To', zh: '结束日期' }, type: 'date', width: 12 },
    { field: 'source', header: { en: 'Source', zh: '来源' }, type: 'text', width: 32 },
    ...metrics.map(
      (metric): ColumnSpec<string> => ({
        field: `metric:${metric.id}`,
        header: metric.label,
        type: columnTypeOf(metric),
        width: 16,
      }),
    ),
  ];
  return (workbook, context, styles) =>
    tableSheet<unknown>({
      name: { en: 'Trend', zh: '趋势' },
      columns,
      rows: trend.periods,
      frozenColumns: 1,
      fieldValue: (row, column) => {
        const period = row as TrendPeriod;
        if (column.field === 'source') return SOURCE[period.source ?? 'none'][context.language];
        if (column.field.startsWith('metric:'))
          return period.figures?.[column.field.slice('metric:'.length)] ?? null;
        return period[column.field as 'label' | 'from' | 'to'];
      },
    })(workbook, context, styles);
}
