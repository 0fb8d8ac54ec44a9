import type { ApiRequest, FetchOptions, StatsSource } from '../../core/sobot/api.ts';
import { ENDPOINTS } from '../../core/sobot/endpoints.ts';
import { pagingParams } from '../../core/sobot/request-params.ts';
import { itemResponse, listResponse } from '../../core/sobot/schemas.ts';
import { resolveClientOptions, type SobotClientOptions } from './client-options.ts';
import { EndpointCaller } from './endpoint-caller.ts';
import { type Page, paginate } from './paginate.ts';

export type { SobotClientOptions } from './client-options.ts';

export interface SobotClient extends StatsSource {
  /** HTTP calls made to statistics and condition endpoints (retries included, get_token not). */
  calls(): number;
}

/** The Sobot Live Chat Statistics API as a `StatsSource`, paced, retried and validated. */
export function createSobotClient(options: SobotClientOptions): SobotClient {
  const settings = resolveClientOptions(options);
  const caller = new EndpointCaller(settings);
  const { pageSize, pageConcurrency } = settings;

  async function item({ endpoint, params, schema }: ApiRequest): Promise<unknown> {
    const answer = await caller.call(endpoint, params, itemResponse(schema));
    return answer.item ?? null;
  }

  async function list({ endpoint, params, schema }: ApiRequest): Promise<unknown[]> {
    const answer = await caller.call(endpoint, params, listResponse(schema));
    return answer.items ?? [];
  }

  async function pages(request: ApiRequest, signal: AbortSignal | undefined): Promise<unknown[]> {
    const { endpoint, params } = request;
    const schema = listResponse(request.schema);
    const fetchPage = async (pageNo: number): Promise<Page<unknown>> => {
      const answer = await caller.call(
        endpoint,
        { ...params, ...pagingParams(endpoint, pageNo, pageSize) },
        schema,
        pageNo,
      );
      return {
        items: answer.items ?? [],
        pageNo: answer.page_no ?? pageNo,
        pageCount: answer.page_count ?? null,
        totalCount: answer.total_count ?? null,
      };
    };
    const rows: unknown[] = [];
    for await (const page of paginate(fetchPage, { pageSize, concurrency: pageConcurrency })) {
      rows.push(...page.items);
      // Breaking out of `for await` returns the generator, so no further page is asked for.
      signal?.throwIfAborted();
    }
    return rows;
  }

  return {
    calls: () => caller.calls(),
    async fetch(request: ApiRequest, fetchOptions: FetchOptions = {}): Promise<unknown> {
      const { signal } = fetchOptions;
      signal?.throwIfAborted();
      const spec = ENDPOINTS[request.endpoint];
      if (spec.answer === 'item') return item(request);
      return spec.paging === 'none' ? list(request) : pages(request, signal);
    },
  };
}
