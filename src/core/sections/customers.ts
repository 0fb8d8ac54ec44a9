import * as z from 'zod';
import { columnsOf } from '../render/columns.ts';
import { tableSheet } from '../render/sheet.ts';
import { type MetricGroup, metricSheet, metricsOf, registeredMetricsOf } from '../render/workbook-metrics.ts';
import type { EndpointName } from '../sobot/endpoints.ts';
import { ALL_FILTERS, filterParams, rangeParams } from '../sobot/request-params.ts';
import { fields, num, rate, text, withMoM } from '../sobot/schemas.ts';
import { numberOrNull } from './figures.ts';
import { METRICS, type MetricDefinition } from './metrics.ts';
import {
  type DataOf,
  defineSection,
  itemPart,
  type KpiDefinition,
  listPart,
  type PlanContext,
} from './section.ts';

/**
 * Customers (getGeneral, getRobotReception, getStaffReception, getGeographicalDistribution): figures
 * for whatever the request filters to, each with its month-on-month twin. The answers have no
 * department or group rows to cut, but all four take "depart_ids_param String No Department IDs" and
 * "group_ids_param String No Skill Group IDs", so each routed team's figures are fetched with its ids
 * as the filter (`perTeam`, see report/teams.ts).
 *
 * The reference leaves open what `search_way` does here: "search_way Integer Yes 1-Department 2-Skill
 * Group 3-Channel Default: search_way=2" on endpoints answering one `item` object, which has no rows
 * per department, group or channel to arrange. A team's request sends the report's search_way, which
 * is the kind of ids it filters by (1 with depart_ids_param, 2 with group_ids_param), so it holds
 * whether search_way only arranges rows or also says which id list applies.
 */

export const overview = z.looseObject({
  ...withMoM(num, ['valid_visitor_total', 'new_visitor_num', 'old_visitor_num'] as const, '_cycle'),
  ...withMoM(rate, ['old_visitor_proportion', 'one_time_solution_rate'] as const, '_cycle'),
});

