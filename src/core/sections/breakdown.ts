import * as z from 'zod';
import { type ColumnSpec, columnsOf, type FieldOf } from '../render/columns.ts';
import { type SheetWriter, tableSheet } from '../render/sheet.ts';
import type { Dimension } from '../report/snapshot.ts';
import type { SummaryWay } from '../sobot/api.ts';
import { dayOf } from '../sobot/decode.ts';
import { ALL_FILTERS, filterParams, rangeParams } from '../sobot/request-params.ts';
import { fields, text } from '../sobot/schemas.ts';
import { type Localized, listPart, type Part, type PlanContext, type SliceCut } from './section.ts';

/**
 * What the chats and messages sections share: getStat and getMsgStat answer the same breakdown, one row
 * per department, skill group or channel (search_way) and, with summary_way=1, per day.
 */

/** Dimension columns a breakdown row carries, depending on search_way and summary_way. */
export const dimensionFields = fields(text, [
  'depart_id',
  'depart_name',
  'group_id',
  'group_name',
  'source',
  'source_name',
  'channel_flag',
  'channel_flag_name',
  'show_date',
  'real_date',
] as const);

const dimensionRow = z.looseObject(dimensionFields);
type BreakdownLabels = z.infer<typeof dimensionRow>;

/**
 * A daily row's day in `real_date`, as the day column and the trend read it, from whichever of the
 * reference's day fields it came in (`DAY_FIELDS`, decode.ts).
 */
function withDay(row: unknown): unknown {
  const found = dayOf(row);
  if (!found || (row as Record<string, unknown>).real_date === found.day) return row;
  return { ...(row as object), real_date: found.day };
}

/** Totals (summary_way=0) and, for windows longer than a day, daily rows (summary_way=1). */
export function breakdownParts<S extends z.ZodType>(
  endpoint: 'getStat' | 'getMsgStat',
  row: S,
  requires: Readonly<Record<string, Localized>> = {},
) {
  const params =
    (summaryWay: SummaryWay) =>
    ({ range, searchWay, filters }: PlanContext) => ({
      ...rangeParams(endpoint, range),
      search_way: searchWay,
      summary_way: summaryWay,
      ...filterParams(filters, ALL_FILTERS),
    });
  return {
    totals: listPart(endpoint, row, params(0), { compared: true, requires }),
    daily: listPart(
      endpoint,
      z.preprocess(withDay, row),
      (context) => (context.window.days > 1 ? params(1)(context) : null),
      { requires },
    ),
  } satisfies Record<string, Part<unknown>>;
}

interface Breakdown<Row> {
  readonly totals: readonly Row[];
  readonly daily: readonly Row[];
}

/**
 * Rows are kept when their `depart_id` is one of the route's departments (department dimension) or
 * their `group_id` one of its groups (skill-group dimension). A channel report's rows cannot be cut
 * and stay account-wide.
 */
export function sliceBreakdown<Row extends BreakdownLabels>(
  data: { readonly totals: Row[]; readonly daily: Row[] },
  cut: SliceCut,
): { readonly totals: Row[]; readonly daily: Row[] } {
  if (!cut.cutsBreakdowns) return data;
  const keep = (row: Row) =>
    cut.dimension === 'department'
      ? cut.departments.has(row.depart_id ?? '')
      : cut.groups.has(row.group_id ?? '');
  return { totals: data.totals.filter(keep), daily: data.daily.filter(keep) };
}

const label = columnsOf<BreakdownLabels>();

/** The row label columns of a breakdown, by the report's dimension (search_way). */
export const DIMENSION_COLUMNS: Record<Dimension, readonly ColumnSpec<FieldOf<BreakdownLabels>>[]> = {
  department: [label('depart_name', 'Department', '部门', 'text', 28)],
  skillGroup: [label('group_name', 'Skill Group', '技能组', 'text', 28)],
  channel: [
    label('source_name', 'Channel', '渠道', 'text', 18),
    label('channel_flag_name', 'Sub-channel', '子渠道', 'text', 24),
  ],
};

/** The day column of a summary_way=1 (daily) breakdown. */
export const DAY_COLUMN = label('real_date', 'Date', '日期', 'date');

/**
 * A totals sheet and a by-day sheet, labelled by the report's dimension. A one-day window has no
 * by-day sheet: its one day is the totals sheet, row for row, and no daily rows are fetched for it.
 */
export function breakdownSheets<Row extends BreakdownLabels>(
  dimension: Dimension,
  names: { readonly totals: Localized; readonly daily: Localized },
  rows: Breakdown<Row>,
  figures: readonly ColumnSpec<FieldOf<Row>>[],
  days: number,
): SheetWriter[] {
  const labels = DIMENSION_COLUMNS[dimension] as readonly ColumnSpec<FieldOf<Row>>[];
  const totals = tableSheet({
    name: names.totals,
    columns: [...labels, ...figures],
    rows: rows.totals,
    frozenColumns: labels.length,
    judged: true,
  });
  if (days <= 1) return [totals];
  return [
    totals,
    tableSheet({
      name: names.daily,
      columns: [DAY_COLUMN as ColumnSpec<FieldOf<Row>>, ...labels, ...figures],
      rows: rows.daily,
      frozenColumns: labels.length + 1,
    }),
  ];
}
