import type { RecordedRequest } from '../../simulator/index.ts';
import { ENDPOINTS, type EndpointName, MAX_PAGE_SIZE, RET_CODE } from '../../src/core/sobot/endpoints.ts';

/**
 * The fewest calls a run could have made, worked out from the simulator's side only: the requests it
 * received, grouped into distinct requests (same endpoint, headers that shape the answer, and body
 * apart from paging), and each distinct request's row count asked of a simulator holding the same
 * data. One call per started page of 100 rows (at least one) per distinct request; one per unpaged
 * request. Nothing here reads the client's own call counter or the collection plan.
 */

const PAGING_KEYS = new Set(['page', 'size', 'page_no', 'page_size']);
/** Headers that change the answer (reference, "Request headers"); the token is not recorded. */
const ANSWER_HEADERS = ['timezoneid', 'language'];

interface DistinctRequest {
  readonly endpoint: EndpointName;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Calls the simulator received for it (retries and every page included). */
  readonly calls: number;
}

function withoutPaging(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const key of Object.keys(body).sort()) {
    if (!PAGING_KEYS.has(key)) out[key] = (body as Record<string, unknown>)[key];
  }
  return out;
}

function distinctRequests(requests: readonly RecordedRequest[]): DistinctRequest[] {
  const byKey = new Map<string, DistinctRequest>();
  for (const request of requests) {
    if (request.endpoint === 'get_token') continue;
    const body = withoutPaging(request.body);
    const headers = Object.fromEntries(
      ANSWER_HEADERS.filter((h) => request.headers[h] !== undefined).map((h) => [
        h,
        request.headers[h] ?? '',
      ]),
    );
    const key = JSON.stringify([request.endpoint, headers, body]);
    const seen = byKey.get(key);
    byKey.set(key, { endpoint: request.endpoint, body, headers, calls: (seen?.calls ?? 0) + 1 });
  }
  return [...byKey.values()];
}

interface ListAnswer {
  readonly ret_code?: string;
  readonly ret_msg?: string;
  readonly total_count?: number | string;
  readonly items?: readonly unknown[];
}

async function ask(
  baseUrl: string,
  token: string,
  request: DistinctRequest,
  page: number,
): Promise<ListAnswer> {
  const spec = ENDPOINTS[request.endpoint];
  const paging =
    spec.paging === 'page_no/page_size'
      ? { page_no: String(page), page_size: String(MAX_PAGE_SIZE) }
      : { page: String(page), size: String(MAX_PAGE_SIZE) };
  const response = await fetch(new URL(spec.path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', token, ...request.headers },
    body: JSON.stringify({ ...request.body, ...paging }),
  });
  const answer = (await response.json()) as ListAnswer;
  if (answer.ret_code !== RET_CODE.ok) {
    throw new Error(`${request.endpoint} answered ${answer.ret_code} ${answer.ret_msg ?? ''}`);
  }
  return answer;
}

/** The rows the simulator holds for a paged request; getGroupList has no counts, so it is paged through. */
async function rowsOf(baseUrl: string, token: string, request: DistinctRequest): Promise<number> {
  const first = await ask(baseUrl, token, request, 1);
  if (first.total_count !== undefined) return Number(first.total_count);
  let rows = first.items?.length ?? 0;
  for (let page = 2, last = rows; last === MAX_PAGE_SIZE; page++) {
    last = (await ask(baseUrl, token, request, page)).items?.length ?? 0;
    rows += last;
  }
  return rows;
}

interface EndpointTally {
  readonly endpoint: EndpointName;
  readonly requests: number;
  readonly made: number;
  readonly minimum: number;
}

interface MinimumCalls {
  readonly made: number;
  readonly minimum: number;
  readonly distinct: number;
  readonly byEndpoint: readonly EndpointTally[];
}

/**
 * `verifyUrl` must serve the same data as the simulator that recorded `requests` (same seed, size and
 * clock) with its rate limit off, so asking for row counts neither waits nor disturbs the run's figures.
 */
export async function minimumCalls(
  requests: readonly RecordedRequest[],
  verifyUrl: string,
  token: string,
): Promise<MinimumCalls> {
  const tallies = new Map<EndpointName, { requests: number; made: number; minimum: number }>();
  const distinct = distinctRequests(requests);
  for (const request of distinct) {
    const paged = ENDPOINTS[request.endpoint].paging !== 'none';
    const minimum = paged
      ? Math.max(1, Math.ceil((await rowsOf(verifyUrl, token, request)) / MAX_PAGE_SIZE))
      : 1;
    const tally = tallies.get(request.endpoint) ?? { requests: 0, made: 0, minimum: 0 };
    tallies.set(request.endpoint, {
      requests: tally.requests + 1,
      made: tally.made + request.calls,
      minimum: tally.minimum + minimum,
    });
  }
  const byEndpoint = [...tallies].map(([endpoint, t]) => ({ endpoint, ...t }));
  return {
    made: byEndpoint.reduce((sum, t) => sum + t.made, 0),
    minimum: byEndpoint.reduce((sum, t) => sum + t.minimum, 0),
    distinct: distinct.length,
    byEndpoint,
  };
}
