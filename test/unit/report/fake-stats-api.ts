import type { ApiRequest, FetchOptions, StatsSource } from '../../../src/core/sobot/api.ts';
import { ENDPOINTS, type EndpointName } from '../../../src/core/sobot/endpoints.ts';

/**
 * An in-memory stats source for collector and slicing tests. Requests are named by what they fetch
 * (`chatStats` for getStat…); paged endpoints serve `data[name]` in pages of 100 (the API's maximum),
 * and every call (each page of a paged one) is recorded with the request's parameters.
 */

const NAMES = {
  getChannelList: 'channels',
  getChildChannelList: 'subChannels',
  getClassificationList: 'classifications',
  getRobotList: 'robots',
  getDepartmentList: 'departments',
  getGroupList: 'groups',
  getServiceList: 'agents',
  getStat: 'chatStats',
  getMsgStat: 'messageStats',
  getGeneral: 'customerOverview',
  getRobotReception: 'robotReception',
  getStaffReception: 'staffReception',
  getGeographicalDistribution: 'regions',
  staffWorkStatis: 'agentWorkload',
  getWorkLogList: 'workStatus',
  getSatisfactionSurvey: 'sessionSatisfaction',
  getCustomerSatisfaction: 'customerSatisfaction',
  summarySearch: 'serviceSummary',
} as const satisfies Record<EndpointName, string>;

type FakeMethod = (typeof NAMES)[EndpointName];

interface RecordedCall {
  readonly method: FakeMethod;
  /** The request's parameters, in the reference's names. */
  readonly query: Readonly<Record<string, unknown>>;
  readonly page?: number;
}

interface FakeStatsApi extends StatsSource {
  readonly calls: RecordedCall[];
  callsTo(method: FakeMethod): RecordedCall[];
}

interface FakeOptions {
  /** Rows a list endpoint returns (or the item an item endpoint returns), or a function of the parameters. */
  readonly data?: Partial<Record<FakeMethod, unknown>>;
  /** Called before each call is answered; may throw or wait. */
  readonly beforeCall?: (call: RecordedCall) => Promise<void> | void;
  readonly pageSize?: number;
}

export function fakeStatsApi(options: FakeOptions = {}): FakeStatsApi {
  const calls: RecordedCall[] = [];
  const pageSize = options.pageSize ?? 100;
  const dataOf = (method: FakeMethod, query: RecordedCall['query']): unknown => {
    const data = options.data?.[method];
    return typeof data === 'function' ? data(query) : data;
  };

  async function record(call: RecordedCall): Promise<void> {
    calls.push(call);
    await options.beforeCall?.(call);
  }

  async function fetch(request: ApiRequest, fetchOptions: FetchOptions = {}): Promise<unknown> {
    const method = NAMES[request.endpoint];
    const query = request.params;
    const spec = ENDPOINTS[request.endpoint];
    if (spec.answer === 'item' || spec.paging === 'none') {
      await record({ method, query });
      return dataOf(method, query) ?? (spec.answer === 'items' ? [] : null);
    }
    const rows = (dataOf(method, query) as unknown[] | undefined) ?? [];
    const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
    const served: unknown[] = [];
    for (let page = 1; page <= pageCount; page += 1) {
      await record({ method, query, page });
      served.push(...rows.slice((page - 1) * pageSize, page * pageSize));
      fetchOptions.signal?.throwIfAborted();
    }
    return served;
  }

  return {
    fetch,
    calls,
    callsTo: (method: FakeMethod) => calls.filter((call) => call.method === method),
  };
}
