import type { KpiDirection, KpiFormat, Localized } from './section.ts';

/**
 * The metric registry: every figure the email, the text part and the workbook show under a metric's
 * name is defined here once (label, formula, source fields, unit, direction, how it combines rows).
 * The KPIs (headline.ts), the email's tables, the workbook's columns for these figures and the
 * Definitions sheet all read it, so one label can only ever mean one number.
 */

export interface MetricDefinition {
  readonly id: string;
  readonly label: Localized;
  /** How the figure is computed from the source fields, in words a supervisor can check. */
  readonly formula: Localized;
  /** `endpoint.field`, the fields the formula reads. */
  readonly sources: readonly string[];
  readonly unit: KpiFormat;
  readonly better: KpiDirection;
  /** How the figure of several rows (departments, days, an agent's skill groups) is made. */
  readonly aggregation: Localized;
}

const SUM: Localized = { en: 'Sum over the rows', zh: '各行求和' };
const AS_ANSWERED: Localized = {
  en: 'One figure for the whole account, as the API answers it',
  zh: '全账号一个值，取接口返回值',
};
const RATIO_OF_SUMS: Localized = {
  en: 'Recomputed from the summed counts (never an average of rates)',
  zh: '由各行计数之和重新计算（不对比率取平均）',
};

function metric<const Id extends string>(definition: MetricDefinition & { readonly id: Id }) {
  return definition;
}

