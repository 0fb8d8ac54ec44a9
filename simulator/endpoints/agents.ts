import { DateTime } from 'luxon';
import { API } from '../api/description.ts';
import type { Account, SimAgent } from '../data/account.ts';
import { isoDateOf } from '../data/calendar.ts';
import { CELL_WIDTH, F } from '../data/cells.ts';
import { durationText, percentText, ratio } from '../data/format.ts';
import { LruCache } from '../data/lru.ts';
import type { AgentRangeTotals } from '../data/store.ts';
import { type EndpointHandler, lazyItems, type RequestContext, type Row } from './context.ts';
import { type AgentFilter, filterKey, selectAgents } from './filters.ts';
import { dateRange, listParam, searchWayParam } from './params.ts';
import { feedbackTotal, ratingsOf } from './satisfaction-figures.ts';

/** Agent statistics: staffWorkStatis (workload) and getWorkLogList (work status), one row per agent who worked. */

function withRateText(row: Row, name: string, fraction: number): void {
  row[name] = percentText(fraction);
}

function withDurationPair(row: Row, name: string, ms: number): void {
  row[name] = ms;
  row[`${name}_str`] = durationText(ms);
}

function workloadRow(account: Account, agent: SimAgent, s: Float64Array, start: string, end: string): Row {
  const v = (i: number) => s[i] ?? 0;
  const group = account.groups[agent.groupIndex];
  const consult = v(F.human_consult);
  const valid = v(F.human_valid);
  const received = consult - v(F.human_not_recep);
  const feedback = feedbackTotal(s);
  const ratings = ratingsOf(s);
  const level2 = v(F.level2_score5) + v(F.level2_score1);
  const row: Row = {
    start_date: start,
    end_date: end,
    group_id: group?.id,
    group_name: group?.name,
    staff_id: agent.id,
    service_email: agent.email,
    service_nick: agent.nick,
    human_consult: consult,
    human_self: received,
    human_valid: valid,
    valid_information: v(F.valid_information),
    human_invalid: consult - valid,
    human_valid_recep: v(F.human_valid_recep),
    human_invalid_recep: v(F.human_invalid_recep),
    first_response_time_set: v(F.first_response_count),
    transfer_first_res_duration: v(F.transfer_first_response),
    human_visitor_consult: valid,
  };
  withRateText(row, 'valid_recep_rate_str', ratio(v(F.human_valid_recep), valid));
  Object.assign(row, {
    roll_in: v(F.roll_in),
    roll_out: v(F.roll_out),
    human_not_recep: v(F.human_not_recep),
  });
  withRateText(row, 'not_recep_rate_str', ratio(v(F.human_not_recep), valid));
  row.last_staff_consult = v(F.last_staff_consult);
  row.quiet_after_session_count = v(F.quiet_after_session);
  withRateText(row, 'quiet_after_session_rate_str', ratio(v(F.quiet_after_session), v(F.last_staff_consult)));
  row.human_initiative = v(F.human_initiative);
  withDurationPair(row, 'human_consult_duration', v(F.consult_ms));
  withDurationPair(row, 'avg_session_duration', ratio(v(F.reception_ms), valid));
  withDurationPair(row, 'avg_total_session_duration', ratio(v(F.consult_ms), consult));
  Object.assign(row, {
    summary_solved: v(F.summary_solved),
    summary_not_solved: v(F.summary_not_solved),
    solve_not_mark: consult - v(F.summary_solved) - v(F.summary_not_solved),
    lastmsg_staff: v(F.lastmsg_staff),
    snatch_in: v(F.snatch_in),
    snatch_out: v(F.snatch_out),
  });
  withRateText(row, 'staff_connect_rate_str', ratio(v(F.human_valid_recep), valid));
  withDurationPair(row, 'avg_human_confirm_duration_transfer', ratio(v(F.transfer_confirm_ms), v(F.roll_in)));
  Object.assign(row, {
    total_human_message: v(F.msg_visitor) + v(F.msg_staff),
    msg_staff: v(F.msg_staff),
    msg_visitor_tostaff: v(F.msg_visitor),
  });
  withRateText(row, 'answer_than_str', ratio(v(F.msg_staff), v(F.msg_visitor)));
  row.msg_staff_wordcount = v(F.msg_staff_words);
  withDurationPair(row, 'avg_first_response_time', ratio(v(F.first_response_ms), v(F.first_response_count)));
  withRateText(row, 'first_response_rate_str', ratio(v(F.first_response_count), consult));
  withRateText(row, 'transfer_first_response_rate_str', ratio(v(F.transfer_first_response), v(F.roll_in)));
  withDurationPair(row, 'response_time_avg', ratio(v(F.response_ms), v(F.response_rounds)));
  withDurationPair(row, 'response_duration_max', v(F.response_max_ms));
  withRateText(
    row,
    'first_response_in30s_rate_str',
    ratio(v(F.first_response_in30s), v(F.first_response_count)),
  );
  withRateText(
    row,
    'first_response_in60s_rate_str',
    ratio(v(F.first_response_in60s), v(F.first_response_count)),
  );
  row.total_times = feedback;
  withRateText(row, 'comment_rate_str', ratio(feedback, valid));
  row.initiative = v(F.feedback_initiative);
  withRateText(row, 'customer_initiative_rate_str', ratio(v(F.feedback_initiative), feedback));
  row.invite_counts = v(F.invite_counts);
  withRateText(row, 'invite_counts_rate_str', ratio(v(F.invite_counts), valid));
  row.invites = v(F.feedback_invited);
  withRateText(row, 'staff_invite_rate_str', ratio(v(F.feedback_invited), feedback));
  row.avg_comment_score = ratings.starAverage;
  withRateText(row, 'good_rate_str', ratio(ratings.good, ratings.starTotal));
  withRateText(row, 'middle_rate_str', ratio(ratings.middle, ratings.starTotal));
  withRateText(row, 'bad_rate_str', ratio(ratings.bad, ratings.starTotal));
  for (let star = 5; star >= 1; star--) {
    withRateText(row, `score${star}_rate_str`, ratio(ratings.stars[star - 1] ?? 0, ratings.starTotal));
  }
  row.avg_nps_score = ratings.npsAverage;
  withRateText(row, 'good_nps_rate_str', ratio(ratings.npsGood, ratings.npsTotal));
  withRateText(row, 'middle_nps_rate_str', ratio(ratings.npsMiddle, ratings.npsTotal));
  withRateText(row, 'bad_nps_rate_str', ratio(ratings.npsBad, ratings.npsTotal));
  for (let score = 10; score >= 0; score--) {
    withRateText(row, `nps_score${score}_rate_str`, ratio(ratings.nps[score] ?? 0, ratings.npsTotal));
  }
  Object.assign(row, { good: ratings.good, middle: ratings.middle, bad: ratings.bad });
  for (let star = 5; star >= 1; star--) row[`score${star}`] = ratings.stars[star - 1] ?? 0;
  Object.assign(row, { nps_good: ratings.npsGood, nps_middle: ratings.npsMiddle, nps_bad: ratings.npsBad });
  for (let score = 10; score >= 0; score--) row[`nps_score${score}`] = ratings.nps[score] ?? 0;
  row.level2_score1 = v(F.level2_score1);
  row.level2_score5 = v(F.level2_score5);
  withRateText(row, 'level2_score1_rate_str', ratio(v(F.level2_score1), level2));
  withRateText(row, 'level2_score5_rate_str', ratio(v(F.level2_score5), level2));
  row.remark = v(F.remark);
  row.valid_response_counts = v(F.valid_response_counts);
  withRateText(row, 'response_rate_str', ratio(v(F.lastmsg_staff), valid));
  row.max_conv_num = String(v(F.max_conv_num));
  row.human_res_warn_count = v(F.response_warn_count);
  row.response_counts = v(F.response_rounds);
  withRateText(row, 'human_res_warn_rate_str', ratio(v(F.response_warn_count), v(F.response_rounds)));
  return row;
}

