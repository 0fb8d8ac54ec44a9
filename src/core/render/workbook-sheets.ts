import type ExcelJS from 'exceljs';
import type { Section } from '../report/config.ts';
import type { RawSnapshot } from '../report/snapshot.ts';
import type { SummaryRow } from '../sobot/schemas.ts';
import {
  AGENT_COLUMNS,
  CHAT_COLUMNS,
  type ColumnSpec,
  CUSTOMER_METRICS,
  DAY_COLUMN,
  DIMENSION_COLUMNS,
  DIMENSION_LIST_COLUMNS,
  MESSAGE_COLUMNS,
  METRIC_COLUMNS,
  type MetricGroup,
  REGION_COLUMNS,
  SATISFACTION_METRICS,
  SERVICE_SUMMARY_COLUMNS,
  WORK_STATUS_COLUMNS,
} from './columns.ts';
import type { Language } from './i18n.ts';
import { dimensionEntries } from './workbook-dimensions.ts';
import { metricKind, metricRows } from './workbook-metrics.ts';
import { summarySheet } from './workbook-summary.ts';
import { type StyleCache, type TableContext, type TableSheet, writeTableSheet } from './workbook-table.ts';

/** Writes one sheet; the row type stays inside, so sheets of different rows sit in one list. */
export type SheetWriter = (
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  context: TableContext,
  styles: StyleCache,
) => Promise<{ name: string; rows: number }>;

function table<T>(sheet: TableSheet<T>): SheetWriter {
  return (workbook, context, styles) => writeTableSheet(workbook, sheet, context, styles);
}

type AnyItem = Record<string, unknown> | null;

function breakdownSheets(
  snapshot: RawSnapshot,
  names: { readonly totals: { en: string; zh: string }; readonly daily: { en: string; zh: string } },
  rows: { readonly totals: readonly object[]; readonly daily: readonly object[] },
  figures: readonly ColumnSpec[],
): SheetWriter[] {
  const labels = DIMENSION_COLUMNS[snapshot.dimension];
  return [
    table({
      name: names.totals,
      columns: [...labels, ...figures],
      rows: rows.totals,
      frozenColumns: labels.length,
    }),
    table({
      name: names.daily,
      columns: [DAY_COLUMN, ...labels, ...figures],
      rows: rows.daily,
      frozenColumns: labels.length + 1,
    }),
  ];
}

function metricSheet(
  name: { en: string; zh: string },
  sources: readonly { group: MetricGroup; item: AnyItem }[],
  language: Language,
): SheetWriter {
  return table({
    name,
    columns: METRIC_COLUMNS,
    rows: metricRows(sources, language),
    frozenColumns: 2,
    kindOf: metricKind,
  });
}

/** A classification's rows: one per period in `details`, or one bare row when it has none. */
function* serviceSummaryRows(rows: readonly SummaryRow[]): Generator<Record<string, unknown>> {
  for (const row of rows) {
    const details = row.details ?? [];
    if (details.length === 0) yield { ...row, details: undefined };
    for (const detail of details) {
      yield { ...detail, classify_show_name: row.classify_show_name, level: row.level };
    }
  }
}

const [overviewMetrics, botMetrics, agentMetrics] = CUSTOMER_METRICS as [
  MetricGroup,
  MetricGroup,
  MetricGroup,
];
const [sessionMetrics, customerMetrics] = SATISFACTION_METRICS as [MetricGroup, MetricGroup];

/** The sheets of each section, in the order they appear in the workbook. */
export function sectionSheets(
  section: Section,
  snapshot: RawSnapshot,
  title: string,
  language: Language,
): SheetWriter[] {
  const data = snapshot.current;
  switch (section) {
    case 'summary':
      return [table(summarySheet(snapshot, title, language))];
    case 'chats':
      return breakdownSheets(
        snapshot,
        { totals: { en: 'Chats', zh: '会话统计' }, daily: { en: 'Chats by day', zh: '每日会话统计' } },
        data.chats,
        CHAT_COLUMNS,
      );
    case 'messages':
      return breakdownSheets(
        snapshot,
        { totals: { en: 'Messages', zh: '消息统计' }, daily: { en: 'Messages by day', zh: '每日消息统计' } },
        data.messages,
        MESSAGE_COLUMNS,
      );
    case 'customers':
      return [
        metricSheet(
          { en: 'Customers', zh: '客户统计' },
          [
            { group: overviewMetrics, item: data.customers.overview },
            { group: botMetrics, item: data.customers.botReception },
            { group: agentMetrics, item: data.customers.agentReception },
          ],
          language,
        ),
        table({
          name: { en: 'Customer regions', zh: '客户地域分布' },
          columns: REGION_COLUMNS,
          rows: data.customers.regions,
        }),
      ];
    case 'agents':
      return [
        table({
          name: { en: 'Agents', zh: '客服工作量' },
          columns: AGENT_COLUMNS,
          rows: data.agents,
          frozenColumns: 1,
        }),
      ];
    case 'workStatus':
      return [
        table({
          name: { en: 'Work status', zh: '客服工作状态' },
          columns: WORK_STATUS_COLUMNS,
          rows: data.workStatus,
          frozenColumns: 1,
        }),
      ];
    case 'satisfaction':
      return [
        metricSheet(
          { en: 'Satisfaction', zh: '满意度' },
          [
            { group: sessionMetrics, item: data.satisfaction.sessions },
            { group: customerMetrics, item: data.satisfaction.customers },
          ],
          language,
        ),
      ];
    case 'serviceSummary':
      return [
        table({
          name: { en: 'Service summary', zh: '服务总结' },
          columns: SERVICE_SUMMARY_COLUMNS,
          rows: serviceSummaryRows(data.serviceSummary),
          frozenColumns: 1,
        }),
      ];
    case 'dimensions':
      return [
        table({
          name: { en: 'Dimensions', zh: '维度列表' },
          columns: DIMENSION_LIST_COLUMNS,
          rows: dimensionEntries(snapshot.conditions, language),
          indentOf: (entry, column) => (column.field === 'name' ? entry.depth : 0),
        }),
      ];
  }
}
