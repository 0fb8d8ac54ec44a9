import * as z from 'zod';

/**
 * Response schemas for every endpoint. The API sends numbers as numbers or strings ("21"), rates as
 * fractions (0.75) or strings ("75.00%"), and "NA" or "" where there is no value. The coercers below
 * turn all of those into `number | null` and are idempotent, so a parsed snapshot parses again to itself.
 * Objects are loose: fields the reference does not list are kept, not dropped.
 */

const MISSING = new Set(['', 'NA', 'N/A', '-', '--', 'null', 'undefined']);

function toNumber(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (MISSING.has(text)) return null;
  const isPercent = text.endsWith('%');
  const parsed = Number(isPercent ? text.slice(0, -1) : text);
  if (!Number.isFinite(parsed)) return value;
  // Rounded so "66.67%" is 0.6667, not 0.6667000000000001.
  return isPercent ? Math.round(parsed * 1e6) / 1e8 : parsed;
}

/** A count, duration or average: numbers or numeric strings; "NA" and "" become null. */
export const num = z.preprocess((v) => toNumber(v), z.number().nullable()).optional();

/** A rate: "75.00%" becomes 0.75; a number is taken as already a fraction. */
export const rate = z.preprocess((v) => toNumber(v), z.number().nullable()).optional();

/** An identifier or label that may arrive as a number. */
export const text = z
  .preprocess(
    (v) => (v === null || v === undefined ? null : typeof v === 'number' ? String(v) : v),
    z.string().nullable(),
  )
  .optional();

function fields<const K extends string, T extends z.ZodType>(type: T, keys: readonly K[]) {
  return Object.fromEntries(keys.map((k) => [k, type])) as { [P in K]: T };
}

// ---------- envelopes ----------

export const envelopeSchema = z.looseObject({
  ret_code: z.preprocess((v) => (typeof v === 'number' ? String(v).padStart(6, '0') : v), z.string()),
  ret_msg: z.string().optional().default(''),
});
export type Envelope = z.infer<typeof envelopeSchema>;

const pageFields = {
  page_no: num,
  page_count: num,
  page_size: num,
  total_count: num,
};

export function listResponse<T extends z.ZodType>(item: T) {
  return envelopeSchema.extend({ ...pageFields, items: z.array(item).nullable().optional() });
}

export function itemResponse<T extends z.ZodType>(item: T) {
  return envelopeSchema.extend({ item: item.nullable().optional() });
}

export const tokenResponseSchema = envelopeSchema.extend({
  item: z
    .looseObject({
      token: z.string().min(1),
      expires_in: z.preprocess((v) => toNumber(v), z.number().positive()),
    })
    .optional(),
});

// ---------- condition lists ----------

export const channelSchema = z.looseObject({ code: text, msg: text });
export const subChannelSchema = z.looseObject({
  sub_channel_id: text,
  channel_type: text,
  sub_channel_name: text,
  channel_flag: text,
  channel_flag_key: text,
});
export const classificationSchema = z.looseObject({
  id: text,
  classify_name: text,
  classify_code: text,
  classify_level: num,
  classify_level_path: text,
  classify_parent_id: text,
  sort: num,
});
export const robotSchema = z.looseObject({ robot_logo: text, robot_name: text, robot_flag: text });

export interface Department {
  depart_id?: string | null | undefined;
  depart_name?: string | null | undefined;
  parent_id?: string | null | undefined;
  company_id?: string | null | undefined;
  child_list?: Department[] | null | undefined;
  [extra: string]: unknown;
}
export const departmentSchema: z.ZodType<Department> = z.lazy(() =>
  z.looseObject({
    depart_id: text,
    depart_name: text,
    parent_id: text,
    company_id: text,
    child_list: z.array(departmentSchema).nullable().optional(),
  }),
);
export const groupSchema = z.looseObject({ group_id: text, group_name: text });
export const agentSchema = z.looseObject({ service_id: text, service_name: text, service_nick: text });

// ---------- chat statistics (getStat, getMsgStat) ----------