function agentCell(totals: AgentRangeTotals, agent: number): Float64Array {
  return totals.sums.subarray(agent * CELL_WIDTH, (agent + 1) * CELL_WIDTH);
}

/** The selected agents who logged in at least once in the range. */
function workedAgents(account: Account, totals: AgentRangeTotals, filter: AgentFilter): number[] {
  return selectAgents(account, filter).filter((a) => (totals.sums[a * CELL_WIDTH + F.worked] ?? 0) > 0);
}

export const staffWorkStatis: EndpointHandler = (data, request) => {
  const { body } = request;
  const range = dateRange(request, API.staffWorkStatis.datePattern);
  searchWayParam(body, API.staffWorkStatis.searchWay);
  const filter = { staffIds: listParam(body, 'staff_id_list'), groupIds: listParam(body, 'group_id_list') };
  const key = `staffWorkStatis:${range.startText}:${range.endText}:${filterKey(filter)}`;
  return data.answers.getOrCompute(key, () => {
    const totals = data.activity.agentTotals(range.fromDay, range.toDay);
    const worked = workedAgents(data.account, totals, filter);
    return lazyItems(worked.length, (i) => {
      const a = worked[i] as number;
      const agent = data.account.agents[a] as SimAgent;
      return workloadRow(data.account, agent, agentCell(totals, a), range.startText, range.endText);
    });
  });
};

