import * as z from 'zod';
import { columnsOf, metricColumnsOf } from '../render/columns.ts';
import { tableSheet } from '../render/sheet.ts';
import { compact, rangeParams } from '../sobot/request-params.ts';
import { duration, fields, num, rate, text, withDurationTwins } from '../sobot/schemas.ts';
import { ratio, sumOf, weightedAverage } from './figures.ts';
import { METRICS } from './metrics.ts';
import { NPS_LEVELS, STAR_LEVELS } from './satisfaction.ts';
import { type DataOf, defineSection, listPart, type SliceCut } from './section.ts';
import { type MetricId, shortfall, type Target } from './targets.ts';
import { agentName, groupsOf } from './work-status.ts';

/** Agents (staffWorkStatis): each agent's workload, response times and ratings, per skill group. */

const AGENT_DURATIONS = [
  'human_consult_duration',
  'avg_session_duration',
  'avg_total_session_duration',
  'avg_first_response_time',
  'response_time_avg',
  'response_duration_max',
  'avg_human_confirm_duration_transfer',
] as const;

const agentFields = z.looseObject({
  ...fields(text, [
    'start_date',
    'end_date',
    'staff_id',
    'service_nick',
    'service_email',
    'group_id',
    'group_name',
  ] as const),
  ...fields(num, [
    'human_consult',
    'human_self',
    'human_valid',
    'human_invalid',
    'human_valid_recep',
    'human_invalid_recep',
    'human_not_recep',
    'human_visitor_consult',
    'human_initiative',
    'roll_in',
    'roll_out',
    'summary_solved',
    'summary_not_solved',
    'solve_not_mark',
    'snatch_in',
    'snatch_out',
    'total_human_message',
    'msg_staff',
    'msg_visitor_tostaff',
    'msg_staff_wordcount',
    'max_conv_num',
    'quiet_after_session_count',
    'total_times',
    'initiative',
    'invite_counts',
    'invites',
    'avg_comment_score',
    'avg_nps_score',
    'good',
    'middle',
    'bad',
    'score5',
    'score4',
    'score3',
    'score2',
    'score1',
    ...NPS_LEVELS.map((n) => `nps_score${n}` as const),
    'response_counts',
    'human_res_warn_count',
  ] as const),
  ...fields(duration, AGENT_DURATIONS),
  ...fields(rate, [
    'valid_recep_rate_str',
    'not_recep_rate_str',
    'quiet_after_session_rate_str',
    'staff_connect_rate_str',
    'answer_than_str',
    'first_response_rate_str',
    'first_response_in30s_rate_str',
    'first_response_in60s_rate_str',
    'comment_rate_str',
    'good_rate_str',
    'middle_rate_str',
    'bad_rate_str',
    'response_rate_str',
    'human_res_warn_rate_str',
  ] as const),
});
export const agentRow = withDurationTwins(AGENT_DURATIONS, agentFields);
export type AgentWorkRow = z.infer<typeof agentRow>;

/** What the email's agent ranking is built from. */
const RANKING_INPUTS = {
  human_valid_recep: { en: 'Valid receptions per agent', zh: '客服有效接待量' },
  avg_first_response_time: { en: 'First response per agent', zh: '客服首次响应时长' },
} as const;

const parts = listPart(
  'staffWorkStatis',
  agentRow,
  ({ report, range, filters }) =>
    compact({
      ...rangeParams('staffWorkStatis', range),
      // staffWorkStatis knows only 1 department and 2 group (reference, "Agent Workload Statistics").
      search_way: report.dimension === 'department' ? 1 : 2,
      staff_id_list: nonEmpty(filters?.staffIds),
      group_id_list: nonEmpty(filters?.groupIds),
    }),
  { requires: RANKING_INPUTS },
);
export type AgentsData = DataOf<typeof parts>;

/** The reference asks for JSON arrays here, not comma-separated ids. */
function nonEmpty(ids: readonly string[] | undefined): readonly string[] | undefined {
  return ids && ids.length > 0 ? ids : undefined;
}

/**
 * An agent is kept when they worked in one of the route's groups, or belong to one of its departments.
 * staffWorkStatis rows carry no department, so the department comes from the work-status rows of the
 * same run.
 */
function sliceAgents(rows: AgentWorkRow[], cut: SliceCut): AgentWorkRow[] {
  return rows.filter(
    (row) =>
      groupsOf(row.group_id).some((id) => cut.groups.has(id)) ||
      [...cut.departmentsOf(row.staff_id ?? '')].some((id) => cut.departments.has(id)),
  );
}