/** Dimension columns a breakdown row carries, depending on search_way and summary_way. */
const dimensionFields = fields(text, [
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

export const chatStatRowSchema = z.looseObject({
  ...dimensionFields,
  ...fields(num, [
    'queue',
    'not_queue',
    'queue_accept',
    'queue_leave',
    'avg_queue_accept_duration',
    'avg_queue_leave_duration',
    'human_consult',
    'human_self',
    'human_valid',
    'human_invalid',
    'human_not_recep',
    'avg_human_recep_duration',
    'avg_staff_first_res_duration',
    'avg_staff_res_total_duration',
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

export const messageStatRowSchema = z.looseObject({
  ...dimensionFields,
  ...fields(num, [
    'msg_human',
    'msg_visitor_to_staff',
    'msg_staff',
    'offline_message',
    'human_avg_msg',
    'human_avg_msg_visitor',
    'human_avg_msg_staff',
    'msg_staff_word_count',
    'human_avg_staff_word_count',
    'staff_res_total_count',
    'response_warn_count',
  ] as const),
  ...fields(rate, ['msg_staff_visitor_rate', 'response_warn_rate'] as const),
});

// ---------- customer statistics ----------

/** Every customer/satisfaction value has a MoM twin (`_cycle`, `_ratio` or `_change`), which is a rate. */
function withMoM<T extends z.ZodType, const K extends string, const S extends string>(
  type: T,
  keys: readonly K[],
  suffix: S,
) {
  return {
    ...fields(type, keys),
    ...fields(
      rate,
      keys.map((k) => `${k}${suffix}` as `${K}${S}`),
    ),
  };
}

export const customerGeneralSchema = z.looseObject({
  ...withMoM(num, ['valid_visitor_total', 'new_visitor_num', 'old_visitor_num'] as const, '_cycle'),
  ...withMoM(rate, ['old_visitor_proportion', 'one_time_solution_rate'] as const, '_cycle'),
});

export const robotReceptionSchema = z.looseObject({
  ...withMoM(
    num,
    [
      'robot_reception_num',
      'robot_reception_valid_num',
      'robot_self_reception_num',
      'robot_to_staff_active',
      'trigger_to_manual_num',
      'transfer_to_staff_num',
      'robot_to_staff_trigger_key_word',
    ] as const,
    '_cycle',
  ),
  ...withMoM(
    rate,
    [
      'robot_self_reception_num_proportion',
      'robot_to_staff_active_proportion',
      'trigger_to_manual_num_proportion',
      'robot_to_staff_trigger_key_word_proportion',
    ] as const,
    '_cycle',
  ),
});

export const staffReceptionSchema = z.looseObject({
  ...withMoM(
    num,
    ['staff_reception_num', 'staff_self_reception_num', 'staff_valid_reception_num'] as const,
    '_cycle',
  ),
  ...withMoM(
    rate,
    ['staff_self_reception_num_proportion', 'staff_valid_reception_num_proportion'] as const,
    '_cycle',
  ),
});

export const regionRowSchema = z.looseObject({
  id: text,
  country: text,
  province: text,
  ...fields(num, ['visitor_total', 'new_visitor_num', 'old_visitor_num'] as const),
});

// ---------- agent statistics ----------

export const agentWorkRowSchema = z.looseObject({
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
    'human_consult_duration',
    'avg_session_duration',
    'avg_total_session_duration',
    'avg_first_response_time',
    'response_time_avg',
    'response_duration_max',
    'avg_human_confirm_duration_transfer',
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
    'response_counts',
    'human_res_warn_count',
  ] as const),
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

export const workLogRowSchema = z.looseObject({
  ...fields(text, [
    'staff_id',
    'staff_name',
    'department_id',
    'department_name',
    'group_id',
    'group_name',
    'result_date',
  ] as const),
  ...fields(num, [
    'start_login_time',
    'first_login_time',
    'last_leave_time',
    'online_duration',
    'free_duration',
    'busy_counts',
    'busy_duration',
    'busy_all_duration',
    'rest_duration',
    'eat_duration',
    'active_duration',
    'train_duration',
    'meet_duration',
  ] as const),
});

// ---------- satisfaction ----------

export const satisfactionSurveySchema = z.looseObject({
  ...withMoM(
    num,
    [
      'human_valid',
      'total_times',
      'initiative',
      'invite_counts',
      'invites',
      'not_solved',
      'solved',
      'solved_count',
      'level2_score5',
      'level2_score1',
      'avg_comment_score',
      'good',
      'middle',
      'bad',
      'score5',
      'score4',
      'score3',
      'score2',
      'score1',
      'avg_nps_score',
    ] as const,
    '_ratio',
  ),
  ...withMoM(
    rate,
    [
      'comment_rate_str',
      'valid_reception_comment_rate_str',
      'customer_initiative_rate_str',
      'invite_counts_rate_str',
      'staff_invite_rate_str',
      'not_solved_rate_str',
      'solved_rate_str',
      'level2_score5_rate_str',
      'level2_score1_rate_str',
      'good_rate_str',
      'middle_rate_str',
      'bad_rate_str',
    ] as const,
    '_ratio',
  ),
});

export const customerSatisfactionSchema = z.looseObject({
  ...withMoM(
    num,
    [
      'human_valid',
      'human_in_valid_recep',
      'evaluate',
      'solved',
      'active_evaluate',
      'staff_invite',
      'invite_evaluate',
      'level2_score5',
      'level2_score1',
      'score5_average',
      'score5',
      'score4',
      'score3',
      'score2',
      'score1',
      'nps10_average',
    ] as const,
    '_change',
  ),
});

// ---------- service summary ----------

export const summaryDetailSchema = z.looseObject({
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
  ] as const),
});
export const summaryRowSchema = z.looseObject({
  level: num,
  classify_id: text,
  classify_show_name: text,
  details: z.array(summaryDetailSchema).nullable().optional(),
});

/** The row (for `items`) or object (for `item`) schema of each endpoint. */
export const RESPONSE_SCHEMAS = {
  getChannelList: channelSchema,
  getChildChannelList: subChannelSchema,
  getClassificationList: classificationSchema,
  getRobotList: robotSchema,
  getDepartmentList: departmentSchema,
  getGroupList: groupSchema,
  getServiceList: agentSchema,
  getStat: chatStatRowSchema,
  getMsgStat: messageStatRowSchema,
  getGeneral: customerGeneralSchema,
  getRobotReception: robotReceptionSchema,
  getStaffReception: staffReceptionSchema,
  getGeographicalDistribution: regionRowSchema,
  staffWorkStatis: agentWorkRowSchema,
  getWorkLogList: workLogRowSchema,
  getSatisfactionSurvey: satisfactionSurveySchema,
  getCustomerSatisfaction: customerSatisfactionSchema,
  summarySearch: summaryRowSchema,
} as const;

export type Channel = z.infer<typeof channelSchema>;
export type SubChannel = z.infer<typeof subChannelSchema>;
export type Classification = z.infer<typeof classificationSchema>;
export type Robot = z.infer<typeof robotSchema>;
export type Group = z.infer<typeof groupSchema>;
export type Agent = z.infer<typeof agentSchema>;
export type ChatStatRow = z.infer<typeof chatStatRowSchema>;
export type MessageStatRow = z.infer<typeof messageStatRowSchema>;
export type CustomerGeneral = z.infer<typeof customerGeneralSchema>;
export type RobotReception = z.infer<typeof robotReceptionSchema>;
export type StaffReception = z.infer<typeof staffReceptionSchema>;
export type RegionRow = z.infer<typeof regionRowSchema>;
export type AgentWorkRow = z.infer<typeof agentWorkRowSchema>;
export type WorkLogRow = z.infer<typeof workLogRowSchema>;
export type SatisfactionSurvey = z.infer<typeof satisfactionSurveySchema>;
export type CustomerSatisfaction = z.infer<typeof customerSatisfactionSchema>;
export type SummaryRow = z.infer<typeof summaryRowSchema>;
