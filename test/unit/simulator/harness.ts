import { request } from 'undici';
import {
  API,
  type EndpointDescription,
  type SimEndpointName as EndpointName,
  TOKEN_ENDPOINT,
} from '../../../simulator/api/description.ts';
import {
  type RunningSimulator,
  type SimulatorOptions,
  signOf,
  startSimulator,
} from '../../../simulator/index.ts';

/** A simulator plus the two calls every test makes: get a token, post to an endpoint. */
export interface Harness {
  readonly sim: RunningSimulator;
  token(): Promise<string>;
  /** Posts `body` with the required parameters it leaves out that are not dates (see `requiredDefaults`). */
  call(endpoint: EndpointName, body?: Answer, headers?: Record<string, string>): Promise<Answer>;
  /** Posts `body` exactly as given. */
  raw(endpoint: EndpointName, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
export type Answer = Record<string, any>;

const NO_RATE_LIMIT = { calls: Number.POSITIVE_INFINITY, windowMs: 60_000 } as const;

export async function getToken(sim: RunningSimulator, createTime = '1700000000'): Promise<Answer> {
  const { appId, appKey } = sim.credentials;
  const query = new URLSearchParams({
    appid: appId,
    create_time: createTime,
    sign: signOf(appId, createTime, appKey),
  });
  const response = await request(`${sim.url}${TOKEN_ENDPOINT.path}?${query}`);
  return (await response.body.json()) as Answer;
}

export async function post(
  sim: RunningSimulator,
  endpoint: EndpointName,
  body: unknown,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await request(`${sim.url}${API[endpoint].path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.body.json()) as Answer;
}

/**
 * What a client must send besides the dates, where a test does not care: the document's default
 * `search_way`, and page 1 of 15 where page and size are required.
 */
export function requiredDefaults(endpoint: EndpointName): Answer {
  const spec: EndpointDescription = API[endpoint];
  return {
    ...(spec.searchWay ? { search_way: spec.searchWay.default } : {}),
    ...(spec.paging?.required ? { [spec.paging.pageParam]: 1, [spec.paging.sizeParam]: 15 } : {}),
  };
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ rateLimit: NO_RATE_LIMIT, ...options });
  let current: string | undefined;
  const token = async () => {
    const answer = await getToken(sim);
    current = answer.item.token as string;
    return current;
  };
  const raw = async (endpoint: EndpointName, body: unknown = {}, headers: Record<string, string> = {}) =>
    post(sim, endpoint, body, { token: current ?? (await token()), ...headers });
  return {
    sim,
    token,
    raw,
    call: (endpoint, body = {}, headers = {}) =>
      raw(endpoint, { ...requiredDefaults(endpoint), ...body }, headers),
    close: () => sim.close(),
  };
}

/** Sums a numeric field over rows. */
export function total(rows: readonly Answer[], field: string): number {
  return rows.reduce((sum, row) => sum + Number(row[field] ?? 0), 0);
}

/** Every page of a paged endpoint, at the maximum page size. */
export async function allRows(harness: Harness, endpoint: EndpointName, body: Answer): Promise<Answer[]> {
  const paging = (API[endpoint] as EndpointDescription).paging;
  const [pageKey, sizeKey] = [paging?.pageParam ?? 'page', paging?.sizeParam ?? 'size'];
  const rows: Answer[] = [];
  for (let page = 1; ; page++) {
    const answer = await harness.call(endpoint, { ...body, [pageKey]: page, [sizeKey]: 100 });
    if (answer.ret_code !== '000000') throw new Error(`${endpoint} answered ${answer.ret_code}`);
    rows.push(...(answer.items as Answer[]));
    // Not every paged answer carries page_count (getServiceList, getChildChannelList) or total_count (getGroupList).
    const lastPage =
      answer.page_count ??
      (answer.total_count === undefined ? undefined : Math.ceil(answer.total_count / 100));
    if (lastPage === undefined ? answer.items.length < 100 : page >= lastPage) return rows;
  }
}