const AGENT_LIST_SIZE = 5;

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  /** Skill groups the agent worked in, comma-separated. */
  readonly groups: string;
  /** Null when the rows lack the field (renamed or dropped by the API): unknown, not zero. */
  readonly chats: number | null;
  readonly validReception: number | null;
  /** Valid receptions ÷ total chats, as the headline's (METRICS.validReceptionRate). */
  readonly validReceptionRate: number | null;
  /** ms */
  readonly avgFirstResponse: number | null;
  /** Resolved ÷ (resolved + unresolved), as the headline's (METRICS.resolvedRate). */
  readonly resolvedRate: number | null;
  /** 5-star average, null when no one rated. */
  readonly satisfaction: number | null;
}

/** The registry metrics an agent has a figure of, and where that figure is. */
const AGENT_FIGURES: Partial<Record<MetricId, (agent: AgentRow) => number | null>> = {
  validReceptionRate: (a) => a.validReceptionRate,
  avgFirstResponse: (a) => a.avgFirstResponse,
  resolvedRate: (a) => a.resolvedRate,
  satisfaction5: (a) => a.satisfaction,
};

/** The metrics a target can judge an agent by. */
export function agentMeasures(targets: readonly Target[]): Target[] {
  return targets.filter((t) => AGENT_FIGURES[t.metric] !== undefined);
}

/** An agent's figure for a metric, null when unknown or not an agent-level figure. */
function agentFigure(agent: AgentRow, metric: MetricId): number | null {
  return AGENT_FIGURES[metric]?.(agent) ?? null;
}

export interface AttentionOptions {
  /** What an agent is judged against: the report's targets, or the team's own figures. */
  readonly measures: readonly Target[];
  /** Agents with fewer chats are not judged. */
  readonly minChats: number;
}

export interface AgentRanking {
  /** Most valid reception chats. */
  readonly top: readonly AgentRow[];
  /** Agents with enough chats who miss a measure, furthest first. */
  readonly attention: readonly AgentRow[];
  /** How many agents the ranking considered. */
  readonly ranked: number;
  /** How many of them had enough chats to be judged. */
  readonly judged: number;
  readonly measures: readonly Target[];
  readonly minChats: number;
}

/**
 * An agent's own average over their rows (one per skill group). The rows are weighted by valid
 * receptions where they have any, but the figure is the agent's even without one: the reference's
 * staffWorkStatis example has avg_first_response_time 353669.5 on a row with human_valid_recep 0.
 */
function ownAverage(
  rows: readonly AgentWorkRow[],
  average: (row: AgentWorkRow) => number | null | undefined,
): number | null {
  return (
    weightedAverage(rows, average, (r) => r.human_valid_recep) ?? weightedAverage(rows, average, () => 1)
  );
}

/**
 * How many chats the agent's row rated on each scale; null when the row counts none. The reference's
 * example rows answer `"avg_comment_score": 0` with every score count 0 and `"avg_nps_score": 0` with
 * every nps_score count 0: a scale with no ratings is not used, and its average is blank, not 0.
 */
const starRatings = (row: AgentWorkRow) => sumOf(STAR_LEVELS, (n) => row[`score${n}`]);
const npsRatings = (row: AgentWorkRow) => sumOf(NPS_LEVELS, (n) => row[`nps_score${n}`]);

function withUnusedScalesBlank(row: AgentWorkRow): AgentWorkRow {
  const stars = (starRatings(row) ?? 0) > 0;
  const nps = (npsRatings(row) ?? 0) > 0;
  if (stars && nps) return row;
  return {
    ...row,
    ...(stars
      ? {}
      : { avg_comment_score: null, good_rate_str: null, middle_rate_str: null, bad_rate_str: null }),
    ...(nps ? {} : { avg_nps_score: null }),
  };
}

/** staffWorkStatis may list an agent once per skill group; the ranking is per person. */
function agentRows(rows: readonly AgentWorkRow[]): AgentRow[] {
  const byAgent = new Map<string, AgentWorkRow[]>();
  for (const row of rows) {
    const id = row.staff_id ?? row.service_email ?? row.service_nick ?? '';
    byAgent.set(id, [...(byAgent.get(id) ?? []), row]);
  }
  return [...byAgent.entries()].map(([id, own]) => {
    const first = own[0];
    const chats = sumOf(own, (r) => r.human_consult);
    const validReception = sumOf(own, (r) => r.human_valid_recep);
    const solved = sumOf(own, (r) => r.summary_solved);
    const notSolved = sumOf(own, (r) => r.summary_not_solved);
    return {
      id,
      name: agentName(first?.service_nick) ?? first?.service_email ?? id,
      groups: [...new Set(own.map((r) => r.group_name).filter((g): g is string => !!g))].join(', '),
      chats,
      validReception,
      validReceptionRate: ratio(validReception, chats),
      avgFirstResponse: ownAverage(own, (r) => r.avg_first_response_time),
      resolvedRate: solved === null ? null : ratio(solved, solved + (notSolved ?? 0)),
      satisfaction: weightedAverage(own, (r) => r.avg_comment_score, starRatings),
    };
  });
}

