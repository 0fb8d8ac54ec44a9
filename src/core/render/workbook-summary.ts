import type { RawSnapshot } from '../report/snapshot.ts';
import { type ColumnSpec, SUMMARY_COLUMNS } from './columns.ts';
import { type Language, labelsFor } from './i18n.ts';
import { describePeriod, type Kpi, type KpiFormat, snapshotKpis } from './model.ts';
import type { CellKind } from './workbook-cells.ts';
import type { TableSheet } from './workbook-table.ts';

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

function kindOf(kpi: Kpi, column: ColumnSpec): CellKind {
  switch (column.field) {
    case 'current':
    case 'previous':
      return VALUE_KIND[kpi.format];
    case 'change':
      return CHANGE_KIND[kpi.format];
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

/** The headline KPIs (the email's figures, from kpis.ts) with the previous period and the change. */
export function summarySheet(snapshot: RawSnapshot, title: string, language: Language): TableSheet<Kpi> {
  const labels = labelsFor(language);
  return {
    name: { en: 'Summary', zh: '概览' },
    columns: SUMMARY_COLUMNS,
    rows: snapshotKpis(snapshot),
    preamble: preamble(snapshot, title, language),
    frozenColumns: 1,
    kindOf,
    fieldValue: (kpi, column) => {
      switch (column.field) {
        case 'kpi':
          return kpi.accountWide ? `${labels.kpi[kpi.id]} (${labels.accountWide})` : labels.kpi[kpi.id];
        case 'current':
          return kpi.current;
        case 'previous':
          return kpi.previous;
        case 'change':
          return kpi.change?.absolute;
        case 'relativeChange':
          return kpi.change?.relative;
        default:
          return undefined;
      }
    },
  };
}