// Every agent row asks for the same few day starts; computing one takes luxon a zone lookup.
const dayStarts = new LruCache<string, number>(4096);

/** A wall-clock offset on a calendar day, as epoch milliseconds in the request's timezone. */
function epochMs(day: number, offsetMs: number, zone: string): number {
  const dayStart = dayStarts.getOrCompute(`${zone}|${day}`, () =>
    DateTime.fromISO(isoDateOf(day), { zone }).toMillis(),
  );
  return dayStart + offsetMs;
}

/**
 * getWorkLogList's two spellings of its filters. The Request param table: "depart_ids_param String No
 * Department IDs In case of two or more, separate by ",", such as "1,2"" and "staff_ids_param String
 * No Agent IDs ..."; its request example instead sends "staff_id_list": ["staff_id1","staff_id2"] and
 * "group_id_list": ["group_id1","group_id2"] (staffWorkStatis's names). The simulator honours one
 * spelling (`workLogFilters`, default the table's) and ignores the other, as a server ignores a key
 * it does not know.
 */
function workLogFilter({ body, rules }: RequestContext): AgentFilter {
  return rules.workLogFilters === 'example'
    ? { staffIds: listParam(body, 'staff_id_list'), groupIds: listParam(body, 'group_id_list') }
    : { departmentIds: listParam(body, 'depart_ids_param'), staffIds: listParam(body, 'staff_ids_param') };
}

export const getWorkLogList: EndpointHandler = (data, request) => {
  const { zone } = request;
  const range = dateRange(request, API.getWorkLogList.datePattern);
  const filter = workLogFilter(request);
  const key = `getWorkLogList:${range.startText}:${range.endText}:${zone}:${filterKey(filter)}`;
  return data.answers.getOrCompute(key, () => {
    const { account } = data;
    const totals = data.activity.agentTotals(range.fromDay, range.toDay);
    const start = DateTime.fromISO(range.fromDate, { zone: 'utc' });
    const worked = workedAgents(account, totals, filter);
    return lazyItems(worked.length, (i) => {
      const a = worked[i] as number;
      const agent = account.agents[a] as SimAgent;
      const s = agentCell(totals, a);
      const v = (f: number) => String(s[f] ?? 0);
      const department = account.departments[agent.departmentIndex];
      const group = account.groups[agent.groupIndex];
      return {
        staff_id: agent.id,
        staff_name: agent.name,
        department_id: `${account.companyId}|${department?.id ?? ''}`,
        department_name: department?.name,
        group_id: group?.id,
        group_name: group?.name,
        start_login_time: String(epochMs(totals.lastDay[a] ?? 0, totals.lastLoginMs[a] ?? 0, zone)),
        free_duration: v(F.online_ms),
        app_free_duration: '0',
        online_duration: v(F.online_ms),
        busy_counts: v(F.busy_counts),
        busy_duration: v(F.busy_ms),
        app_busy_duration: '0',
        busy_all_duration: v(F.busy_ms),
        rest_duration: v(F.rest_ms),
        eat_duration: v(F.eat_ms),
        active_duration: v(F.active_ms),
        train_duration: v(F.train_ms),
        meet_duration: v(F.meet_ms),
        last_leave_time: String(epochMs(totals.lastDay[a] ?? 0, totals.lastLeaveMs[a] ?? 0, zone)),
        first_login_time: String(epochMs(totals.firstDay[a] ?? 0, totals.firstLoginMs[a] ?? 0, zone)),
        result_month: start.toFormat('yyyy-MM'),
        result_week: String(start.weekNumber),
        result_date: range.fromDate,
        result_year: start.toFormat('yyyy'),
        company_id: account.companyId,
        start_date: range.startText,
        end_date: range.endText,
      };
    });
  });
};
