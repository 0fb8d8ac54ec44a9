import { columnsOf } from '../render/columns.ts';
import { comparisonHeader, type Language, labelsFor } from '../render/i18n.ts';
import { type Kpi, type KpiFormat, snapshotKpis } from '../render/kpis.ts';
import { describePeriod } from '../render/model.ts';
import { tableSheet } from '../render/sheet.ts';
import type { CellKind } from '../render/workbook-cells.ts';
import type { RawSnapshot } from '../report/snapshot.ts';
import { chats } from './chats.ts';
import { customers } from './customers.ts';
import { messages } from './messages.ts';
import { METRIC_LIST, type MetricDefinition } from './metrics.ts';
import { satisfaction } from './satisfaction.ts';
import { comparedParts, defineSection, type Localized } from './section.ts';

/**
 * Summary: the headline KPIs (headline.ts; the email's figures) with the previous period and the
 * change. It fetches nothing of its own: it reads the compared parts of the sections it draws on.
 */

/** One line of the Summary sheet. */
interface SummaryLine {
  readonly kpi: string;
  readonly current: number | null;
  readonly previous: number | null;
  readonly change: number | undefined;
  readonly relativeChange: number | null | undefined;
  readonly format: KpiFormat;
}

const column = columnsOf<SummaryLine>();

/** Value columns take each KPI's own unit (see kpis.ts); `change` is current − previous in that unit. */
function summaryColumns(period: RawSnapshot['period']) {
  const previous = comparisonHeader(period, (labels) => labels.previousPeriod);
  const change = comparisonHeader(period, (labels) => `${labels.versus}`);
  return [
    column('kpi', 'Metric', '指标', 'text', 32),
    column('current', 'This period', '本期', 'count', 14),
    column('previous', previous.en, previous.zh, 'count', 14),
    column('change', `Change ${change.en}`, `变化（${change.zh}）`, 'count', 14),
    column('relativeChange', `Change % ${change.en}`, `变化率（${change.zh}）`, 'rate', 14),
  ];
}

const VALUE_KIND: Record<KpiFormat, CellKind> = {
  count: 'count',
  percent: 'rate',
  duration: 'durationMs',
  score: 'score',
};

const CHANGE_KIND: Record<KpiFormat, CellKind> = {
  count: 'signedCount',
  percent: 'signedPoints',
  duration: 'signedSeconds',
  score: 'signedScore',
};

function kindOf(line: SummaryLine, column: { readonly field: string; readonly type: CellKind }): CellKind {
  switch (column.field) {
    case 'current':
    case 'previous':
      return VALUE_KIND[line.format];
    case 'change':
      return CHANGE_KIND[line.format];
    case 'relativeChange':
      return 'signedRate';
    default:
      return column.type;
  }
}

function preamble(snapshot: RawSnapshot, title: string, language: Language): string[] {
  const labels = labelsFor(language, snapshot.period);
  const lines = [title, `${labels.period}: ${describePeriod(snapshot.period)}`];
  lines.push(
    snapshot.previous && snapshot.previousPeriod
      ? `${labels.comparedWith}: ${describePeriod(snapshot.previousPeriod)}`
      : labels.notCompared,
  );
  if (snapshot.scope) lines.push(`${labels.scope}: ${snapshot.scope.name}`);
  return lines;
}

/** The precision CHANGE_KIND's formats show, in the KPI's unit (a fraction, ms). */
const CHANGE_STEP: Record<KpiFormat, number> = { count: 1, percent: 0.0001, duration: 1000, score: 0.01 };

/** Rounded to what the cell shows, so a change too small to see reads 0, unsigned, not "+0.00". */
function shown(value: number, step: number): number {
  return Math.round(value / step) * step || 0;
}

function lineOf(kpi: Kpi, language: Language): SummaryLine {
  const label = kpi.label[language];
  const change = kpi.change ? shown(kpi.change.absolute, CHANGE_STEP[kpi.format]) : undefined;
  const relative = kpi.change?.relative;
  return {
    kpi: kpi.accountWide ? `${label} (${labelsFor(language).accountWide})` : label,
    current: kpi.current,
    previous: kpi.previous,
    change,
    relativeChange: change === 0 ? 0 : typeof relative === 'number' ? shown(relative, 0.0001) : relative,
    format: kpi.format,
  };
}

/** One line of the Definitions sheet: a registered metric. */
interface DefinitionLine {
  readonly metric: string;
  readonly formula: string;
  readonly sources: string;
  readonly unit: string;
  readonly better: string;
  readonly aggregation: string;
}

const definition = columnsOf<DefinitionLine>();

const DEFINITION_COLUMNS = [
  definition('metric', 'Metric', '指标', 'text', 34),
  { ...definition('formula', 'Formula', '计算方式', 'text', 56), wrap: true },
  { ...definition('sources', 'Source fields', '来源字段', 'text', 48), wrap: true },
  definition('unit', 'Unit', '单位', 'text', 10),
  definition('better', 'Better when', '越…越好', 'text', 12),
  { ...definition('aggregation', 'Across rows', '多行合计方式', 'text', 52), wrap: true },
];

const UNITS: Record<KpiFormat, Localized> = {
  count: { en: 'Count', zh: '数量' },
  percent: { en: 'Percent', zh: '百分比' },
  duration: { en: 'Duration', zh: '时长' },
  score: { en: 'Score', zh: '分数' },
};

const DIRECTIONS: Record<MetricDefinition['better'], Localized> = {
  higher: { en: 'Higher', zh: '越高越好' },
  lower: { en: 'Lower', zh: '越低越好' },
  neutral: { en: 'Neither', zh: '无好坏' },
};

function definitionLine(metric: MetricDefinition, language: Language): DefinitionLine {
  return {
    metric: metric.label[language],
    formula: metric.formula[language],
    sources: metric.sources.join(', '),
    unit: UNITS[metric.unit][language],
    better: DIRECTIONS[metric.better][language],
    aggregation: metric.aggregation[language],
  };
}

export const summary = defineSection({
  id: 'summary',
  parts: null,
  reads: [chats, messages, customers, satisfaction].flatMap(comparedParts),
  sheets: ({ snapshot, title, language }) => [
    tableSheet({
      name: { en: 'Summary', zh: '概览' },
      columns: summaryColumns(snapshot.period),
      rows: snapshotKpis(snapshot).map((kpi) => lineOf(kpi, language)),
      preamble: preamble(snapshot, title, language),
      frozenColumns: 1,
      kindOf,
    }),
    tableSheet({
      name: { en: 'Definitions', zh: '指标定义' },
      columns: DEFINITION_COLUMNS,
      rows: METRIC_LIST.map((metric) => definitionLine(metric, language)),
      frozenColumns: 1,
    }),
  ],
});