export const botReception = z.looseObject({
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

export const agentReception = z.looseObject({
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

export const regionRow = z.looseObject({
  id: text,
  country: text,
  province: text,
  ...fields(num, ['visitor_total', 'new_visitor_num', 'old_visitor_num'] as const),
});
export type CustomerOverview = z.infer<typeof overview>;
type BotReception = z.infer<typeof botReception>;
type AgentReception = z.infer<typeof agentReception>;
type RegionRow = z.infer<typeof regionRow>;

const statsParams =
  (endpoint: EndpointName) =>
  ({ range, searchWay, filters }: PlanContext) => ({
    ...rangeParams(endpoint, range),
    search_way: searchWay,
    ...filterParams(filters, ALL_FILTERS),
  });

const parts = {
  overview: itemPart('getGeneral', overview, statsParams('getGeneral'), {
    compared: true,
    requires: {
      valid_visitor_total: METRICS.validCustomers.label,
      new_visitor_num: METRICS.newCustomers.label,
      old_visitor_num: METRICS.regularCustomers.label,
    },
  }),
  botReception: itemPart('getRobotReception', botReception, statsParams('getRobotReception'), {
    compared: true,
    requires: { robot_self_reception_num_proportion: METRICS.botSelfService.label },
  }),
  agentReception: itemPart('getStaffReception', agentReception, statsParams('getStaffReception'), {
    compared: true,
  }),
  regions: listPart('getGeographicalDistribution', regionRow, statsParams('getGeographicalDistribution')),
};
export type CustomersData = DataOf<typeof parts>;

const accountKpi = (
  metric: MetricDefinition,
  value: (data: CustomersData) => number | null,
): KpiDefinition<CustomersData> => ({ id: metric.id, metric, accountLevel: true, value });

export const CUSTOMER_KPIS: readonly KpiDefinition<CustomersData>[] = [
  accountKpi(METRICS.botSelfService, (data) =>
    numberOrNull(data.botReception?.robot_self_reception_num_proportion),
  ),
  accountKpi(METRICS.validCustomers, (data) => numberOrNull(data.overview?.valid_visitor_total)),
  accountKpi(METRICS.newCustomers, (data) => numberOrNull(data.overview?.new_visitor_num)),
  accountKpi(METRICS.regularCustomers, (data) => numberOrNull(data.overview?.old_visitor_num)),
];

const overviewMetric = metricsOf<CustomerOverview>();
const overviewRegistered = registeredMetricsOf<CustomerOverview>();
const OVERVIEW_METRICS: MetricGroup<CustomerOverview> = {
  title: { en: 'Overview', zh: '客户概览' },
  momSuffix: '_cycle',
  metrics: [
    overviewRegistered('valid_visitor_total', METRICS.validCustomers),
    overviewRegistered('new_visitor_num', METRICS.newCustomers),
    overviewRegistered('old_visitor_num', METRICS.regularCustomers),
    overviewMetric('old_visitor_proportion', 'Regular Visitor %', '老客户占比', 'rate'),
    overviewMetric('one_time_solution_rate', '24h FCR', '24小时一次解决率', 'rate'),
  ],
};

const botMetric = metricsOf<BotReception>();
const botRegistered = registeredMetricsOf<BotReception>();
const BOT_METRICS: MetricGroup<BotReception> = {
  title: { en: 'Bot reception', zh: '机器人接待' },
  momSuffix: '_cycle',
  metrics: [
    botMetric('robot_reception_num', 'Bot Received Customers', '机器人接待客户数'),
    botMetric('robot_reception_valid_num', 'Bot Validly Received Customers', '机器人有效接待客户数'),
    botMetric('robot_self_reception_num', 'Bot Independently Received Customers', '机器人独立接待客户数'),
    botRegistered('robot_self_reception_num_proportion', METRICS.botSelfService),
    botMetric('transfer_to_staff_num', 'Trans-to-Agent Customers', '转人工客户数'),
    botMetric('robot_to_staff_active', 'Proactive Trans-to-Agent Customers', '主动转人工客户数'),
    botMetric(
      'robot_to_staff_active_proportion',
      'Proactive Trans-to-Agent Customer %',
      '主动转人工率',
      'rate',
    ),
    botMetric('trigger_to_manual_num', 'Triggering Trans-to-Agent Customers', '触发转人工客户数'),
    botMetric(
      'trigger_to_manual_num_proportion',
      'Triggering Trans-to-Agent Customer %',
      '触发转人工率',
      'rate',
    ),
    botMetric(
      'robot_to_staff_trigger_key_word',
      'Keyword-Triggering Trans-To-Agent',
      '关键词触发转人工客户数',
    ),
    botMetric(
      'robot_to_staff_trigger_key_word_proportion',
      'Keyword-Triggering Trans-To-Agent %',
      '关键词触发转人工率',
      'rate',
    ),
  ],
};

const agentMetric = metricsOf<AgentReception>();
const AGENT_METRICS: MetricGroup<AgentReception> = {
  title: { en: 'Agent reception', zh: '人工接待' },
  momSuffix: '_cycle',
  metrics: [
    agentMetric('staff_reception_num', 'Received Customers', '人工接待客户数'),
    agentMetric('staff_self_reception_num', 'Agent Independently Received Customers', '人工独立接待客户数'),
    agentMetric(
      'staff_self_reception_num_proportion',
      'Agent Independently Received Customer %',
      '人工独立接待率',
      'rate',
    ),
    agentMetric('staff_valid_reception_num', 'Valid Receptions', '人工有效接待客户数'),
    agentMetric(
      'staff_valid_reception_num_proportion',
      'Agent Validly Received Customer %',
      '人工有效接待率',
      'rate',
    ),
  ],
};

const regionColumn = columnsOf<RegionRow>();

export const REGION_COLUMNS = [
  regionColumn('country', 'Country', '国家', 'text', 20),
  regionColumn('province', 'Region', '地区', 'text', 20),
  regionColumn('visitor_total', 'Total Visitors', '访客总数', 'count'),
  regionColumn('new_visitor_num', 'New Visitors', '新访客', 'count'),
  regionColumn('old_visitor_num', 'Regular Visitors', '老访客', 'count'),
];

export const customers = defineSection({
  id: 'customers',
  parts,
  perTeam: true,
  sheets: ({ snapshot, language }) => {
    const data = snapshot.current.customers;
    return [
      metricSheet(
        { en: 'Customers', zh: '客户统计' },
        [
          { group: OVERVIEW_METRICS, item: data.overview },
          { group: BOT_METRICS, item: data.botReception },
          { group: AGENT_METRICS, item: data.agentReception },
        ],
        language,
        snapshot.period,
      ),
      tableSheet({
        name: { en: 'Customer regions', zh: '客户地域分布' },
        columns: REGION_COLUMNS,
        rows: data.regions,
      }),
    ];
  },
});