const byFirstResponse = (a: AgentRow, b: AgentRow) =>
  (a.avgFirstResponse ?? Number.POSITIVE_INFINITY) - (b.avgFirstResponse ?? Number.POSITIVE_INFINITY);

/** How far an agent misses the measures: the sum of each missed one's shortfall, as a share of it. */
function distanceOf(agent: AgentRow, measures: readonly Target[]): number {
  return measures.reduce((total, m) => total + shortfall(m, agentFigure(agent, m.metric)), 0);
}

/**
 * Top: most valid reception chats (ties: faster first response, then name). Needing attention:
 * among agents with at least `minChats` chats, those who miss a measure, furthest from the measures
 * first (ties: more chats, where a miss touches more customers, then name). Volume alone never puts
 * anyone on it: an agent who meets every measure is not listed however few chats they took.
 */
export function rankAgents(
  rows: readonly AgentWorkRow[],
  options: AttentionOptions = { measures: [], minChats: 10 },
): AgentRanking {
  const agents = agentRows(rows);
  const best = [...agents].sort(
    (a, b) =>
      (b.validReception ?? -1) - (a.validReception ?? -1) ||
      byFirstResponse(a, b) ||
      a.name.localeCompare(b.name),
  );
  const judged = agents.filter((a) => (a.chats ?? 0) >= options.minChats);
  const attention = judged
    .map((agent) => ({ agent, distance: distanceOf(agent, options.measures) }))
    .filter(({ distance }) => distance > 0)
    .sort(
      (a, b) =>
        b.distance - a.distance ||
        (b.agent.chats ?? 0) - (a.agent.chats ?? 0) ||
        a.agent.name.localeCompare(b.agent.name),
    )
    .map(({ agent }) => agent)
    .slice(0, AGENT_LIST_SIZE);
  return {
    top: best.slice(0, AGENT_LIST_SIZE),
    attention,
    ranked: agents.length,
    judged: judged.length,
    measures: options.measures,
    minChats: options.minChats,
  };
}

/** An Agents sheet row: the API's row and the figures the report derives from it. */
type AgentSheetRow = AgentWorkRow & { readonly valid_reception_rate: number | null };

const column = columnsOf<AgentSheetRow>();
const metricColumn = metricColumnsOf<AgentSheetRow>();

