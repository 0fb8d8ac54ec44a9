import type { DateRange, Filters } from './api.ts';
import { ENDPOINTS, type EndpointName, type EndpointSpec } from './endpoints.ts';

/**
 * Request bodies in the reference's own parameter names. Id lists go as comma-separated strings ("1,2"),
 * except where the reference asks for JSON arrays (staffWorkStatis). Absent or empty filters are omitted.
 */

type Params = Record<string, unknown>;

const FULL_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** `start_date`/`end_date` cut to the endpoint's pattern: `2025-11-01 00:00:00` → `2025-11-01 00:00` or `2025-11-01`. */
export function rangeParams(endpoint: EndpointName, range: DateRange): Params {
  const pattern = (ENDPOINTS[endpoint] as EndpointSpec).datePattern;
  if (!pattern) throw new TypeError(`${endpoint} takes no date range`);
  for (const value of [range.start, range.end]) {
    if (!FULL_DATE_TIME.test(value))
      throw new RangeError(`${endpoint}: expected yyyy-MM-dd HH:mm:ss, got "${value}"`);
  }
  return { start_date: range.start.slice(0, pattern.length), end_date: range.end.slice(0, pattern.length) };
}

const FILTER_PARAMS = {
  sources: 'source',
  channelFlags: 'channel_flag',
  departmentIds: 'depart_ids_param',
  groupIds: 'group_ids_param',
  robotIds: 'robot_ids_param',
  staffIds: 'staff_ids_param',
} as const satisfies Record<keyof Filters, string>;

export const ALL_FILTERS = Object.keys(FILTER_PARAMS) as (keyof Filters)[];
/** The satisfaction endpoints take no `robot_ids_param`. */
export const FILTERS_WITHOUT_ROBOTS = ALL_FILTERS.filter((name) => name !== 'robotIds');

export function filterParams(filters: Filters | undefined, accepted: readonly (keyof Filters)[]): Params {
  const params: Params = {};
  for (const name of accepted) {
    const joined = joinIds(filters?.[name]);
    if (joined !== undefined) params[FILTER_PARAMS[name]] = joined;
  }
  return params;
}

export function joinIds(ids: readonly string[] | undefined): string | undefined {
  return ids && ids.length > 0 ? ids.join(',') : undefined;
}

/** Drops undefined values, so optional parameters are left out rather than sent as null. */
export function compact(params: Params): Params {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}

/**
 * `page`/`size` or `page_no`/`page_size`, per the catalog. The reference types them as strings,
 * except summary/search, which takes integers.
 */
export function pagingParams(endpoint: EndpointName, page: number, size: number): Params {
  const style = (ENDPOINTS[endpoint] as EndpointSpec).paging;
  const value = (n: number) => (endpoint === 'summarySearch' ? n : String(n));
  switch (style) {
    case 'page/size':
      return { page: value(page), size: value(size) };
    case 'page_no/page_size':
      return { page_no: value(page), page_size: value(size) };
    default:
      throw new TypeError(`${endpoint} is not paged`);
  }
}
