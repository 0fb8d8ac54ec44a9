import { request } from 'undici';
import {
  type RunningSimulator,
  type SimulatorOptions,
  signOf,
  startSimulator,
} from '../../../simulator/index.ts';
import { ENDPOINTS, type EndpointName, TOKEN_PATH } from '../../../src/core/sobot/endpoints.ts';

/** A simulator plus the two calls every test makes: get a token, post to an endpoint. */
export interface Harness {
  readonly sim: RunningSimulator;
  token(): Promise<string>;
  call(endpoint: EndpointName, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
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
  const response = await request(`${sim.url}${TOKEN_PATH}?${query}`);
  return (await response.body.json()) as Answer;
}

export async function post(
  sim: RunningSimulator,
  endpoint: EndpointName,
  body: unknown,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await request(`${sim.url}${ENDPOINTS[endpoint].path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.body.json()) as Answer;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ rateLimit: NO_RATE_LIMIT, ...options });
  let current: string | undefined;
  const token = async () => {
    const answer = await getToken(sim);
    current = answer.item.token as string;
    return current;
  };
  return {
    sim,
    token,
    call: async (endpoint, body = {}, headers = {}) =>
      post(sim, endpoint, body, { token: current ?? (await token()), ...headers }),
    close: () => sim.close(),
  };
}

/** Sums a numeric field over rows. */
export function total(rows: readonly Answer[], field: string): number {
  return rows.reduce((sum, row) => sum + Number(row[field] ?? 0), 0);
}

/** Every page of a paged endpoint, at the maximum page size. */
export async function allRows(harness: Harness, endpoint: EndpointName, body: Answer): Promise<Answer[]> {
  const style = ENDPOINTS[endpoint].paging;
  const [pageKey, sizeKey] = style === 'page_no/page_size' ? ['page_no', 'page_size'] : ['page', 'size'];
  const rows: Answer[] = [];
  for (let page = 1; ; page++) {
    const answer = await harness.call(endpoint, { ...body, [pageKey]: page, [sizeKey]: 100 });
    if (answer.ret_code !== '000000') throw new Error(`${endpoint} answered ${answer.ret_code}`);
    rows.push(...(answer.items as Answer[]));
    if (page >= (answer.page_count ?? 1)) return rows;
  }
}
