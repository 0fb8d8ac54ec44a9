import * as z from 'zod';
import { type MetricGroup, type MetricSpec, metricSheet, metricsOf } from '../render/workbook-metrics.ts';
import type { EndpointName } from '../sobot/endpoints.ts';
import { FILTERS_WITHOUT_ROBOTS, filterParams, rangeParams } from '../sobot/request-params.ts';
import { num, rate, withMoM } from '../sobot/schemas.ts';
import { numberOrNull } from './figures.ts';
import { type DataOf, defineSection, itemPart, type KpiDefinition, type PlanContext } from './section.ts';

/**
 * Satisfaction (getSatisfactionSurvey per chat, getCustomerSatisfaction per customer): ratings,
 * invitations and resolution, each with its month-on-month twin; account-level like the customer figures.
 */

export const sessionSatisfaction = z.looseObject({
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

export const customerSatisfaction = z.looseObject({
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
type SessionSatisfaction = z.infer<typeof sessionSatisfaction>;
type CustomerSatisfaction = z.infer<typeof customerSatisfaction>;

/** The satisfaction endpoints take no `robot_ids_param`. */
const params =
  (endpoint: EndpointName) =>
  ({ range, searchWay, filters }: PlanContext) => ({
    ...rangeParams(endpoint, range),
    search_way: searchWay,
    ...filterParams(filters, FILTERS_WITHOUT_ROBOTS),
  });

const parts = {
  sessions: itemPart('getSatisfactionSurvey', sessionSatisfaction, params('getSatisfactionSurvey'), {
    compared: true,
  }),
  customers: itemPart('getCustomerSatisfaction', customerSatisfaction, params('getCustomerSatisfaction'), {
    compared: true,
  }),
};
export type SatisfactionData = DataOf<typeof parts>;

export const SATISFACTION_KPIS: readonly KpiDefinition<SatisfactionData>[] = [
  {
    id: 'satisfaction',
    label: { en: 'Satisfaction (5★)', zh: '满意度（5星）' },
    format: 'score',
    better: 'higher',
    accountLevel: true,
    value: (data) =>
      numberOrNull(data.sessions?.avg_comment_score) ?? numberOrNull(data.customers?.score5_average),
  },
];

function starCounts<Item>(
  metric: ReturnType<typeof metricsOf<Item>>,
  en: string,
  zh: string,
): MetricSpec<Item>[] {
  return ([5, 4, 3, 2, 1] as const).map((n) =>
    metric(`score${n}` as Parameters<typeof metric>[0], `${n} ${en}`, `${n}${zh}`),
  );
}

const sessionMetric = metricsOf<SessionSatisfaction>();
const SESSION_METRICS: MetricGroup<SessionSatisfaction> = {
  title: { en: 'Chat satisfaction', zh: '会话满意度' },
  momSuffix: '_ratio',
  metrics: [
    sessionMetric('human_valid', 'Valid Agent Chats', '人工有效会话量'),
    sessionMetric('total_times', 'Chat Feedback', '评价会话量'),
    sessionMetric('comment_rate_str', 'Feedback %', '评价率', 'rate'),
    sessionMetric(
      'valid_reception_comment_rate_str',
      'Valid Reception Chat Feedback %',
      '有效接待评价率',
      'rate',
    ),
    sessionMetric('initiative', 'Proactive Customer Feedback', '客户主动评价量'),
    sessionMetric('customer_initiative_rate_str', 'Proactive Customer Feedback %', '客户主动评价率', 'rate'),
    sessionMetric('invite_counts', 'Agent Invitations', '客服邀评次数'),
    sessionMetric('invite_counts_rate_str', 'Agent Invitation %', '客服邀评率', 'rate'),
    sessionMetric('invites', 'Agent-Invited Feedback', '邀请评价量'),
    sessionMetric('staff_invite_rate_str', 'Invited Feedback %', '邀请评价率', 'rate'),
    sessionMetric('solved', 'Resolved Evaluation', '已解决评价量'),
    sessionMetric('solved_rate_str', 'Resolved Evaluation %', '已解决评价率', 'rate'),
    sessionMetric('not_solved', 'Unresolved Evaluation', '未解决评价量'),
    sessionMetric('not_solved_rate_str', 'Unresolved Evaluation %', '未解决评价率', 'rate'),
    sessionMetric('solved_count', 'Total Resolved Evaluation', '解决评价总量'),
    sessionMetric('level2_score5', 'Number Of Satisfied Chats', '满意会话量'),
    sessionMetric('level2_score5_rate_str', 'Satisfaction Rate', '满意率', 'rate'),
    sessionMetric('level2_score1', 'Number Of Dissatisfied Chats', '不满意会话量'),
    sessionMetric('level2_score1_rate_str', 'Dissatisfaction Rate', '不满意率', 'rate'),
    sessionMetric('avg_comment_score', 'Avg. Score (5 Stars)', '平均分（5星）', 'score'),
    sessionMetric('good', 'Chats with Positive Feedback', '好评会话量'),
    sessionMetric('good_rate_str', 'Positive Feedback %', '好评率', 'rate'),
    sessionMetric('middle', 'Chats with Moderate Feedback', '中评会话量'),
    sessionMetric('middle_rate_str', 'Moderate Feedback %', '中评率', 'rate'),
    sessionMetric('bad', 'Chats with Neg. Feedback', '差评会话量'),
    sessionMetric('bad_rate_str', 'Neg. Feedback %', '差评率', 'rate'),
    ...starCounts(sessionMetric, 'Stars Chats', '星会话量'),
    sessionMetric('avg_nps_score', 'Avg. Score (10 Scores)', '平均分（10分制）', 'score'),
  ],
};

const customerMetric = metricsOf<CustomerSatisfaction>();
const CUSTOMER_METRICS: MetricGroup<CustomerSatisfaction> = {
  title: { en: 'Customer satisfaction', zh: '客户满意度' },
  momSuffix: '_change',
  metrics: [
    customerMetric('human_valid', 'Agent Valid Customers', '人工有效客户数'),
    customerMetric('human_in_valid_recep', 'Agent Validly Received Customers', '人工有效接待客户数'),
    customerMetric('evaluate', 'Feedback Customers', '评价客户数'),
    customerMetric('solved', 'Resolved Evaluation Customers', '已解决评价客户数'),
    customerMetric('active_evaluate', 'Proactive Feedback Customers', '主动评价客户数'),
    customerMetric('staff_invite', 'Customers Invited by Agent', '客服邀评客户数'),
    customerMetric('invite_evaluate', 'Customers Invited by Agent to Evaluate', '邀请后评价客户数'),
    customerMetric('level2_score5', 'Number of Satisfied Chats', '满意会话量'),
    customerMetric('level2_score1', 'Number of Dissatisfied Chats', '不满意会话量'),
    customerMetric('score5_average', 'Avg. Score (5 Stars)', '平均分（5星）', 'score'),
    ...starCounts(customerMetric, 'Star Rating', '星评价数'),
    customerMetric('nps10_average', 'Avg. Score (10 Scores)', '平均分（10分制）', 'score'),
  ],
};

export const satisfaction = defineSection({
  id: 'satisfaction',
  parts,
  sheets: ({ snapshot, language }) => [
    metricSheet(
      { en: 'Satisfaction', zh: '满意度' },
      [
        { group: SESSION_METRICS, item: snapshot.current.satisfaction.sessions },
        { group: CUSTOMER_METRICS, item: snapshot.current.satisfaction.customers },
      ],
      language,
    ),
  ],
});
