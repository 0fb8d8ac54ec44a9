import { columnsOf } from '../render/columns.ts';
import { type Language, labelsFor } from '../render/i18n.ts';
import { type Kpi, type KpiFormat, snapshotKpis } from '../render/kpis.ts';
import { describePeriod } from '../render/model.ts';
import { tableSheet } from '../render/sheet.ts';
import type { CellKind } from '../render/workbook-cells.ts';
import type { RawSnapshot } from '../report/snapshot.ts';
import { chats } from './chats.ts';
import { customers } from './customers.ts';
import { messages } from './messages.ts';
import { satisfaction } from './satisfaction.ts';
import { comparedParts, defineSection } from './section.ts';

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
export const SUMMARY_COLUMNS = [
  column('kpi', 'Metric', '指标', 'text', 28),
  column('current', 'This period', '本期', 'count', 14),
  column('previous', 'Previous period', '上期', 'count', 14),
  column('change', 'Change', '变化', 'count', 12),
  column('relativeChange', 'Change %', '变化率', 'rate', 12),
];

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
  const labels = labelsFor(language);
  const lines = [title, `${labels.period}: ${describePeriod(snapshot.period)}`];
  lines.push(
    snapshot.previous && snapshot.previousPeriod
      ? `${labels.comparedWith}: ${describePeriod(snapshot.previousPeriod)}`
      : labels.notCompared,
  );
  if (snapshot.scope) lines.push(`${labels.scope}: ${snapshot.scope.name}`);
  return lines;
}

function lineOf(kpi: Kpi, language: Language): SummaryLine {
  const label = kpi.label[language];
  return {
    kpi: kpi.accountWide ? `${label} (${labelsFor(language).accountWide})` : label,
    current: kpi.current,
    previous: kpi.previous,
    change: kpi.change?.absolute,
    relativeChange: kpi.change?.relative,
    format: kpi.format,
  };
}

export const summary = defineSection({
  id: 'summary',
  parts: null,
  reads: [chats, messages, customers, satisfaction].flatMap(comparedParts),
  sheets: ({ snapshot, title, language }) => [
    tableSheet({
      name: { en: 'Summary', zh: '概览' },
      columns: SUMMARY_COLUMNS,
      rows: snapshotKpis(snapshot).map((kpi) => lineOf(kpi, language)),
      preamble: preamble(snapshot, title, language),
      frozenColumns: 1,
      kindOf,
    }),
  ],
});
