import type * as z from 'zod';
import type { Page, SobotStatsApi } from '../../core/sobot/api.ts';
import type { EndpointName } from '../../core/sobot/endpoints.ts';
import { itemResponse, listResponse, RESPONSE_SCHEMAS } from '../../core/sobot/schemas.ts';
import { resolveClientOptions, type SobotClientOptions } from './client-options.ts';
import { EndpointCaller } from './endpoint-caller.ts';
import { paginate } from './paginate.ts';
import {
  ALL_FILTERS,
  compact,
  FILTERS_WITHOUT_ROBOTS,
  filterParams,
  joinIds,
  type Params,
  pagingParams,
  rangeParams,
} from './request-params.ts';

export type { SobotClientOptions } from './client-options.ts';

export interface SobotClient extends SobotStatsApi {
  /** HTTP calls made to statistics and condition endpoints (retries included, get_token not). */
  calls(): number;
}

type RowOf<N extends EndpointName> = z.infer<(typeof RESPONSE_SCHEMAS)[N]>;

/** The Sobot Live Chat Statistics API as a `SobotStatsApi`, paced, retried and validated. */
export function createSobotClient(options: SobotClientOptions): SobotClient {
  const settings = resolveClientOptions(options);
  const caller = new EndpointCaller(settings);
  const { pageSize, pageConcurrency } = settings;

  // Bodies are built lazily, so a bad query rejects the promise (or the iteration) instead of throwing.
  async function list<N extends EndpointName>(endpoint: N, body: () => Params): Promise<RowOf<N>[]> {
    const answer = await caller.call(endpoint, body(), listResponse(RESPONSE_SCHEMAS[endpoint]));
    return (answer.items ?? []) as RowOf<N>[];
  }

  async function item<N extends EndpointName>(endpoint: N, body: () => Params): Promise<RowOf<N> | null> {
    const answer = await caller.call(endpoint, body(), itemResponse(RESPONSE_SCHEMAS[endpoint]));
    return (answer.item ?? null) as RowOf<N> | null;
  }

  function pages<N extends EndpointName>(endpoint: N, body: () => Params): AsyncIterable<Page<RowOf<N>>> {
    const schema = listResponse(RESPONSE_SCHEMAS[endpoint]);
    const fetchPage = async (base: Params, pageNo: number): Promise<Page<RowOf<N>>> => {
      const answer = await caller.call(
        endpoint,
        { ...base, ...pagingParams(endpoint, pageNo, pageSize) },
        schema,
        pageNo,
      );
      return {
        items: (answer.items ?? []) as RowOf<N>[],
        pageNo: answer.page_no ?? pageNo,
        pageCount: answer.page_count ?? null,
        totalCount: answer.total_count ?? null,
      };
    };
    // An iterable rather than a generator, so the same query can be iterated again.
    async function* iterate() {
      const base = body();
      yield* paginate((pageNo) => fetchPage(base, pageNo), { pageSize, concurrency: pageConcurrency });
    }
    return { [Symbol.asyncIterator]: iterate };
  }

  return {
    calls: () => caller.calls(),

    channels: (queryContent) => list('getChannelList', () => compact({ query_content: queryContent })),
    subChannels: (sources) => pages('getChildChannelList', () => compact({ sources: joinIds(sources) })),
    classifications: () => list('getClassificationList', () => ({})),
    robots: () => list('getRobotList', () => ({})),
    departments: () => list('getDepartmentList', () => ({})),
    groups: (departmentIds) =>
      pages('getGroupList', () => compact({ depart_ids_param: joinIds(departmentIds) })),
    agents: (query) =>
      pages('getServiceList', () =>
        compact({
          search_way: query.searchWay,
          depart_ids_param: joinIds(query.departmentIds),
          group_ids_param: joinIds(query.groupIds),
        }),
      ),

    chatStats: (query) =>
      pages('getStat', () => ({
        ...rangeParams('getStat', query.range),
        search_way: query.searchWay,
        summary_way: query.summaryWay,
        ...filterParams(query.filters, ALL_FILTERS),
      })),
    messageStats: (query) =>
      pages('getMsgStat', () => ({
        ...rangeParams('getMsgStat', query.range),
        search_way: query.searchWay,
        summary_way: query.summaryWay,
        ...filterParams(query.filters, ALL_FILTERS),
      })),

    customerOverview: (query) => item('getGeneral', () => statsParams('getGeneral', query)),
    robotReception: (query) => item('getRobotReception', () => statsParams('getRobotReception', query)),
    staffReception: (query) => item('getStaffReception', () => statsParams('getStaffReception', query)),
    regions: (query) =>
      list('getGeographicalDistribution', () => statsParams('getGeographicalDistribution', query)),

    agentWorkload: (query) =>
      pages('staffWorkStatis', () =>
        compact({
          ...rangeParams('staffWorkStatis', query.range),
          search_way: query.searchWay,
          staff_id_list: nonEmpty(query.staffIds),
          group_id_list: nonEmpty(query.groupIds),
        }),
      ),
    workStatus: (query) =>
      pages('getWorkLogList', () =>
        compact({
          ...rangeParams('getWorkLogList', query.range),
          depart_ids_param: joinIds(query.departmentIds),
          staff_ids_param: joinIds(query.staffIds),
        }),
      ),

    sessionSatisfaction: (query) =>
      item('getSatisfactionSurvey', () =>
        statsParams('getSatisfactionSurvey', query, FILTERS_WITHOUT_ROBOTS),
      ),
    customerSatisfaction: (query) =>
      item('getCustomerSatisfaction', () =>
        statsParams('getCustomerSatisfaction', query, FILTERS_WITHOUT_ROBOTS),
      ),

    serviceSummary: (query) =>
      pages('summarySearch', () =>
        compact({
          ...rangeParams('summarySearch', query.range),
          summary_way: query.summaryWay,
          group_ids_param: joinIds(query.groupIds),
          level_classifys: query.classifications?.length
            ? query.classifications.map((c) => ({ classify_id: c.classifyId, level: c.level }))
            : undefined,
        }),
      ),
  };
}

function statsParams(
  endpoint: EndpointName,
  query: Parameters<SobotStatsApi['customerOverview']>[0],
  accepted = ALL_FILTERS,
): Params {
  return {
    ...rangeParams(endpoint, query.range),
    search_way: query.searchWay,
    ...filterParams(query.filters, accepted),
  };
}

function nonEmpty(ids: readonly string[] | undefined): readonly string[] | undefined {
  return ids && ids.length > 0 ? ids : undefined;
}
