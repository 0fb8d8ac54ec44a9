import * as z from 'zod';
import { columnsOf, metricColumnsOf } from '../render/columns.ts';
import { duration, fields, num, rate } from '../sobot/schemas.ts';
import { breakdownParts, breakdownSheets, dimensionFields, sliceBreakdown } from './breakdown.ts';
import { ratio, sumOf, weightedAverage } from './figures.ts';
import { METRICS, type MetricDefinition } from './metrics.ts';
import { type DataOf, defineSection, type KpiDefinition, type Localized } from './section.ts';

/** Chats (getStat): volumes, reception, queueing, response times and resolution, per dimension and day. */

const chatRow = z.looseObject({
  ...dimensionFields,
  ...fields(num, [
    'queue',
    'not_queue',
    'queue_accept',
    'queue_leave',
    'human_consult',
    'human_self',
    'human_valid',
    'human_invalid',
    'human_not_recep',
    'human_valid_recep',
    'human_invalid_recep',
    'human_transfer',
    'in_blacklist',
    'summary_solved',
    'summary_not_solved',
    'human_snatch',
    'human_initiative',
    'not_mark_is_solved',
    'robot_consult',
    'robot_self',
    'robot_valid',
    'robot_in_valid',
    'robot_to_staff_active',
    'robot_to_staff_trigger_key_word',
    'robot_total_transfer',
    'session_consult',
    'session_valid',
    'session_invalid',
    'response_warn_count',
    'staff_res_total_count',
  ] as const),
  ...fields(duration, [
    'avg_queue_accept_duration',
    'avg_queue_leave_duration',
    'avg_human_recep_duration',
    'avg_staff_first_res_duration',
    'avg_staff_res_total_duration',
  ] as const),
  ...fields(rate, [
    'queue_not_accept_rate',
    'queue_accept_rate',
    'queue_leave_rate',
    'human_self_rate',
    'human_valid_rate',
    'human_not_recep_rate',
    'human_valid_recep_rate',
    'human_invalid_recep_rate',
    'response_warn_rate',
  ] as const),
});
export type ChatRow = z.infer<typeof chatRow>;

/** The rows' fields the headline figures are computed from, and what each blanks when no row has it. */
const KPI_INPUTS = {
  human_consult: { en: 'Total chats', zh: '总会话量' },
  human_valid: { en: 'Valid chats', zh: '有效会话量' },
  human_valid_recep: { en: 'Valid receptions and valid reception', zh: '有效接待会话量和有效接待率' },
  avg_staff_first_res_duration: { en: 'Avg first response', zh: '平均首次响应时长' },
  avg_staff_res_total_duration: { en: 'Avg response', zh: '平均响应时长' },
  summary_solved: { en: 'Resolved', zh: '已解决率' },
  human_transfer: { en: 'Transferred', zh: '转接会话量' },
} as const satisfies Partial<Record<keyof ChatRow, Localized>>;

const parts = breakdownParts('getStat', chatRow, KPI_INPUTS);
export type ChatsData = DataOf<typeof parts>;

/** The chat figures of a set of getStat rows (summary_way=0 totals, or one day's rows). */
interface ChatFigures {
  readonly chats: number | null;
  readonly valid: number | null;
  readonly validReception: number | null;
  readonly validReceptionRate: number | null;
  readonly avgFirstResponse: number | null;
  readonly avgResponse: number | null;
  readonly resolvedRate: number | null;
  readonly transferred: number | null;
}

/**
 * Weights follow the reference's example row (getStat): avg_staff_first_res_duration × human_valid_recep
 * and avg_staff_res_total_duration × staff_res_total_count both give whole milliseconds, i.e. the first
 * response is averaged over validly received chats and the response time over response rounds.
 */
export function chatFigures(rows: readonly ChatRow[]): ChatFigures {
  const chats = sumOf(rows, (r) => r.human_consult);
  const valid = sumOf(rows, (r) => r.human_valid);
  const validReception = sumOf(rows, (r) => r.human_valid_recep);
  const solved = sumOf(rows, (r) => r.summary_solved);
  const notSolved = sumOf(rows, (r) => r.summary_not_solved);
  const marked = solved === null && notSolved === null ? null : (solved ?? 0) + (notSolved ?? 0);
  return {
    chats,
    valid,
    validReception,
    validReceptionRate: ratio(validReception, chats),
    avgFirstResponse: weightedAverage(
      rows,
      (r) => r.avg_staff_first_res_duration,
      (r) => r.human_valid_recep,
    ),
    avgResponse: weightedAverage(
      rows,
      (r) => r.avg_staff_res_total_duration,
      (r) => r.staff_res_total_count ?? r.human_valid_recep,
    ),
    resolvedRate: ratio(solved, marked),
    transferred: sumOf(rows, (r) => r.human_transfer),
  };
}

/**
 * No chats at all in the window: every totals row counts zero or nothing (or there are no rows). A row
 * that carries chat figures but no readable `human_consult` (renamed, or an odd value) is not known to
 * be empty: its figures must reach the email, with a warning, rather than "No chats".
 */
export function hasNoChats(data: ChatsData): boolean {
  return data.totals.every((row) => {
    const unknown =
      typeof row.human_consult !== 'number' &&
      Object.keys(KPI_INPUTS).some((field) => typeof row[field as keyof ChatRow] === 'number');
    return !unknown && [row.session_consult, row.human_consult, row.robot_consult].every((count) => !count);
  });
}

