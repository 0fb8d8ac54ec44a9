/**
 * The Live Chat Statistics API as the simulator reads the reference document, written from the
 * document and nothing else: the client has its own table (`src/core/sobot/endpoints.ts`), and
 * `test/contract/description.test.ts` fails where the two readings, or this one and the document's
 * extracted sections, disagree. Nothing here may be imported from `src/core/sobot`.
 */

export type DatePattern = 'yyyy-MM-dd HH:mm:ss' | 'yyyy-MM-dd HH:mm' | 'yyyy-MM-dd';

/** The paging fields an answer may carry, in the order the return examples print them. */
export type PagingField = 'page_no' | 'page_count' | 'total_count' | 'page_size';

export interface PagingDescription {
  readonly pageParam: 'page' | 'page_no';
  readonly sizeParam: 'size' | 'page_size';
  /** The Request param table's "Required" column for the two. */
  readonly required: boolean;
  readonly defaultSize: number;
  /** "The maximum allowed is 100, and if it exceeds 100, it will be reset to 100." */
  readonly maxSize: number;
  /** What the return example carries (not the Return param table: see `answerPaging` below). */
  readonly answers: readonly PagingField[];
}

export interface SearchWayDescription {
  readonly allowed: readonly number[];
  /** The Remarks column's "Default: search_way=N". */
  readonly default: number;
}

export interface EndpointDescription {
  readonly path: string;
  readonly method: 'POST';
  /** `items`: a list; `item`: one object. */
  readonly answer: 'items' | 'item';
  readonly datePattern?: DatePattern;
  readonly paging?: PagingDescription;
  readonly searchWay?: SearchWayDescription;
  /** Every parameter the Request param table marks "Yes". */
  readonly required: readonly string[];
}

/** get_token: a GET with its parameters in the query string (the request example's `curl ...?appid=1&...`). */
export const TOKEN_ENDPOINT = {
  path: '/api/get_token',
  method: 'GET',
  params: 'query',
  required: ['appid', 'create_time', 'sign'],
} as const;

/**
 * The statistics endpoints take a JSON body (`Content-Type: application/json` and `--data` in every
 * request example) and three headers. "API Declaration": "The "token" param must be contained in the
 * header"; "Request header param description": timezoneid "not passed or defaulted to
 * "Asia/Shanghai" illegally", language "not passed or defaulted to "zh" illegally".
 */
export const STATISTICS_REQUEST = {
  params: 'json-body',
  headers: { token: 'required', timezoneid: 'Asia/Shanghai', language: 'zh' },
} as const;

/** "Uniform Status Code Description". */
export const RET_CODES = {
  ok: '000000',
  tokenMissing: '900001',
  tokenInvalid: '900002',
  tooFrequent: '229000',
  inputError: '222000',
  internal: '999999',
} as const;

/** Every statistics endpoint's Description: "a current maximum allowance of 20 calls per minute". */
export const RATE_LIMIT = { calls: 20, windowMs: 60_000 } as const;

/**
 * The document contradicts itself on the longest date range:
 * - "Uniform Status Code Description", 222000 example: "[startTime] and [endTime] time range cannot
 *   be greater than [90]d. Current [startTime] input is [2023-01-01], and [endTime] input is [2023-09-01]";
 * - yet its own request examples span more: getStat "2025-02-01 00:00:00" to "2025-07-08 23:59:59"
 *   (158 days); getRobotReception, getStaffReception, getGeographicalDistribution and both
 *   satisfaction endpoints "2025-04-01" to "2025-07-09" (100 days); staffWorkStatis "2023-04-01" to
 *   "2023-06-30" and getWorkLogList "2025-04-01" to "2025-06-30" (91 days, counting both ends).
 * The simulator's default, 180 days, accepts every example and still refuses the 222000 example's
 * own range (244 days); `maxRangeDays: DOCUMENTED_MAX_RANGE_DAYS` turns on the 90 the message names,
 * for tests proving the client never asks for more (it cuts ranges at 90 days).
 */
