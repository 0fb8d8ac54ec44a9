import * as z from 'zod';
import {
  type MetricGroup,
  type MetricSpec,
  metricSheet,
  metricsOf,
  registeredMetricsOf,
} from '../render/workbook-metrics.ts';
import type { EndpointName } from '../sobot/endpoints.ts';
import { FILTERS_WITHOUT_ROBOTS, filterParams, rangeParams } from '../sobot/request-params.ts';
import { fields, num, rate, withMoM } from '../sobot/schemas.ts';
import { numberOrNull, sumOf } from './figures.ts';
import { METRICS } from './metrics.ts';
import { type DataOf, defineSection, itemPart, type KpiDefinition, type PlanContext } from './section.ts';

/**
 * Satisfaction (getSatisfactionSurvey per chat, getCustomerSatisfaction per customer): ratings,
 * invitations and resolution, each with its month-on-month twin. One item for whatever the request
 * filters to; both take depart_ids_param and group_ids_param, so each routed team's is fetched with its
 * ids (`perTeam`), like the customer figures (search_way as there, see customers.ts).
 */

/** The 10-point scale's levels and the 5-star scale's, highest first. */
export const NPS_LEVELS = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0] as const;
export const STAR_LEVELS = [5, 4, 3, 2, 1] as const;

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
      'nps_good',
      'nps_middle',
      'nps_bad',
      ...NPS_LEVELS.map((n) => `nps_score${n}` as const),
    ] as const,
    '_ratio',
  ),
  // How many chats each scale rated: in the return example ("score_total_times": 684,
  // "nps_total_times": 0), not in its item table; read when present, else the per-level counts are summed.
  ...fields(num, ['score_total_times', 'nps_total_times'] as const),
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
      ...NPS_LEVELS.map((n) => `nps${n}` as const),
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

/**
 * A rating scale (5 stars, 10 points, satisfied/dissatisfied, resolved/unresolved) that the account may
 * not use: getSatisfactionSurvey's return example answers `"nps_total_times": 0` with
 * `"avg_nps_score": "0.00"` and 0.00% shares, and getCustomerSatisfaction's `"nps10_average": "0.00"`
 * with every nps count "0". With no responses (or no count of them at all) the scale is not used, and
 * its average and shares, with their month-on-month twins, are blank rather than 0.
 */
interface Scale<Item> {
  readonly responses: (item: Item) => number | null;
  /** The figures that describe the responses: averages and shares. */
  readonly figures: readonly (keyof Item & string)[];
}

/** The responses' total where the answer gives it, else the sum of its per-level counts. */
function responses<Item>(total: (item: Item) => unknown, levels: readonly ((item: Item) => unknown)[]) {
  return (item: Item) => numberOrNull(total(item)) ?? sumOf(levels, (level) => numberOrNull(level(item)));
}

const SESSION_SCALES = {
  fiveStar: {
    responses: responses<SessionSatisfaction>(
      (s) => s.score_total_times,
      STAR_LEVELS.map((n) => (s) => s[`score${n}`]),
    ),
    figures: ['avg_comment_score', 'good_rate_str', 'middle_rate_str', 'bad_rate_str'],
  },
  tenPoint: {
    responses: responses<SessionSatisfaction>(
      (s) => s.nps_total_times,
      NPS_LEVELS.map((n) => (s) => s[`nps_score${n}`]),
    ),
    figures: ['avg_nps_score'],
  },
  level2: {
    responses: responses<SessionSatisfaction>(() => null, [(s) => s.level2_score5, (s) => s.level2_score1]),
    figures: ['level2_score5_rate_str', 'level2_score1_rate_str'],
  },
  resolution: {
    responses: responses<SessionSatisfaction>((s) => s.solved_count, [(s) => s.solved, (s) => s.not_solved]),
    figures: ['solved_rate_str', 'not_solved_rate_str'],
  },
} as const satisfies Record<string, Scale<SessionSatisfaction>>;

const CUSTOMER_SCALES = {
  fiveStar: {
    responses: responses<CustomerSatisfaction>(
      () => null,
      STAR_LEVELS.map((n) => (c) => c[`score${n}`]),
    ),
    figures: ['score5_average'],
  },
  tenPoint: {
    responses: responses<CustomerSatisfaction>(
      () => null,
      NPS_LEVELS.map((n) => (c) => c[`nps${n}`]),
    ),
    figures: ['nps10_average'],
  },
} as const satisfies Record<string, Scale<CustomerSatisfaction>>;

