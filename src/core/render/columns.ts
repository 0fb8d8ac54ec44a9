import type { Dimension } from '../report/snapshot.ts';

/**
 * The columns of every workbook sheet: the API field, its header in both languages, its unit and a
 * width. English headers are the reference's own descriptions (e.g. `human_consult` → "Total Chats"),
 * corrected where the reference repeats or swaps a label (noted next to the column).
 */

/**
 * - `count`: a whole number; `decimal`: an average such as messages per chat; `score`: a rating average.
 * - `rate`: a fraction (0.75), shown as a percent.
 * - `durationMs` / `timestampMs`: milliseconds, written as Excel durations / dates in the report timezone.
 * - `date`: `yyyy-MM-dd`, written as a real date (other shapes such as `2024-45` stay text).
 */
export type ColumnType =
  | 'count'
  | 'decimal'
  | 'rate'
  | 'durationMs'
  | 'timestampMs'
  | 'date'
  | 'text'
  | 'score';

export interface Localized {
  readonly en: string;
  readonly zh: string;
}

export interface ColumnSpec {
  readonly field: string;
  readonly header: Localized;
  readonly type: ColumnType;
  /** In Excel character units. */
  readonly width: number;
}

const DEFAULT_WIDTH: Record<ColumnType, number> = {
  count: 12,
  decimal: 12,
  rate: 12,
  durationMs: 12,
  timestampMs: 20,
  date: 12,
  text: 24,
  score: 10,
};

function column(field: string, en: string, zh: string, type: ColumnType, width?: number): ColumnSpec {
  return { field, header: { en, zh }, type, width: width ?? DEFAULT_WIDTH[type] };
}

// ---------- chats and messages (getStat, getMsgStat) ----------

/** The row label columns of a getStat/getMsgStat breakdown, by the report's dimension (search_way). */
export const DIMENSION_COLUMNS: Record<Dimension, readonly ColumnSpec[]> = {
  department: [column('depart_name', 'Department', '部门', 'text', 28)],
  skillGroup: [column('group_name', 'Skill Group', '技能组', 'text', 28)],
  channel: [
    column('source_name', 'Channel', '渠道', 'text', 18),
    column('channel_flag_name', 'Sub-channel', '子渠道', 'text', 24),
  ],
};

/** The day column of a summary_way=1 (daily) breakdown. */
export const DAY_COLUMN = column('real_date', 'Date', '日期', 'date');