export const DOCUMENTED_MAX_RANGE_DAYS = 90;
export const DEFAULT_MAX_RANGE_DAYS = 180;

const CONDITION = '/chat-static-api/api/condition';
const ONLINE = '/chat-static-api/api/online';

// "Default 15,The maximum allowed is 100" (getChildChannelList, getGroupList, getServiceList,
// staffWorkStatis, summary/search); getStat, getMsgStat and getWorkLogList say "15 by default".
const PAGE_DEFAULTS = { defaultSize: 15, maxSize: 100 } as const;

/**
 * The Return param tables of getChildChannelList and getServiceList list `page_no`, `page_count`,
 * `page_size` and `total_count` as required, but their return examples carry no `page_count`; the
 * getGroupList table lists no paging field at all, while its example has `page_no` and `page_size`.
 * The simulator answers as the examples do, so a client that needs `page_count` fails here first.
 */
const WITH_PAGE_COUNT = ['page_no', 'page_count', 'total_count', 'page_size'] as const;
const WITHOUT_PAGE_COUNT = ['page_no', 'total_count', 'page_size'] as const;

const STATS_FILTERS_REQUIRED = ['start_date', 'end_date', 'search_way'] as const;

/**
 * The Request param tables mark `search_way` "Yes" (required) and, in the same row, give it a
 * default, e.g. getStat: "search_way Integer Yes 1-Department 2-Skill Group 3-Channel Default:
 * search_way=3". Every request example sends it; the simulator follows the Required column and
 * refuses a request without it, and uses the default only to describe the endpoint.
 */