export const METRICS = {
  totalChats: metric({
    id: 'totalChats',
    label: { en: 'Total chats', zh: '总会话量' },
    formula: { en: 'Chats that reached an agent', zh: '进入人工的会话数' },
    sources: ['getStat.human_consult', 'staffWorkStatis.human_consult'],
    unit: 'count',
    better: 'neutral',
    aggregation: SUM,
  }),
  validChats: metric({
    id: 'validChats',
    label: { en: 'Valid chats', zh: '有效会话量' },
    formula: { en: 'Chats in which the customer wrote', zh: '客户发过消息的会话数' },
    sources: ['getStat.human_valid', 'staffWorkStatis.human_valid'],
    unit: 'count',
    better: 'neutral',
    aggregation: SUM,
  }),
  validReceptions: metric({
    id: 'validReceptions',
    label: { en: 'Valid receptions', zh: '有效接待会话量' },
    formula: { en: 'Chats an agent received and answered', zh: '客服有效接待的会话数' },
    sources: ['getStat.human_valid_recep', 'staffWorkStatis.human_valid_recep'],
    unit: 'count',
    better: 'higher',
    aggregation: SUM,
  }),
  /*
   * The reference labels two different rates "Valid Reception Chat %". getStat's
   * "human_valid_recep_rate Double No Valid Reception Chat %" has an example (human_valid_recep 40,
   * human_consult 56, human_valid 56, rate 0.7142857) that cannot tell total from valid chats apart,
   * while every other getStat rate there ("human_self_rate" 42/56, "human_not_recep_rate" 14/56) divides
   * by human_consult; staffWorkStatis's "valid_recep_rate_str String No Valid Reception Chat %" is
   * "16.67%" on a row with human_valid_recep 1, human_valid 6, human_consult 9: valid chats. The report
   * keeps getStat's rate, over total chats, for every figure it shows under this label (the headline,
   * departments and agents), and names the agents' API rate by its own denominator.
   */
  validReceptionRate: metric({
    id: 'validReceptionRate',
    label: { en: 'Valid reception (% of chats)', zh: '有效接待率（占总会话）' },
    formula: { en: 'Valid receptions ÷ total chats', zh: '有效接待会话量 ÷ 总会话量' },
    sources: ['getStat.human_valid_recep', 'getStat.human_consult', 'getStat.human_valid_recep_rate'],
    unit: 'percent',
    better: 'higher',
    aggregation: RATIO_OF_SUMS,
  }),
  validReceptionOfValid: metric({
    id: 'validReceptionOfValid',
    label: { en: 'Valid reception (% of valid chats)', zh: '有效接待率（占有效会话）' },
    formula: { en: 'Valid receptions ÷ valid chats', zh: '有效接待会话量 ÷ 有效会话量' },
    sources: ['staffWorkStatis.valid_recep_rate_str'],
    unit: 'percent',
    better: 'higher',
    aggregation: {
      en: 'Per agent and skill group, as the API answers it',
      zh: '按客服和技能组，取接口返回值',
    },
  }),
  avgFirstResponse: metric({
    id: 'avgFirstResponse',
    label: { en: 'Avg first response', zh: '平均首次响应时长' },
    formula: {
      en: 'Mean time from a chat reaching an agent to the agent’s first reply',
      zh: '会话进入人工到客服首次回复的平均时长',
    },
    sources: ['getStat.avg_staff_first_res_duration', 'staffWorkStatis.avg_first_response_time'],
    unit: 'duration',
    better: 'lower',
    // The reference's getStat example: 853451.6 ms × 40 valid receptions is a whole number of ms.
    aggregation: { en: 'Mean weighted by valid receptions', zh: '按有效接待会话量加权平均' },
  }),
  avgResponse: metric({
    id: 'avgResponse',
    label: { en: 'Avg response', zh: '平均响应时长' },
    formula: { en: 'Mean time an agent took to answer a customer message', zh: '客服回复客户消息的平均时长' },
    sources: ['getStat.avg_staff_res_total_duration', 'getStat.staff_res_total_count'],
    unit: 'duration',
    better: 'lower',
    aggregation: { en: 'Mean weighted by agent chat rounds', zh: '按客服对话轮次加权平均' },
  }),
  resolvedRate: metric({
    id: 'resolvedRate',
    label: { en: 'Resolved (% of tagged)', zh: '已解决率（占已标记）' },
    formula: {
      en: 'Resolved chats ÷ (resolved + unresolved chats); untagged chats are left out',
      zh: '已解决会话量 ÷（已解决 + 未解决会话量），未标记的不计',
    },
    sources: ['getStat.summary_solved', 'getStat.summary_not_solved'],
    unit: 'percent',
    better: 'higher',
    aggregation: RATIO_OF_SUMS,
  }),
  transferred: metric({
    id: 'transferred',
    label: { en: 'Transferred chats', zh: '转接会话量' },
    formula: { en: 'Chats passed on to another agent', zh: '转给其他客服的会话数' },
    sources: ['getStat.human_transfer'],
    unit: 'count',
    // A transfer means the first agent could not finish the chat.
    better: 'lower',
    aggregation: SUM,
  }),
  satisfaction5: metric({
    id: 'satisfaction5',
    label: { en: 'Satisfaction (5★)', zh: '满意度（5星）' },
    formula: { en: 'Average 5-star rating of rated chats', zh: '已评价会话的5星平均分' },
    sources: ['getSatisfactionSurvey.avg_comment_score', 'staffWorkStatis.avg_comment_score'],
    unit: 'score',
    better: 'higher',
    aggregation: { en: 'Mean weighted by 5-star ratings', zh: '按5星评价数加权平均' },
  }),
  satisfaction10: metric({
    id: 'satisfaction10',
    label: { en: 'Satisfaction (10 points)', zh: '满意度（10分制）' },
    formula: { en: 'Average 10-point rating of rated chats', zh: '已评价会话的10分制平均分' },
    sources: ['getSatisfactionSurvey.avg_nps_score', 'staffWorkStatis.avg_nps_score'],
    unit: 'score',
    better: 'higher',
    aggregation: { en: 'Mean weighted by 10-point ratings', zh: '按10分制评价数加权平均' },
  }),
  customerSatisfaction5: metric({
    id: 'customerSatisfaction5',
    label: { en: 'Customer satisfaction (5★)', zh: '客户满意度（5星）' },
    formula: { en: 'Average 5-star rating per rating customer', zh: '评价客户的5星平均分' },
    sources: ['getCustomerSatisfaction.score5_average'],
    unit: 'score',
    better: 'higher',
    aggregation: AS_ANSWERED,
  }),
  customerSatisfaction10: metric({
    id: 'customerSatisfaction10',
    label: { en: 'Customer satisfaction (10 points)', zh: '客户满意度（10分制）' },
    formula: { en: 'Average 10-point rating per rating customer', zh: '评价客户的10分制平均分' },
    sources: ['getCustomerSatisfaction.nps10_average'],
    unit: 'score',
    better: 'higher',
    aggregation: AS_ANSWERED,
  }),
  botSelfService: metric({
    id: 'botSelfService',
    label: { en: 'Bot self-service (% of bot customers)', zh: '机器人独立接待率（占机器人接待客户）' },
    formula: {
      en: 'Customers the bot served alone ÷ customers the bot received',
      zh: '机器人独立接待客户数 ÷ 机器人接待客户数',
    },
    sources: ['getRobotReception.robot_self_reception_num_proportion'],
    unit: 'percent',
    better: 'higher',
    aggregation: AS_ANSWERED,
  }),
  validCustomers: metric({
    id: 'validCustomers',
    label: { en: 'Valid customers', zh: '有效客户数' },
    formula: { en: 'Distinct customers with a valid chat', zh: '有有效会话的去重客户数' },
    sources: ['getGeneral.valid_visitor_total'],
    unit: 'count',
    better: 'neutral',
    aggregation: AS_ANSWERED,
  }),
  newCustomers: metric({
    id: 'newCustomers',
    label: { en: 'New customers', zh: '新客户数' },
    formula: { en: 'Valid customers seen for the first time', zh: '首次来访的有效客户数' },
    sources: ['getGeneral.new_visitor_num'],
    unit: 'count',
    better: 'neutral',
    aggregation: AS_ANSWERED,
  }),
  regularCustomers: metric({
    id: 'regularCustomers',
    label: { en: 'Regular customers', zh: '老客户数' },
    formula: { en: 'Valid customers who had come before', zh: '曾来访过的有效客户数' },
    sources: ['getGeneral.old_visitor_num'],
    unit: 'count',
    better: 'neutral',
    aggregation: AS_ANSWERED,
  }),
} as const;

export const METRIC_LIST: readonly MetricDefinition[] = Object.values(METRICS);
