import * as z from 'zod';
import { columnsOf } from '../render/columns.ts';
import { tableSheet } from '../render/sheet.ts';
import { dayOf } from '../sobot/decode.ts';
import { compact, joinIds, rangeParams } from '../sobot/request-params.ts';
import { fields, num, text } from '../sobot/schemas.ts';
import { type DataOf, defineSection, listPart } from './section.ts';

/** Service summary (summary/search): ratings per service classification, per day for longer windows. */

/** The 10-point scale's levels, highest first, as the sheet lists them. */
const SCORE_LEVELS = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0] as const;

const summaryDetail = z.looseObject({
  show_date: text,
  real_date: text,
  ...fields(num, [
    'total_conversation_num',
    'service_invited_num',
    'initiative_comment_num',
    'comment_type_total_num',
    'star_level_num5',
    'star_level_num4',
    'star_level_num3',
    'star_level_num2',
    'star_level_num1',
    ...SCORE_LEVELS.map((n) => `score_num${n}` as const),
  ] as const),
});
export const summaryRow = z.looseObject({
  level: num,
  classify_id: text,
  classify_show_name: text,
  details: z.array(summaryDetail).nullable().optional(),
});
type SummaryDetail = z.infer<typeof summaryDetail>;
type SummaryRow = z.infer<typeof summaryRow>;

/**
 * The reference's request table says (reference, "Service Summary Statistics Query"):
 *   level_classifys List No Service Classification In case of two or more, separate by ",", such as "1,2"
 * and describes a "Level_classifys object" of classify_id (String) and level (Integer); its request example
 * sends `"level_classifys": [{ "classify_id": "1675771496144510978", "level": 1 }, …]`. The type, the
 * object table and the example agree on a list of objects, so that is what is sent; the comma-separated
 * remark looks copied from the id filters above it. A report selects no classifications, so the list is sent
 * empty: the parameter is optional and no entry narrows the answer, which is every classification.
 */
const ALL_CLASSIFICATIONS: readonly { readonly classify_id: string; readonly level: number }[] = [];

const parts = listPart('summarySearch', summaryRow, ({ window, range, filters }) =>
  compact({
    ...rangeParams('summarySearch', range),
    summary_way: window.days > 1 ? 1 : 0,
    group_ids_param: joinIds(filters?.groupIds),
    level_classifys: ALL_CLASSIFICATIONS,
  }),
);
export type ServiceSummaryData = DataOf<typeof parts>;

/**
 * One line per classification and period (`details[]`); the classification's name and level repeat on
 * each. `period` is the line's day as `yyyy-MM-dd` when it is one, else the API's own label for it.
 */
type SummaryLine = Partial<SummaryDetail> &
  Pick<SummaryRow, 'classify_show_name' | 'level'> & { readonly period?: string | null };

/**
 * The day a detail is of. The reference's details object has "show_date String No Display time" and
 * "real_date String No time", and its one example is weekly (summary_way 2): `"real_date": "2024-45"`,
 * `"show_date": "45 week 2024-11-04-2024-11-10"`, neither a day. A one-day window is asked for with
 * summary_way 0, whose details are the whole window: that day, whatever they are labelled. Otherwise a
 * label naming no day (a week, a month) is kept as the API wrote it, the display form first.
 */
function periodOf(detail: SummaryDetail, onlyDay: string | null): string | null {
  return dayOf(detail)?.day ?? onlyDay ?? detail.show_date ?? detail.real_date ?? null;
}

/** A classification's lines: one per period in `details`, or one bare line when it has none. */
function* summaryLines(rows: readonly SummaryRow[], onlyDay: string | null): Generator<SummaryLine> {
  for (const row of rows) {
    const details = row.details ?? [];
    if (details.length === 0) yield { classify_show_name: row.classify_show_name, level: row.level };
    for (const detail of details)
      yield {
        ...detail,
        period: periodOf(detail, onlyDay),
        classify_show_name: row.classify_show_name,
        level: row.level,
      };
  }
}

const column = columnsOf<SummaryLine>();

/** One row per classification and period (`details[]`); the classification fields repeat on each. */
export const SERVICE_SUMMARY_COLUMNS = [
  column('classify_show_name', 'Service Category', '服务分类', 'text', 28),
  column('level', 'Category level', '分类层级', 'count', 10),
  column('period', 'Date', '日期', 'date', 14),
  column('total_conversation_num', 'Total Chats', '总会话量', 'count'),
  column('service_invited_num', 'Agent Invitations', '客服邀评数', 'count'),
  column('initiative_comment_num', 'Proactive Customer Feedback', '客户主动评价数', 'count'),
  column('comment_type_total_num', 'Chat Feedback', '评价总数', 'count'),
  ...([5, 4, 3, 2, 1] as const).map((n) =>
    column(`star_level_num${n}`, `${n} Star Rating`, `${n}星评价数`, 'count', 10),
  ),
  ...SCORE_LEVELS.map((n) => column(`score_num${n}`, `${n} Score Rating`, `${n}分评价数`, 'count', 10)),
];

export const serviceSummary = defineSection({
  id: 'serviceSummary',
  parts,
  sheets: ({ snapshot }) => [
    tableSheet({
      name: { en: 'Service summary', zh: '服务总结' },
      columns: SERVICE_SUMMARY_COLUMNS,
      rows: summaryLines(
        snapshot.current.serviceSummary,
        snapshot.period.days === 1 ? snapshot.period.from : null,
      ),
      frozenColumns: 1,
    }),
  ],
});