export const AGENT_COLUMNS = [
  column('service_nick', 'Agent Nickname', '客服昵称', 'text', 20),
  column('service_email', 'Agent Email', '客服邮箱', 'text', 28),
  column('group_name', 'Agent Skill Group', '技能组', 'text', 24),
  metricColumn('human_consult', METRICS.totalChats),
  metricColumn('human_valid', METRICS.validChats),
  column('human_invalid', 'Invalid Chats', '无效会话量', 'count'),
  // The reference labels human_self "Bot Reception Chats" here and "Independent Reception Chats" in getStat;
  // the field counts the agent's own receptions (human_self + human_not_recep = human_consult in getStat's example).
  column('human_self', 'Independent Reception Chats', '独立接待会话量', 'count'),
  metricColumn('human_valid_recep', METRICS.validReceptions),
  metricColumn('valid_reception_rate', METRICS.validReceptionRate),
  // The API's own rate divides by valid chats, not total chats (see metrics.ts): named by it.
  metricColumn('valid_recep_rate_str', METRICS.validReceptionOfValid),
  column('human_invalid_recep', 'Invalid Reception Chats', '无效接待会话量', 'count'),
  column('human_not_recep', 'Unreceived Chats', '未接待会话量', 'count'),
  column('not_recep_rate_str', 'Unreceived Chat %', '未接待率', 'rate'),
  column('human_visitor_consult', 'Valid Inquiry Chats', '有效咨询会话量', 'count'),
  column('human_initiative', 'Proactive Chats', '主动会话量', 'count'),
  column('roll_in', 'Transfer-in Chats', '转入会话量', 'count'),
  column('roll_out', 'Transfer-out Chats', '转出会话量', 'count'),
  // The reference labels both "Taken-Away Chats"; the field names tell the direction.
  column('snatch_in', 'Taken-Away Chats (In)', '抢接会话量', 'count'),
  column('snatch_out', 'Taken-Away Chats (Out)', '被抢接会话量', 'count'),
  column('summary_solved', 'Resolved Chats', '已解决会话量', 'count'),
  column('summary_not_solved', 'Unresolved Chats', '未解决会话量', 'count'),
  column('solve_not_mark', 'Chats not Tagged as Resolved or Unresolved', '未标记解决状态会话量', 'count', 16),
  column('max_conv_num', 'Max received chats', '最大接待量', 'count'),
  column('human_consult_duration', 'Agent Inquiry Duration', '人工咨询时长', 'durationMs'),
  column('avg_session_duration', 'Avg. Agent Reception Time', '平均人工接待时长', 'durationMs'),
  column('avg_total_session_duration', 'Avg. Total Chat Duration', '平均会话总时长', 'durationMs'),
  metricColumn('avg_first_response_time', METRICS.avgFirstResponse),
  column('response_time_avg', 'Avg. Response Time', '平均响应时长', 'durationMs'),
  column('response_duration_max', 'Max Response Time', '最长响应时长', 'durationMs'),
  column('avg_human_confirm_duration_transfer', 'Transfer Duration', '转接确认时长', 'durationMs'),
  column('first_response_rate_str', '1st Response %', '首次响应率', 'rate'),
  column('first_response_in30s_rate_str', '30s Response %', '30秒响应率', 'rate'),
  column('first_response_in60s_rate_str', '60s Response %', '60秒响应率', 'rate'),
  column('staff_connect_rate_str', 'Agent Connection %', '客服接通率', 'rate'),
  column('response_rate_str', 'Agent final response %', '客服最终回复率', 'rate'),
  // The reference labels total_human_message "Total Chats" too; it counts messages.
  column('total_human_message', 'Total Messages', '总消息数', 'count'),
  column('msg_staff', 'Agent Messages', '客服消息数', 'count'),
  column('msg_visitor_tostaff', 'No. of Message From Customer', '客户消息数', 'count'),
  column('answer_than_str', 'A&Q %', '答问比', 'rate'),
  column('msg_staff_wordcount', 'Agent Chars', '客服字数', 'count'),
  column('quiet_after_session_count', '24h FCR', '24小时一次解决量', 'count'),
  column('quiet_after_session_rate_str', '24h FCR %', '24小时一次解决率', 'rate'),
  column('response_counts', 'Agent Chat Rounds', '客服对话轮次', 'count'),
  column('human_res_warn_count', 'Response Alert Rounds', '响应超时轮次', 'count'),
  column('human_res_warn_rate_str', 'Response Alert %', '响应超时率', 'rate'),
  column('total_times', 'Chat Feedback', '评价会话量', 'count'),
  column('comment_rate_str', 'Feedback %', '评价率', 'rate'),
  column('initiative', 'Proactive Customer Feedback', '客户主动评价量', 'count'),
  column('invite_counts', 'Invitations', '邀评次数', 'count'),
  column('invites', 'Agent-Invited Feedback', '邀请评价量', 'count'),
  metricColumn('avg_comment_score', METRICS.satisfaction5),
  column('good_rate_str', 'Positive Feedback % (5 Stars)', '好评率（5星）', 'rate'),
  column('middle_rate_str', 'Moderate Feedback % (5 Stars)', '中评率（5星）', 'rate'),
  column('bad_rate_str', 'Neg. Feedback % (5 Stars)', '差评率（5星）', 'rate'),
  column('score5', '5-Star Chats', '5星会话量', 'count'),
  column('score4', '4-Star Chats', '4星会话量', 'count'),
  column('score3', '3-Star Chats', '3星会话量', 'count'),
  column('score2', '2-Star Chats', '2星会话量', 'count'),
  column('score1', '1-Star Chats', '1星会话量', 'count'),
  metricColumn('avg_nps_score', METRICS.satisfaction10),
];

export const agents = defineSection({
  id: 'agents',
  parts,
  // A supervisor routed by department gets only their agents; the work-status rows are what map an
  // agent to a department.
  alsoFetch: (report) =>
    report.recipients.routes.some((route) => (route.departmentIds?.length ?? 0) > 0) ? ['workStatus'] : [],
  slice: sliceAgents,
  sheets: ({ snapshot }) => [
    tableSheet({
      name: { en: 'Agents', zh: '客服工作量' },
      columns: AGENT_COLUMNS,
      // Named like the work-status rows, which may say "[]" for no name.
      rows: snapshot.current.agents.map(
        (row): AgentSheetRow => ({
          ...withUnusedScalesBlank(row),
          service_nick: agentName(row.service_nick),
          valid_reception_rate: ratio(row.human_valid_recep ?? null, row.human_consult ?? null),
        }),
      ),
      frozenColumns: 1,
      judged: true,
    }),
  ],
});