export const CHAT_COLUMNS: readonly ColumnSpec[] = [
  column('human_consult', 'Total Chats', '总会话量', 'count'),
  column('human_valid', 'Valid Chats', '有效会话量', 'count'),
  column('human_invalid', 'Invalid Chats', '无效会话量', 'count'),
  column('human_valid_rate', 'Valid Chat %', '有效会话率', 'rate'),
  column('human_self', 'Independent Reception Chats', '独立接待会话量', 'count'),
  column('human_self_rate', 'Bot Reception %', '独立接待率', 'rate'),
  column('human_valid_recep', 'Valid Reception Chats', '有效接待会话量', 'count'),
  column('human_valid_recep_rate', 'Valid Reception Chat %', '有效接待率', 'rate'),
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
  column('avg_staff_first_res_duration', 'Avg. 1st-Response Time', '平均首次响应时长', 'durationMs'),
  column('avg_staff_res_total_duration', 'Avg. Response Time', '平均响应时长', 'durationMs'),
  column('human_transfer', 'Transferred Chats', '转接会话量', 'count'),
  column('in_blacklist', 'Blacklisted Chats', '拉黑会话量', 'count'),
  column('summary_solved', 'Resolved Chats', '已解决会话量', 'count'),
  column('summary_not_solved', 'Unresolved Chats', '未解决会话量', 'count'),
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

export const MESSAGE_COLUMNS: readonly ColumnSpec[] = [
  column('msg_human', 'Total Chat Messages', '总消息数', 'count'),
  column('msg_visitor_to_staff', 'Customer Messages', '客户消息数', 'count'),
  column('msg_staff', 'Agent Messages', '客服消息数', 'count'),
  column('offline_message', 'Offline Message of Agent', '客服离线消息数', 'count'),
  column('human_avg_msg', 'Average Number of Messages Per Session', '平均每会话消息数', 'decimal'),
  column('msg_staff_visitor_rate', 'Q&A %', '答问比', 'rate'),
  column('human_avg_msg_visitor', 'Avg. Customer Msgs Per Chat', '平均每会话客户消息数', 'decimal'),
  column('human_avg_msg_staff', 'Avg. Agent Msgs Per Chat', '平均每会话客服消息数', 'decimal'),
  column('msg_staff_word_count', 'Agent Chars', '客服字数', 'count'),
  column('human_avg_staff_word_count', 'Avg. Agent Msgs Chars Per Chat', '平均每会话客服字数', 'decimal'),
  column('staff_res_total_count', 'Agent Chat Rounds', '客服对话轮次', 'count'),
  // The reference swaps these two labels ("Round Level" on the rate, "%" on the count).
  column('response_warn_count', 'Response Alert Rounds', '响应超时轮次', 'count'),
  column('response_warn_rate', 'Response Alert %', '响应超时率', 'rate'),
];

// ---------- customers ----------

export const REGION_COLUMNS: readonly ColumnSpec[] = [
  column('country', 'Country', '国家', 'text', 20),
  column('province', 'Region', '地区', 'text', 20),
  column('visitor_total', 'Total Visitors', '访客总数', 'count'),
  column('new_visitor_num', 'New Visitors', '新访客', 'count'),
  column('old_visitor_num', 'Regular Visitors', '老访客', 'count'),
];

// ---------- agents (staffWorkStatis) ----------

export const AGENT_COLUMNS: readonly ColumnSpec[] = [
  column('service_nick', 'Agent Nickname', '客服昵称', 'text', 20),
  column('service_email', 'Agent Email', '客服邮箱', 'text', 28),
  column('group_name', 'Agent Skill Group', '技能组', 'text', 24),
  column('human_consult', 'Total Chats', '总会话量', 'count'),
  column('human_valid', 'Valid Chats', '有效会话量', 'count'),
  column('human_invalid', 'Invalid Chats', '无效会话量', 'count'),
  column('human_self', 'Bot Reception Chats', '独立接待会话量', 'count'),
  column('human_valid_recep', 'Valid Reception Chats', '有效接待会话量', 'count'),
  column('valid_recep_rate_str', 'Valid Reception Chat %', '有效接待率', 'rate'),
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
  column('avg_first_response_time', 'Avg. 1st Response Time', '平均首次响应时长', 'durationMs'),
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
  column('avg_comment_score', 'Avg. Score (5 Stars)', '平均分（5星）', 'score'),
  column('good_rate_str', 'Positive Feedback % (5 Stars)', '好评率（5星）', 'rate'),
  column('middle_rate_str', 'Moderate Feedback % (5 Stars)', '中评率（5星）', 'rate'),
  column('bad_rate_str', 'Neg. Feedback % (5 Stars)', '差评率（5星）', 'rate'),
  column('score5', '5-Star Chats', '5星会话量', 'count'),
  column('score4', '4-Star Chats', '4星会话量', 'count'),
  column('score3', '3-Star Chats', '3星会话量', 'count'),
  column('score2', '2-Star Chats', '2星会话量', 'count'),
  column('score1', '1-Star Chats', '1星会话量', 'count'),
  column('avg_nps_score', 'Avg. Score (10 Scores)', '平均分（10分制）', 'score'),
];

// ---------- work status (getWorkLogList) ----------

export const WORK_STATUS_COLUMNS: readonly ColumnSpec[] = [
  column('staff_name', 'Agent Name', '客服姓名', 'text', 20),
  column('department_name', 'Department', '部门', 'text', 24),
  column('group_name', 'Skill Group', '技能组', 'text', 28),
  column('result_date', 'Date', '日期', 'date'),
  column('start_login_time', 'First login time', '首次登录时间', 'timestampMs'),
  column('first_login_time', 'First online time', '首次在线时间', 'timestampMs'),
  column('last_leave_time', 'Last offline time', '最后离线时间', 'timestampMs'),
  column('online_duration', 'Online duration', '在线时长', 'durationMs'),
  column('free_duration', 'Idle duration', '空闲时长', 'durationMs'),
  column('busy_counts', 'Number of busy times', '忙碌次数', 'count'),
  column('busy_all_duration', 'Busy duration', '忙碌时长', 'durationMs'),
  column('rest_duration', 'Break duration', '小休时长', 'durationMs'),
  column('eat_duration', 'Meal duration', '用餐时长', 'durationMs'),
  column('active_duration', 'Activity duration', '活动时长', 'durationMs'),
  column('train_duration', 'Training duration', '培训时长', 'durationMs'),
  column('meet_duration', 'Meeting duration', '会议时长', 'durationMs'),
];

// ---------- service summary (summary/search) ----------

/** One row per classification and period (`details[]`); the classification fields repeat on each. */
export const SERVICE_SUMMARY_COLUMNS: readonly ColumnSpec[] = [
  column('classify_show_name', 'Service Category', '服务分类', 'text', 28),
  column('level', 'Category level', '分类层级', 'count', 10),
  column('show_date', 'Display time', '时间', 'text', 20),
  column('total_conversation_num', 'Total Chats', '总会话量', 'count'),
  column('service_invited_num', 'Agent Invitations', '客服邀评数', 'count'),
  column('initiative_comment_num', 'Proactive Customer Feedback', '客户主动评价数', 'count'),
  column('comment_type_total_num', 'Chat Feedback', '评价总数', 'count'),
  ...[5, 4, 3, 2, 1].map((n) =>
    column(`star_level_num${n}`, `${n} Star Rating`, `${n}星评价数`, 'count', 10),
  ),
  ...[10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((n) =>
    column(`score_num${n}`, `${n} Score Rating`, `${n}分评价数`, 'count', 10),
  ),
];

// ---------- dimensions (condition lists) ----------

/** Departments (tree, indented, with their path), skill groups, channels and sub-channels in one list. */
export const DIMENSION_LIST_COLUMNS: readonly ColumnSpec[] = [
  column('kind', 'Type', '类型', 'text', 14),
  column('name', 'Name', '名称', 'text', 32),
  column('path', 'Path', '路径', 'text', 48),
  column('id', 'ID', 'ID', 'text', 34),
  column('parent', 'Parent', '上级', 'text', 24),
  column('key', 'Channel tag key', '渠道标识', 'text', 16),
];

// ---------- metric sheets (one object per endpoint: metric | value | MoM) ----------

/** A figure of a single-object endpoint (getGeneral, getSatisfactionSurvey…), with its MoM twin. */
export interface MetricSpec {
  readonly field: string;
  readonly label: Localized;
  readonly type: ColumnType;
}

export interface MetricGroup {
  readonly title: Localized;
  /** `_cycle`, `_ratio` or `_change`: how this endpoint names a figure's month-on-month change. */
  readonly momSuffix: string;
  readonly metrics: readonly MetricSpec[];
}

function metric(field: string, en: string, zh: string, type: ColumnType = 'count'): MetricSpec {
  return { field, label: { en, zh }, type };
}

export const METRIC_COLUMNS: readonly ColumnSpec[] = [
  column('group', 'Section', '分类', 'text', 26),
  column('metric', 'Metric', '指标', 'text', 44),
  column('value', 'Value', '数值', 'count', 14),
  column('mom', 'MoM', '环比', 'rate', 12),
];

export const CUSTOMER_METRICS: readonly MetricGroup[] = [
  {
    title: { en: 'Overview', zh: '客户概览' },
    momSuffix: '_cycle',
    metrics: [
      metric('valid_visitor_total', 'Total Valid Customers', '有效客户总数'),
      metric('new_visitor_num', 'New Visitors', '新客户数'),
      metric('old_visitor_num', 'Regular Visitors', '老客户数'),
      metric('old_visitor_proportion', 'Regular Visitor %', '老客户占比', 'rate'),
      metric('one_time_solution_rate', '24h FCR', '24小时一次解决率', 'rate'),
    ],
  },
  {
    title: { en: 'Bot reception', zh: '机器人接待' },
    momSuffix: '_cycle',
    metrics: [
      metric('robot_reception_num', 'Bot Received Customers', '机器人接待客户数'),
      metric('robot_reception_valid_num', 'Bot Validly Received Customers', '机器人有效接待客户数'),
      metric('robot_self_reception_num', 'Bot Independently Received Customers', '机器人独立接待客户数'),
      metric(
        'robot_self_reception_num_proportion',
        'Bot Independently Received Customer %',
        '机器人独立接待率',
        'rate',
      ),
      metric('transfer_to_staff_num', 'Trans-to-Agent Customers', '转人工客户数'),
      metric('robot_to_staff_active', 'Proactive Trans-to-Agent Customers', '主动转人工客户数'),
      metric(
        'robot_to_staff_active_proportion',
        'Proactive Trans-to-Agent Customer %',
        '主动转人工率',
        'rate',
      ),
      metric('trigger_to_manual_num', 'Triggering Trans-to-Agent Customers', '触发转人工客户数'),
      metric(
        'trigger_to_manual_num_proportion',
        'Triggering Trans-to-Agent Customer %',
        '触发转人工率',
        'rate',
      ),
      metric(
        'robot_to_staff_trigger_key_word',
        'Keyword-Triggering Trans-To-Agent',
        '关键词触发转人工客户数',
      ),
      metric(
        'robot_to_staff_trigger_key_word_proportion',
        'Keyword-Triggering Trans-To-Agent %',
        '关键词触发转人工率',
        'rate',
      ),
    ],
  },
  {
    title: { en: 'Agent reception', zh: '人工接待' },
    momSuffix: '_cycle',
    metrics: [
      metric('staff_reception_num', 'Received Customers', '人工接待客户数'),
      metric('staff_self_reception_num', 'Agent Independently Received Customers', '人工独立接待客户数'),
      metric(
        'staff_self_reception_num_proportion',
        'Agent Independently Received Customer %',
        '人工独立接待率',
        'rate',
      ),
      metric('staff_valid_reception_num', 'Valid Receptions', '人工有效接待客户数'),
      metric(
        'staff_valid_reception_num_proportion',
        'Agent Validly Received Customer %',
        '人工有效接待率',
        'rate',
      ),
    ],
  },
];

const starCounts = (prefix: string, en: string, zh: string) =>
  [5, 4, 3, 2, 1].map((n) => metric(`${prefix}${n}`, `${n} ${en}`, `${n}${zh}`));

export const SATISFACTION_METRICS: readonly MetricGroup[] = [
  {
    title: { en: 'Chat satisfaction', zh: '会话满意度' },
    momSuffix: '_ratio',
    metrics: [
      metric('human_valid', 'Valid Agent Chats', '人工有效会话量'),
      metric('total_times', 'Chat Feedback', '评价会话量'),
      metric('comment_rate_str', 'Feedback %', '评价率', 'rate'),
      metric('valid_reception_comment_rate_str', 'Valid Reception Chat Feedback %', '有效接待评价率', 'rate'),
      metric('initiative', 'Proactive Customer Feedback', '客户主动评价量'),
      metric('customer_initiative_rate_str', 'Proactive Customer Feedback %', '客户主动评价率', 'rate'),
      metric('invite_counts', 'Agent Invitations', '客服邀评次数'),
      metric('invite_counts_rate_str', 'Agent Invitation %', '客服邀评率', 'rate'),
      metric('invites', 'Agent-Invited Feedback', '邀请评价量'),
      metric('staff_invite_rate_str', 'Invited Feedback %', '邀请评价率', 'rate'),
      metric('solved', 'Resolved Evaluation', '已解决评价量'),
      metric('solved_rate_str', 'Resolved Evaluation %', '已解决评价率', 'rate'),
      metric('not_solved', 'Unresolved Evaluation', '未解决评价量'),
      metric('not_solved_rate_str', 'Unresolved Evaluation %', '未解决评价率', 'rate'),
      metric('solved_count', 'Total Resolved Evaluation', '解决评价总量'),
      metric('level2_score5', 'Number Of Satisfied Chats', '满意会话量'),
      metric('level2_score5_rate_str', 'Satisfaction Rate', '满意率', 'rate'),
      metric('level2_score1', 'Number Of Dissatisfied Chats', '不满意会话量'),
      metric('level2_score1_rate_str', 'Dissatisfaction Rate', '不满意率', 'rate'),
      metric('avg_comment_score', 'Avg. Score (5 Stars)', '平均分（5星）', 'score'),
      metric('good', 'Chats with Positive Feedback', '好评会话量'),
      metric('good_rate_str', 'Positive Feedback %', '好评率', 'rate'),
      metric('middle', 'Chats with Moderate Feedback', '中评会话量'),
      metric('middle_rate_str', 'Moderate Feedback %', '中评率', 'rate'),
      metric('bad', 'Chats with Neg. Feedback', '差评会话量'),
      metric('bad_rate_str', 'Neg. Feedback %', '差评率', 'rate'),
      ...starCounts('score', 'Stars Chats', '星会话量'),
      metric('avg_nps_score', 'Avg. Score (10 Scores)', '平均分（10分制）', 'score'),
    ],
  },
  {
    title: { en: 'Customer satisfaction', zh: '客户满意度' },
    momSuffix: '_change',
    metrics: [
      metric('human_valid', 'Agent Valid Customers', '人工有效客户数'),
      metric('human_in_valid_recep', 'Agent Validly Received Customers', '人工有效接待客户数'),
      metric('evaluate', 'Feedback Customers', '评价客户数'),
      metric('solved', 'Resolved Evaluation Customers', '已解决评价客户数'),
      metric('active_evaluate', 'Proactive Feedback Customers', '主动评价客户数'),
      metric('staff_invite', 'Customers Invited by Agent', '客服邀评客户数'),
      metric('invite_evaluate', 'Customers Invited by Agent to Evaluate', '邀请后评价客户数'),
      metric('level2_score5', 'Number of Satisfied Chats', '满意会话量'),
      metric('level2_score1', 'Number of Dissatisfied Chats', '不满意会话量'),
      metric('score5_average', 'Avg. Score (5 Stars)', '平均分（5星）', 'score'),
      ...starCounts('score', 'Star Rating', '星评价数'),
      metric('nps10_average', 'Avg. Score (10 Scores)', '平均分（10分制）', 'score'),
    ],
  },
];

// ---------- summary (headline KPIs) ----------

/** Value columns take each KPI's own unit (see kpis.ts); `change` is current − previous in that unit. */
export const SUMMARY_COLUMNS: readonly ColumnSpec[] = [
  column('kpi', 'Metric', '指标', 'text', 28),
  column('current', 'This period', '本期', 'count', 14),
  column('previous', 'Previous period', '上期', 'count', 14),
  column('change', 'Change', '变化', 'count', 12),
  column('relativeChange', 'Change %', '变化率', 'rate', 12),
];