export const API = {
  getChannelList: { path: `${CONDITION}/getChannelList`, method: 'POST', answer: 'items', required: [] },
  getChildChannelList: {
    path: `${CONDITION}/getChildChannelList`,
    method: 'POST',
    answer: 'items',
    paging: {
      pageParam: 'page_no',
      sizeParam: 'page_size',
      required: false,
      ...PAGE_DEFAULTS,
      answers: WITHOUT_PAGE_COUNT,
    },
    required: [],
  },
  getClassificationList: {
    path: `${CONDITION}/getClassificationList`,
    method: 'POST',
    answer: 'items',
    required: [],
  },
  getRobotList: { path: `${CONDITION}/getRobotList`, method: 'POST', answer: 'items', required: [] },
  getDepartmentList: {
    path: `${CONDITION}/getDepartmentList`,
    method: 'POST',
    answer: 'items',
    required: [],
  },
  getGroupList: {
    path: `${CONDITION}/getGroupList`,
    method: 'POST',
    answer: 'items',
    paging: {
      pageParam: 'page',
      sizeParam: 'size',
      required: false,
      ...PAGE_DEFAULTS,
      answers: ['page_no', 'page_size'],
    },
    required: [],
  },
  getServiceList: {
    path: `${CONDITION}/getServiceList`,
    method: 'POST',
    answer: 'items',
    paging: {
      pageParam: 'page',
      sizeParam: 'size',
      required: false,
      ...PAGE_DEFAULTS,
      answers: WITHOUT_PAGE_COUNT,
    },
    // "1-Department 2-Skill Group Default: search_way=1".
    searchWay: { allowed: [1, 2], default: 1 },
    required: ['search_way'],
  },
  getStat: {
    path: `${ONLINE}/session/getStat`,
    method: 'POST',
    answer: 'items',
    datePattern: 'yyyy-MM-dd HH:mm:ss',
    paging: {
      pageParam: 'page',
      sizeParam: 'size',
      required: true,
      ...PAGE_DEFAULTS,
      answers: WITH_PAGE_COUNT,
    },
    searchWay: { allowed: [1, 2, 3], default: 3 },
    required: [...STATS_FILTERS_REQUIRED, 'page', 'size'],
  },
  getMsgStat: {
    path: `${ONLINE}/session/getMsgStat`,
    method: 'POST',
    answer: 'items',
    datePattern: 'yyyy-MM-dd HH:mm:ss',
    paging: {
      pageParam: 'page',
      sizeParam: 'size',
      required: true,
      ...PAGE_DEFAULTS,
      answers: WITH_PAGE_COUNT,
    },
    searchWay: { allowed: [1, 2, 3], default: 3 },
    required: [...STATS_FILTERS_REQUIRED, 'page', 'size'],
  },
  getGeneral: {
    path: `${ONLINE}/custom/getGeneral`,
    method: 'POST',
    answer: 'item',
    datePattern: 'yyyy-MM-dd HH:mm',
    searchWay: { allowed: [1, 2, 3], default: 2 },
    required: STATS_FILTERS_REQUIRED,
  },
  getRobotReception: {
    path: `${ONLINE}/custom/getRobotReception`,
    method: 'POST',
    answer: 'item',
    datePattern: 'yyyy-MM-dd HH:mm',
    searchWay: { allowed: [1, 2, 3], default: 2 },
    required: STATS_FILTERS_REQUIRED,
  },
  getStaffReception: {
    path: `${ONLINE}/custom/getStaffReception`,
    method: 'POST',
    answer: 'item',
    datePattern: 'yyyy-MM-dd HH:mm',
    searchWay: { allowed: [1, 2, 3], default: 2 },
    required: STATS_FILTERS_REQUIRED,
  },
  getGeographicalDistribution: {
    path: `${ONLINE}/custom/getGeographicalDistribution`,
    method: 'POST',
    answer: 'items',
    datePattern: 'yyyy-MM-dd HH:mm',
    searchWay: { allowed: [1, 2, 3], default: 2 },
    required: STATS_FILTERS_REQUIRED,
  },
  staffWorkStatis: {
    path: '/chat-static-api/api/customerService/staffWorkStatis',
    method: 'POST',
    answer: 'items',
    datePattern: 'yyyy-MM-dd',
    paging: {
      pageParam: 'page_no',
      sizeParam: 'page_size',
      required: false,
      ...PAGE_DEFAULTS,
      answers: WITH_PAGE_COUNT,
    },
    // "1- Department 2- Group Default: search_way=2".
    searchWay: { allowed: [1, 2], default: 2 },
    required: ['search_way', 'start_date', 'end_date'],
  },
  getWorkLogList: {
    path: `${ONLINE}/staff/getWorkLogList`,
    method: 'POST',
    answer: 'items',
    datePattern: 'yyyy-MM-dd',
    paging: {
      pageParam: 'page',
      sizeParam: 'size',
      required: true,
      ...PAGE_DEFAULTS,
      answers: WITH_PAGE_COUNT,
    },
    required: ['start_date', 'end_date', 'page', 'size'],
  },
  getSatisfactionSurvey: {
    path: `${ONLINE}/satisfaction/getSatisfactionSurvey`,
    method: 'POST',
    answer: 'item',
    datePattern: 'yyyy-MM-dd',
    searchWay: { allowed: [1, 2, 3], default: 1 },
    required: STATS_FILTERS_REQUIRED,
  },
  getCustomerSatisfaction: {
    path: `${ONLINE}/satisfaction/getCustomerSatisfaction`,
    method: 'POST',
    answer: 'item',
    datePattern: 'yyyy-MM-dd',
    searchWay: { allowed: [1, 2, 3], default: 1 },
    required: STATS_FILTERS_REQUIRED,
  },
  summarySearch: {
    path: `${ONLINE}/summary/search`,
    method: 'POST',
    answer: 'items',
    datePattern: 'yyyy-MM-dd HH:mm:ss',
    paging: {
      pageParam: 'page',
      sizeParam: 'size',
      required: false,
      ...PAGE_DEFAULTS,
      answers: WITH_PAGE_COUNT,
    },
    required: ['start_date', 'end_date'],
  },
} as const satisfies Record<string, EndpointDescription>;

export type SimEndpointName = keyof typeof API;
