import { afterEach, describe, expect, it } from 'vitest';
import { createSobotClient } from '../../../src/adapters/sobot/client.ts';
import type { ApiRequest } from '../../../src/core/sobot/api.ts';
import { decodeRows, decodeValue } from '../../../src/core/sobot/decode.ts';
import { ENDPOINT_NAMES, type EndpointName } from '../../../src/core/sobot/endpoints.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import * as stats from '../../support/stats-requests.ts';
import { BASE_URL, createMockSobot, createStaticTokens, ok } from './mock-sobot.ts';

/** What the collection makes of the client's rows: each read with the request's schema. */
function readAs(request: ApiRequest, answer: unknown): unknown {
  if (answer === null) return null;
  return Array.isArray(answer)
    ? decodeRows(request.endpoint, request.schema, answer).value
    : decodeValue(request.endpoint, request.schema, answer).value;
}

const RANGE = { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' };
const FILTERS = {
  sources: ['0', '4'],
  channelFlags: ['0_12', '0_13'],
  departmentIds: ['d1'],
  groupIds: ['g1', 'g2'],
  robotIds: ['1', '2'],
  staffIds: ['s1'],
};
const ALL_FILTER_PARAMS = {
  source: '0,4',
  channel_flag: '0_12,0_13',
  depart_ids_param: 'd1',
  group_ids_param: 'g1,g2',
  robot_ids_param: '1,2',
  staff_ids_param: 's1',
};
const { robot_ids_param: _robots, ...FILTER_PARAMS_WITHOUT_ROBOTS } = ALL_FILTER_PARAMS;

interface Case {
  readonly name: string;
  readonly endpoint: EndpointName;
  readonly path: string;
  readonly request: ApiRequest;
  /** The request's params plus, on paged endpoints, the first page's paging parameters. */
  readonly body: Record<string, unknown>;
  readonly answer: Record<string, unknown>;
  readonly result: unknown;
}

const CASES: Case[] = [
  {
    name: 'channels',
    endpoint: 'getChannelList',
    path: '/chat-static-api/api/condition/getChannelList',
    request: stats.channels('Desk'),
    body: { query_content: 'Desk' },
    answer: { items: [{ code: 0, msg: 'Desktop site' }] },
    result: [{ code: '0', msg: 'Desktop site' }],
  },
  {
    name: 'subChannels',
    endpoint: 'getChildChannelList',
    path: '/chat-static-api/api/condition/getChildChannelList',
    request: stats.subChannels(['4', '1']),
    body: { sources: '4,1', page_no: '1', page_size: '100' },
    answer: { page_no: 1, total_count: 1, items: [{ sub_channel_id: 'c1', channel_flag_key: '4_1' }] },
    result: [{ sub_channel_id: 'c1', channel_flag_key: '4_1' }],
  },
  {
    name: 'classifications',
    endpoint: 'getClassificationList',
    path: '/chat-static-api/api/condition/getClassificationList',
    request: stats.classifications(),
    body: {},
    answer: { items: [{ id: '16', classify_name: 'C1', classify_level: 1 }] },
    result: [{ id: '16', classify_name: 'C1', classify_level: 1 }],
  },
  {
    name: 'robots',
    endpoint: 'getRobotList',
    path: '/chat-static-api/api/condition/getRobotList',
    request: stats.robots(),
    body: {},
    answer: { items: [{ robot_flag: 1, robot_name: 'Bot' }] },
    result: [{ robot_flag: '1', robot_name: 'Bot' }],
  },
  {
    name: 'departments',
    endpoint: 'getDepartmentList',
    path: '/chat-static-api/api/condition/getDepartmentList',
    request: stats.departments(),
    body: {},
    answer: { items: [{ depart_id: 'd1', child_list: [{ depart_id: 'd2', parent_id: 'd1' }] }] },
    result: [{ depart_id: 'd1', child_list: [{ depart_id: 'd2', parent_id: 'd1' }] }],
  },
  {
    name: 'groups',
    endpoint: 'getGroupList',
    path: '/chat-static-api/api/condition/getGroupList',
    request: stats.groups(['d1', 'd2']),
    body: { depart_ids_param: 'd1,d2', page: '1', size: '100' },
    answer: { page_no: 1, page_size: 100, items: [{ group_id: 'g1', group_name: 'Test' }] },
    result: [{ group_id: 'g1', group_name: 'Test' }],
  },
  {
    name: 'agents',
    endpoint: 'getServiceList',
    path: '/chat-static-api/api/condition/getServiceList',
    request: stats.agents({ searchWay: 2, groupIds: ['g1'], departmentIds: ['d1'] }),
    body: { search_way: 2, depart_ids_param: 'd1', group_ids_param: 'g1', page: '1', size: '100' },
    answer: { page_no: 1, page_count: 1, total_count: 1, items: [{ service_id: 's1', service_nick: 'zs' }] },
    result: [{ service_id: 's1', service_nick: 'zs' }],
  },
  {
    name: 'chatStats',
    endpoint: 'getStat',
    path: '/chat-static-api/api/online/session/getStat',
    request: stats.chatStats({ range: RANGE, searchWay: 3, summaryWay: 1, filters: FILTERS }),
    body: {
      start_date: '2025-11-03 00:00:00',
      end_date: '2025-11-09 23:59:59',
      search_way: 3,
      summary_way: 1,
      ...ALL_FILTER_PARAMS,
      page: '1',
      size: '100',
    },
    answer: {
      page_no: 1,
      page_count: 1,
      total_count: 1,
      items: [{ source: 0, human_consult: '56', human_self_rate: '75.00%' }],
    },
    result: [{ source: '0', human_consult: 56, human_self_rate: 0.75 }],
  },
  {
    name: 'messageStats',
    endpoint: 'getMsgStat',
    path: '/chat-static-api/api/online/session/getMsgStat',
    request: stats.messageStats({ range: RANGE, searchWay: 1, summaryWay: 0 }),
    body: {
      start_date: '2025-11-03 00:00:00',
      end_date: '2025-11-09 23:59:59',
      search_way: 1,
      summary_way: 0,
      page: '1',
      size: '100',
    },
    answer: { page_no: 1, page_count: 1, total_count: 1, items: [{ msg_human: 10 }] },
    result: [{ msg_human: 10 }],
  },
  {
    name: 'customerOverview',
    endpoint: 'getGeneral',
    path: '/chat-static-api/api/online/custom/getGeneral',
    request: stats.customerOverview({ range: RANGE, searchWay: 2, filters: FILTERS }),
    body: {
      start_date: '2025-11-03 00:00',
      end_date: '2025-11-09 23:59',
      search_way: 2,
      ...ALL_FILTER_PARAMS,
    },
    answer: { item: { valid_visitor_total: '12', valid_visitor_total_cycle: '-50.00%' } },
    result: { valid_visitor_total: 12, valid_visitor_total_cycle: -0.5 },
  },
  {
    name: 'robotReception',
    endpoint: 'getRobotReception',
    path: '/chat-static-api/api/online/custom/getRobotReception',
    request: stats.robotReception({ range: RANGE, searchWay: 2 }),
    body: { start_date: '2025-11-03 00:00', end_date: '2025-11-09 23:59', search_way: 2 },
    answer: { item: { robot_reception_num: 3 } },
    result: { robot_reception_num: 3 },
  },
  {
    name: 'staffReception',
    endpoint: 'getStaffReception',
    path: '/chat-static-api/api/online/custom/getStaffReception',
    request: stats.staffReception({ range: RANGE, searchWay: 1 }),
    body: { start_date: '2025-11-03 00:00', end_date: '2025-11-09 23:59', search_way: 1 },
    answer: { item: null },
    result: null,
  },
  {
    name: 'regions',
    endpoint: 'getGeographicalDistribution',
    path: '/chat-static-api/api/online/custom/getGeographicalDistribution',
    request: stats.regions({ range: RANGE, searchWay: 3, filters: { sources: ['0'] } }),
    body: { start_date: '2025-11-03 00:00', end_date: '2025-11-09 23:59', search_way: 3, source: '0' },
    answer: { items: [{ country: 'China', visitor_total: '7' }] },
    result: [{ country: 'China', visitor_total: 7 }],
  },
  {
    name: 'agentWorkload',
    endpoint: 'staffWorkStatis',
    path: '/chat-static-api/api/customerService/staffWorkStatis',
    request: stats.agentWorkload({ range: RANGE, searchWay: 2, staffIds: ['s1', 's2'], groupIds: ['g1'] }),
    body: {
      start_date: '2025-11-03',
      end_date: '2025-11-09',
      search_way: 2,
      staff_id_list: ['s1', 's2'],
      group_id_list: ['g1'],
      page_no: '1',
      page_size: '100',
    },
    answer: {
      page_no: 1,
      page_count: 1,
      total_count: 1,
      items: [{ staff_id: 's1', good_rate_str: '50.00%' }],
    },
    result: [{ staff_id: 's1', good_rate_str: 0.5 }],
  },
  {
    name: 'workStatus',
    endpoint: 'getWorkLogList',
    path: '/chat-static-api/api/online/staff/getWorkLogList',
    request: stats.workStatus({ range: RANGE, departmentIds: ['d1'], staffIds: ['s1', 's2'] }),
    body: {
      start_date: '2025-11-03',
      end_date: '2025-11-09',
      depart_ids_param: 'd1',
      staff_ids_param: 's1,s2',
      page: '1',
      size: '100',
    },
    answer: {
      page_no: 1,
      page_count: 1,
      total_count: 1,
      items: [{ staff_id: 's1', online_duration: '3600' }],
    },
    result: [{ staff_id: 's1', online_duration: 3600 }],
  },
  {
    name: 'sessionSatisfaction',
    endpoint: 'getSatisfactionSurvey',
    path: '/chat-static-api/api/online/satisfaction/getSatisfactionSurvey',
    request: stats.sessionSatisfaction({ range: RANGE, searchWay: 1, filters: FILTERS }),
    body: {
      start_date: '2025-11-03',
      end_date: '2025-11-09',
      search_way: 1,
      ...FILTER_PARAMS_WITHOUT_ROBOTS,
    },
    answer: { item: { total_times: 687, total_times_ratio: '-70.60%' } },
    result: { total_times: 687, total_times_ratio: -0.706 },
  },
  {
    name: 'customerSatisfaction',
    endpoint: 'getCustomerSatisfaction',
    path: '/chat-static-api/api/online/satisfaction/getCustomerSatisfaction',
    request: stats.customerSatisfaction({ range: RANGE, searchWay: 2, filters: FILTERS }),
    body: {
      start_date: '2025-11-03',
      end_date: '2025-11-09',
      search_way: 2,
      ...FILTER_PARAMS_WITHOUT_ROBOTS,
    },
    answer: { item: { evaluate: '5', evaluate_change: 'NA' } },
    result: { evaluate: 5, evaluate_change: null },
  },
  {
    name: 'serviceSummary',
    endpoint: 'summarySearch',
    path: '/chat-static-api/api/online/summary/search',
    request: stats.serviceSummary({
      range: RANGE,
      summaryWay: 2,
      groupIds: ['g1'],
      classifications: [{ classifyId: 'c1', level: 1 }],
    }),
    body: {
      start_date: '2025-11-03 00:00:00',
      end_date: '2025-11-09 23:59:59',
      summary_way: 2,
      group_ids_param: 'g1',
      level_classifys: [{ classify_id: 'c1', level: 1 }],
      page: 1,
      size: 100,
    },
    answer: {
      page_no: 1,
      page_count: 1,
      total_count: 1,
      items: [{ classify_id: 'c1', level: 1, details: [] }],
    },
    result: [{ classify_id: 'c1', level: 1, details: [] }],
  },
];

describe('Function: createSobotClient requests', () => {
  const sobot = createMockSobot();
  afterEach(() => {
    sobot.requests.length = 0;
  });

  it('covers every endpoint of the catalog', () => {
    // Prepare
    const covered = new Set(CASES.map((c) => c.request.endpoint));

    // Act
    const missing = ENDPOINT_NAMES.filter((name) => !covered.has(name));

    // Assess
    expect(missing).toEqual([]);
  });

  it.each(CASES)('$name posts to its path with the reference parameters and reads the answer', async (c) => {
    // Prepare
    sobot.on(c.endpoint, () => ok(c.answer));
    const tokens = createStaticTokens('tok-1234567890abcdef');
    const client = createSobotClient({
      baseUrl: BASE_URL,
      tokenProvider: tokens.provider,
      fetch: sobot.fetch,
      clock: createFakeClock(),
      timezone: 'Europe/Berlin',
      language: 'zh',
    });

    // Act
    const result = await client.fetch(c.request);

    // Assess
    const [request] = sobot.calls(c.endpoint);
    expect(request?.path).toBe(c.path);
    expect(request?.method).toBe('POST');
    expect(request?.headers).toMatchObject({
      token: 'tok-1234567890abcdef',
      timezoneid: 'Europe/Berlin',
      language: 'zh',
      'content-type': 'application/json',
    });
    expect(request?.body).toEqual(c.body);
    expect(result).toEqual(c.answer.items ?? c.answer.item);
    expect(readAs(c.request, result)).toEqual(c.result);
    expect(client.calls()).toBe(1);
  });
});
