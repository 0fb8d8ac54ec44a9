/**
 * The Live Chat Statistics API as the reference describes it: one entry per endpoint with its path,
 * the date pattern its `start_date`/`end_date` take, how it pages, and whether it answers with
 * `items` (a list) or `item` (one object). Client and simulator both read this table.
 */
export type DatePattern = 'yyyy-MM-dd HH:mm:ss' | 'yyyy-MM-dd HH:mm' | 'yyyy-MM-dd';

/** `page`/`size` on most paged endpoints, `page_no`/`page_size` on getChildChannelList and staffWorkStatis. */
export type PagingStyle = 'page/size' | 'page_no/page_size' | 'none';

export interface EndpointSpec {
  readonly path: string;
  readonly answer: 'items' | 'item';
  readonly paging: PagingStyle;
  readonly datePattern?: DatePattern;
  /** The reference's default `search_way` when the endpoint takes one. */
  readonly defaultSearchWay?: 1 | 2 | 3;
}

export const TOKEN_PATH = '/api/get_token';
export const DEFAULT_BASE_URL = 'https://sg.sobot.io';
/** The API's own maximum page size; larger values are reset to 100 by the server. */
export const MAX_PAGE_SIZE = 100;
/** "20 calls per minute per API" (reference, every statistics endpoint's Description). */
export const CALLS_PER_WINDOW = 20;
export const RATE_WINDOW_MS = 60_000;
/** "time range cannot be greater than [90]d" (reference, 222000 example). */
export const MAX_RANGE_DAYS = 90;

const CONDITION = '/chat-static-api/api/condition';
const ONLINE = '/chat-static-api/api/online';

export const ENDPOINTS = {
  getChannelList: { path: `${CONDITION}/getChannelList`, answer: 'items', paging: 'none' },
  getChildChannelList: {
    path: `${CONDITION}/getChildChannelList`,
    answer: 'items',
    paging: 'page_no/page_size',
  },
  getClassificationList: { path: `${CONDITION}/getClassificationList`, answer: 'items', paging: 'none' },
  getRobotList: { path: `${CONDITION}/getRobotList`, answer: 'items', paging: 'none' },
  getDepartmentList: { path: `${CONDITION}/getDepartmentList`, answer: 'items', paging: 'none' },
  getGroupList: { path: `${CONDITION}/getGroupList`, answer: 'items', paging: 'page/size' },
  getServiceList: {
    path: `${CONDITION}/getServiceList`,
    answer: 'items',
    paging: 'page/size',
    defaultSearchWay: 1,
  },
  getStat: {
    path: `${ONLINE}/session/getStat`,
    answer: 'items',
    paging: 'page/size',
    datePattern: 'yyyy-MM-dd HH:mm:ss',
    defaultSearchWay: 3,
  },
  getMsgStat: {
    path: `${ONLINE}/session/getMsgStat`,
    answer: 'items',
    paging: 'page/size',
    datePattern: 'yyyy-MM-dd HH:mm:ss',
    defaultSearchWay: 3,
  },
  getGeneral: {
    path: `${ONLINE}/custom/getGeneral`,
    answer: 'item',
    paging: 'none',
    datePattern: 'yyyy-MM-dd HH:mm',
    defaultSearchWay: 2,
  },
  getRobotReception: {
    path: `${ONLINE}/custom/getRobotReception`,
    answer: 'item',
    paging: 'none',
    datePattern: 'yyyy-MM-dd HH:mm',
    defaultSearchWay: 2,
  },
  getStaffReception: {
    path: `${ONLINE}/custom/getStaffReception`,
    answer: 'item',
    paging: 'none',
    datePattern: 'yyyy-MM-dd HH:mm',
    defaultSearchWay: 2,
  },
  getGeographicalDistribution: {
    path: `${ONLINE}/custom/getGeographicalDistribution`,
    answer: 'items',
    paging: 'none',
    datePattern: 'yyyy-MM-dd HH:mm',
    defaultSearchWay: 2,
  },
  staffWorkStatis: {
    path: '/chat-static-api/api/customerService/staffWorkStatis',
    answer: 'items',
    paging: 'page_no/page_size',
    datePattern: 'yyyy-MM-dd',
    defaultSearchWay: 2,
  },
  getWorkLogList: {
    path: `${ONLINE}/staff/getWorkLogList`,
    answer: 'items',
    paging: 'page/size',
    datePattern: 'yyyy-MM-dd',
  },
  getSatisfactionSurvey: {
    path: `${ONLINE}/satisfaction/getSatisfactionSurvey`,
    answer: 'item',
    paging: 'none',
    datePattern: 'yyyy-MM-dd',
    defaultSearchWay: 1,
  },
  getCustomerSatisfaction: {
    path: `${ONLINE}/satisfaction/getCustomerSatisfaction`,
    answer: 'item',
    paging: 'none',
    datePattern: 'yyyy-MM-dd',
    defaultSearchWay: 1,
  },
  summarySearch: {
    path: `${ONLINE}/summary/search`,
    answer: 'items',
    paging: 'page/size',
    datePattern: 'yyyy-MM-dd HH:mm:ss',
  },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;
export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

export const RET_CODE = {
  ok: '000000',
  tokenMissing: '900001',
  tokenInvalid: '900002',
  tooFrequent: '229000',
  inputError: '222000',
  internal: '999999',
} as const;