const kpi = (
  metric: MetricDefinition,
  pick: (figures: ChatFigures) => number | null,
): KpiDefinition<ChatsData> => ({
  id: metric.id,
  metric,
  accountLevel: false,
  value: (data) => pick(chatFigures(data.totals)),
});

export const CHAT_KPIS: readonly KpiDefinition<ChatsData>[] = [
  kpi(METRICS.totalChats, (f) => f.chats),
  kpi(METRICS.validChats, (f) => f.valid),
  kpi(METRICS.validReceptionRate, (f) => f.validReceptionRate),
  kpi(METRICS.avgFirstResponse, (f) => f.avgFirstResponse),
  kpi(METRICS.avgResponse, (f) => f.avgResponse),
  kpi(METRICS.resolvedRate, (f) => f.resolvedRate),
  kpi(METRICS.transferred, (f) => f.transferred),
];

/** A Chats sheet row: the API's row and the figures the report derives from it. */
type ChatSheetRow = ChatRow & { readonly resolved_rate: number | null };

function withDerived(row: ChatRow): ChatSheetRow {
  return { ...row, resolved_rate: chatFigures([row]).resolvedRate };
}

const column = columnsOf<ChatSheetRow>();
const metricColumn = metricColumnsOf<ChatSheetRow>();

export const CHAT_COLUMNS = [
  metricColumn('human_consult', METRICS.totalChats),
  metricColumn('human_valid', METRICS.validChats),
  column('human_invalid', 'Invalid Chats', '无效会话量', 'count'),
  column('human_valid_rate', 'Valid Chat %', '有效会话率', 'rate'),
  column('human_self', 'Independent Reception Chats', '独立接待会话量', 'count'),
  // The reference's table says "human_self Integer No Independent Reception Chats" and then
  // "human_self_rate Double No Bot Reception %"; its example row (human_self 42 of human_consult 56,
  // human_self_rate 0.75) makes it the share of independent receptions, as zh 独立接待率 says: no bot.
  column('human_self_rate', 'Independent Reception %', '独立接待率', 'rate'),
  metricColumn('human_valid_recep', METRICS.validReceptions),
  // The API's own rate, over total chats: the one the email shows under this label (see metrics.ts).
  metricColumn('human_valid_recep_rate', METRICS.validReceptionRate),
  column('human_invalid_recep', "Chat without Agent's Reply", '客服未回复会话量', 'count'),
  column('human_invalid_recep_rate', "Chat without Agent's Reply %", '客服未回复率', 'rate'),
  // getStat calls it "Valid Reception by agent"; its example (14 of 56 = 25%) and staffWorkStatis say unreceived.
  column('human_not_recep', 'Unreceived Chats', '未接待会话量', 'count'),
  column('human_not_recep_rate', 'Unreceived Chat %', '未接待率', 'rate'),
  column('queue', 'Queuing Chats', '排队会话量', 'count'),
  column('not_queue', 'Unqueued Chats', '未排队会话量', 'count'),
  column('queue_not_accept_rate', 'Unqueued Connection %', '未排队接入率', 'rate'),
  column('queue_accept', 'Queuing Connection Chats', '排队接入会话量', 'count'),
  column('queue_accept_rate', 'Queuing Connection %', '排队接入率', 'rate'),
  column('queue_leave', 'Queue Leaving Chats', '排队放弃会话量', 'count'),
  column('queue_leave_rate', 'Queue Leaving %', '排队放弃率', 'rate'),
  column('avg_queue_accept_duration', 'Avg. Queuing Connection Time', '平均排队接入时长', 'durationMs'),
  column('avg_queue_leave_duration', 'Avg. Queue Leaving Time', '平均排队放弃时长', 'durationMs'),
  column('avg_human_recep_duration', 'Avg. Reception Time', '平均接待时长', 'durationMs'),
  metricColumn('avg_staff_first_res_duration', METRICS.avgFirstResponse),
  metricColumn('avg_staff_res_total_duration', METRICS.avgResponse),
  metricColumn('human_transfer', METRICS.transferred),
  column('in_blacklist', 'Blacklisted Chats', '拉黑会话量', 'count'),
  column('summary_solved', 'Resolved Chats', '已解决会话量', 'count'),
  column('summary_not_solved', 'Unresolved Chats', '未解决会话量', 'count'),
  metricColumn('resolved_rate', METRICS.resolvedRate),
  column(
    'not_mark_is_solved',
    'Chats Not Tagged as Resolved or Unresolved',
    '未标记解决状态会话量',
    'count',
    16,
  ),
  column('human_snatch', 'Taken-Away Chats', '被抢接会话量', 'count'),
  column('human_initiative', 'Proactive Chats', '主动会话量', 'count'),
  column('staff_res_total_count', 'Agent Chat Rounds', '客服对话轮次', 'count'),
  column('response_warn_count', 'Response Alert Rounds', '响应超时轮次', 'count'),
  column('response_warn_rate', 'Response Alert %', '响应超时率', 'rate'),
];

export const chats = defineSection({
  id: 'chats',
  parts,
  slice: sliceBreakdown,
  sheets: ({ snapshot }) =>
    breakdownSheets(
      snapshot.dimension,
      { totals: { en: 'Chats', zh: '会话统计' }, daily: { en: 'Chats by day', zh: '每日会话统计' } },
      {
        totals: snapshot.current.chats.totals.map(withDerived),
        daily: snapshot.current.chats.daily.map(withDerived),
      },
      CHAT_COLUMNS,
      snapshot.period.days,
    ),
});