function used<Item>(scale: Scale<Item>, item: Item): boolean {
  return (scale.responses(item) ?? 0) > 0;
}

/** The item with the figures of every scale it does not use (and their month-on-month twins) blank. */
function withUnusedScalesBlank<Item extends object>(
  item: Item | null,
  scales: Record<string, Scale<Item>>,
  momSuffix: string,
): Item | null {
  if (item === null) return null;
  const blank: Record<string, null> = {};
  for (const scale of Object.values(scales)) {
    if (used(scale, item)) continue;
    for (const figure of scale.figures) {
      blank[figure] = null;
      blank[`${figure}${momSuffix}`] = null;
    }
  }
  return { ...item, ...blank };
}

/** A scale's average, or null when the item is missing or the scale has no responses in it. */
function averageOf<Item>(
  item: Item | null | undefined,
  scale: Scale<Item>,
  average: (item: Item) => unknown,
) {
  return item && used(scale, item) ? numberOrNull(average(item)) : null;
}

/**
 * The 5-star average where the account uses that scale (per chat, else per customer, as before), else
 * the 10-point one: an account rating on one scale only gets that scale's score, not a 0 for the other.
 * When both scales are used the 5-star one is shown. A per-customer average is its own metric: it is
 * not the per-chat average, so it never shows under the per-chat label.
 */
export const SATISFACTION_KPIS: readonly KpiDefinition<SatisfactionData>[] = [
  {
    id: 'satisfaction',
    metric: METRICS.satisfaction5,
    accountLevel: true,
    value: (data) => averageOf(data.sessions, SESSION_SCALES.fiveStar, (s) => s.avg_comment_score),
    fallbacks: [
      {
        metric: METRICS.customerSatisfaction5,
        value: (data) => averageOf(data.customers, CUSTOMER_SCALES.fiveStar, (c) => c.score5_average),
      },
      {
        metric: METRICS.satisfaction10,
        value: (data) => averageOf(data.sessions, SESSION_SCALES.tenPoint, (s) => s.avg_nps_score),
      },
      {
        metric: METRICS.customerSatisfaction10,
        value: (data) => averageOf(data.customers, CUSTOMER_SCALES.tenPoint, (c) => c.nps10_average),
      },
    ],
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
const sessionRegistered = registeredMetricsOf<SessionSatisfaction>();
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
    sessionRegistered('avg_comment_score', METRICS.satisfaction5),
    sessionMetric('good', 'Chats with Positive Feedback', '好评会话量'),
    sessionMetric('good_rate_str', 'Positive Feedback %', '好评率', 'rate'),
    sessionMetric('middle', 'Chats with Moderate Feedback', '中评会话量'),
    sessionMetric('middle_rate_str', 'Moderate Feedback %', '中评率', 'rate'),
    sessionMetric('bad', 'Chats with Neg. Feedback', '差评会话量'),
    sessionMetric('bad_rate_str', 'Neg. Feedback %', '差评率', 'rate'),
    ...starCounts(sessionMetric, 'Stars Chats', '星会话量'),
    sessionRegistered('avg_nps_score', METRICS.satisfaction10),
  ],
};

const customerMetric = metricsOf<CustomerSatisfaction>();
const customerRegistered = registeredMetricsOf<CustomerSatisfaction>();
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
    customerRegistered('score5_average', METRICS.customerSatisfaction5),
    ...starCounts(customerMetric, 'Star Rating', '星评价数'),
    customerRegistered('nps10_average', METRICS.customerSatisfaction10),
  ],
};

export const satisfaction = defineSection({
  id: 'satisfaction',
  parts,
  perTeam: true,
  sheets: ({ snapshot, language }) => [
    metricSheet(
      { en: 'Satisfaction', zh: '满意度' },
      [
        {
          group: SESSION_METRICS,
          item: withUnusedScalesBlank(snapshot.current.satisfaction.sessions, SESSION_SCALES, '_ratio'),
        },
        {
          group: CUSTOMER_METRICS,
          item: withUnusedScalesBlank(snapshot.current.satisfaction.customers, CUSTOMER_SCALES, '_change'),
        },
      ],
      language,
      snapshot.period,
    ),
  ],
});
