import type { Page, SobotStatsApi } from '../../../src/core/sobot/api.ts';

/**
 * An in-memory stats source for collector and slicing tests. Paged methods serve `rows[method]` in
 * pages of 100 (the API's maximum); every call (each page of a paged one) is recorded.
 */

export type FakeMethod = keyof SobotStatsApi;

export interface RecordedCall {
  readonly method: FakeMethod;
  readonly query: unknown;
  readonly page?: number;
}

export interface FakeStatsApi extends SobotStatsApi {
  readonly calls: RecordedCall[];
  callsTo(method: FakeMethod): RecordedCall[];
}

export interface FakeOptions {
  /** Rows a list/paged method returns (or the item a single-item method returns), or a function of the query. */
  readonly data?: Partial<Record<FakeMethod, unknown>>;
  /** Called before each call is answered; may throw or wait. */
  readonly beforeCall?: (call: RecordedCall) => Promise<void> | void;
  readonly pageSize?: number;
}

export function fakeStatsApi(options: FakeOptions = {}): FakeStatsApi {
  const calls: RecordedCall[] = [];
  const pageSize = options.pageSize ?? 100;
  const dataOf = (method: FakeMethod, query: unknown): unknown => {
    const data = options.data?.[method];
    return typeof data === 'function' ? data(query) : data;
  };

  async function answer(method: FakeMethod, query: unknown): Promise<unknown> {
    const call = { method, query };
    calls.push(call);
    await options.beforeCall?.(call);
    const fallback = ['channels', 'classifications', 'robots', 'departments', 'regions'].includes(method)
      ? []
      : null;
    return dataOf(method, query) ?? fallback;
  }

  function paged(method: FakeMethod, query: unknown): AsyncIterable<Page<unknown>> {
    return {
      async *[Symbol.asyncIterator]() {
        const rows = (dataOf(method, query) as unknown[] | undefined) ?? [];
        const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
        for (let page = 1; page <= pageCount; page += 1) {
          const call = { method, query, page };
          calls.push(call);
          await options.beforeCall?.(call);
          yield {
            items: rows.slice((page - 1) * pageSize, page * pageSize),
            pageNo: page,
            pageCount,
            totalCount: rows.length,
          };
        }
      },
    };
  }

  const api = {
    channels: (q?: unknown) => answer('channels', q),
    subChannels: (q?: unknown) => paged('subChannels', q),
    classifications: () => answer('classifications', undefined),
    robots: () => answer('robots', undefined),
    departments: () => answer('departments', undefined),
    groups: (q?: unknown) => paged('groups', q),
    agents: (q: unknown) => paged('agents', q),
    chatStats: (q: unknown) => paged('chatStats', q),
    messageStats: (q: unknown) => paged('messageStats', q),
    customerOverview: (q: unknown) => answer('customerOverview', q),
    robotReception: (q: unknown) => answer('robotReception', q),
    staffReception: (q: unknown) => answer('staffReception', q),
    regions: (q: unknown) => answer('regions', q),
    agentWorkload: (q: unknown) => paged('agentWorkload', q),
    workStatus: (q: unknown) => paged('workStatus', q),
    sessionSatisfaction: (q: unknown) => answer('sessionSatisfaction', q),
    customerSatisfaction: (q: unknown) => answer('customerSatisfaction', q),
    serviceSummary: (q: unknown) => paged('serviceSummary', q),
  } as unknown as SobotStatsApi;

  return Object.assign(api, {
    calls,
    callsTo: (method: FakeMethod) => calls.filter((call) => call.method === method),
  });
}
