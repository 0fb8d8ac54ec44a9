import type { ApiRequest, FetchOptions, StatsSource } from '../../core/sobot/api.ts';
import { ENDPOINTS } from '../../core/sobot/endpoints.ts';
import { pagingParams } from '../../core/sobot/request-params.ts';
import { itemResponse, listResponse, rawRow } from '../../core/sobot/schemas.ts';
import { resolveClientOptions, type SobotClientOptions } from './client-options.ts';
import { EndpointCaller } from './endpoint-caller.ts';
import { type Page, paginate } from './paginate.ts';

export type { SobotClientOptions } from './client-options.ts';

const ITEM_ANSWER = itemResponse(rawRow);
const LIST_ANSWER = listResponse(rawRow);

export interface SobotClient extends StatsSource {
  /** HTTP calls made to statistics and condition endpoints (retries included, get_token not). */
  calls(): number;
}

/**
 * The Sobot Live Chat Statistics API as a `StatsSource`, paced and retried. It checks an answer's
 * structure (envelope, paging, an `items` list or an `item` object) and hands the rows on as received:
 * their values are the core's to read (src/core/sobot/decode.ts), so an odd value is a note, not a
 * failed call.
 */
export function createSobotClient(options: SobotClientOptions): SobotClient {
  const settings = resolveClientOptions(options);
  const caller = new EndpointCaller(settings);
  const { pageSize, pageConcurrency } = settings;

  async function item({ endpoint, params }: ApiRequest): Promise<unknown> {
    const answer = await caller.call(endpoint, params, ITEM_ANSWER);
    return answer.item ?? null;
  }

  async function list({ endpoint, params }: ApiRequest): Promise<unknown[]> {
    const answer = await caller.call(endpoint, params, LIST_ANSWER);
    return answer.items ?? [];
  }

  async function pages(request: ApiRequest, signal: AbortSignal | undefined): Promise<unknown[]> {
    const { endpoint, params } = request;
    const schema = LIST_ANSWER;
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
