import * as z from 'zod';
import type { Probe } from '../../../core/recording.ts';
import { ENDPOINT_NAMES, ENDPOINTS, type EndpointName, RET_CODE } from '../../../core/sobot/endpoints.ts';
import { pagingParams, rangeParams } from '../../../core/sobot/request-params.ts';
import { resolveClientOptions, type SobotClientOptions } from '../client-options.ts';
import { EndpointCaller } from '../endpoint-caller.ts';
import { SobotError } from '../errors.ts';
import type { Fetch } from '../transport.ts';
import { type AnswerVerdict, judgeAnswer } from './validate.ts';

/**
 * The contract check: each catalog endpoint called once for one day, with the smallest page, through
 * the same endpoint caller a run uses (token, rate-limit lanes, retries), and its raw answer judged
 * against the reference. getWorkLogList gets two more calls, to learn which filter spelling the account's
 * API reads.
 */

export interface CapturedExchange {
  readonly endpoint: EndpointName;
  readonly probe: Probe;
  readonly request: Record<string, unknown>;
  readonly status: number;
  /** The answer as JSON, or `text` when it was not JSON. */
  readonly body?: unknown;
  readonly text?: string;
}

export interface EndpointCheck extends AnswerVerdict {
  readonly endpoint: EndpointName;
  /** Why no answer could be judged (a transport failure, a retry budget spent); null when one was. */
  readonly failure: string | null;
  /** Answered 000000 in the documented shape, and every value decoded. */
  readonly ok: boolean;
}

/**
 * Which getWorkLogList filter narrowed the rows to one agent, `unknown` when the day has too few rows
 * to tell. The reference gives two spellings: its Request param table has `staff_ids_param String No
 * Agent IDs In case of two or more, separate by ",", such as "1,2"` (and `depart_ids_param`), while its
 * request example sends `"staff_id_list": ["staff_id1","staff_id2"], "group_id_list": [...]`. The run
 * uses the table's; the check asks the account which one it reads.
 */
export type FilterSpelling = 'table' | 'example' | 'both' | 'neither' | 'unknown';

export interface ContractCheck {
  readonly day: string;
  readonly endpoints: readonly EndpointCheck[];
  readonly workLogFilter: FilterSpelling;
  /** Every HTTP exchange, retries included, in order; unredacted. */
  readonly exchanges: readonly CapturedExchange[];
  /** Every token the calls sent, to scrub from what is kept (a method, so it never lands in JSON). */
  tokensSent(): readonly string[];
}

export type ContractCheckOptions = Omit<SobotClientOptions, 'pageSize' | 'pageConcurrency'> & {
  /** `yyyy-MM-dd` in the client's timezone. */
  readonly day: string;
};

/** getStat, getMsgStat and summary/search answer per day with summary_way=1, so their rows carry the date. */
const DAILY: ReadonlySet<EndpointName> = new Set(['getStat', 'getMsgStat', 'summarySearch']);

/**
 * The endpoint's one call: the day, its default search_way, page 1 of size 1 where it pages. The
 * reference sets no lower bound on a page ("size String Yes Page Number 15 by default"), so 1 is the
 * smallest page it allows.
 */
function contractRequest(endpoint: EndpointName, day: string): Record<string, unknown> {
  const spec = ENDPOINTS[endpoint];
  return {
    ...('datePattern' in spec
      ? rangeParams(endpoint, { start: `${day} 00:00:00`, end: `${day} 23:59:59` })
      : {}),
    ...('defaultSearchWay' in spec ? { search_way: spec.defaultSearchWay } : {}),
    ...(DAILY.has(endpoint) ? { summary_way: 1 } : {}),
    ...(spec.paging === 'none' ? {} : pagingParams(endpoint, 1, 1)),
  };
}

const anyAnswer = z.unknown();

export async function runContractCheck(options: ContractCheckOptions): Promise<ContractCheck> {
  const { day, ...clientOptions } = options;
  const exchanges: CapturedExchange[] = [];
  const tokens = new Set<string>();
  let current: { endpoint: EndpointName; probe: Probe } = { endpoint: 'getChannelList', probe: 'contract' };
  const caller = new EndpointCaller(
    resolveClientOptions({
      ...clientOptions,
      fetch: capturingFetch(clientOptions.fetch ?? globalThis.fetch, tokens, (exchange) =>
        exchanges.push({ ...current, ...exchange }),
      ),
    }),
  );

  /** One call, then the last exchange it had (the one whose answer counts after any retries). */
  async function call(endpoint: EndpointName, probe: Probe, body: Record<string, unknown>) {
    current = { endpoint, probe };
    const before = exchanges.length;
    let failure: string | null = null;
    try {
      await caller.call(endpoint, body, anyAnswer);
    } catch (error) {
      // A refusal is judged from its answer below; anything else left no answer to judge.
      if (!(error instanceof SobotError && error.retCode))
        failure = error instanceof Error ? error.message : String(error);
    }
    const last = exchanges.length > before ? exchanges.at(-1) : undefined;
    return { last, failure: last?.body === undefined && failure === null ? 'no JSON answer' : failure };
  }

  // The token first: without one, every endpoint would fail the same way, each after its own retries.
  await clientOptions.tokenProvider.token();

  const endpoints: EndpointCheck[] = [];
  let workLog: CapturedExchange | undefined;
  for (const endpoint of ENDPOINT_NAMES) {
    clientOptions.signal?.throwIfAborted();
    const { last, failure } = await call(endpoint, 'contract', contractRequest(endpoint, day));
    if (endpoint === 'getWorkLogList') workLog = last;
    endpoints.push(checkOf(endpoint, last, failure));
  }
  const workLogFilter = await probeWorkLogFilter(workLog, (probe, body) =>
    call('getWorkLogList', probe, body),
  );
  return { day, endpoints, workLogFilter, exchanges, tokensSent: () => [...tokens] };
}

function checkOf(
  endpoint: EndpointName,
  last: CapturedExchange | undefined,
  failure: string | null,
): EndpointCheck {
  const verdict = judgeAnswer(endpoint, last?.body ?? last?.text);
  const ok =
    failure === null &&
    verdict.retCode === RET_CODE.ok &&
    verdict.shapeProblems.length === 0 &&
    verdict.undecoded.length === 0;
  return { endpoint, failure, ok, ...verdict };
}

/**
 * Filters the day's work log to the agent of its first row, once in each spelling, and compares the row
 * counts with the unfiltered call's: a spelling the API reads leaves fewer rows (at least that agent's),
 * one it ignores leaves them all. With fewer than two rows, no filter can show it narrowed anything.
 */
async function probeWorkLogFilter(
  unfiltered: CapturedExchange | undefined,
  call: (probe: Probe, body: Record<string, unknown>) => Promise<{ last: CapturedExchange | undefined }>,
): Promise<FilterSpelling> {
  const all = rowCountOf(unfiltered?.body);
  const firstRow = (unfiltered?.body as { items?: { staff_id?: unknown }[] } | undefined)?.items?.[0];
  const staffId = typeof firstRow?.staff_id === 'string' ? firstRow.staff_id : undefined;
  if (!unfiltered || all === undefined || all < 2 || staffId === undefined) return 'unknown';
  const { request } = unfiltered;
  const table = rowCountOf((await call('filter-table', { ...request, staff_ids_param: staffId })).last?.body);
  const example = rowCountOf(
    (await call('filter-example', { ...request, staff_id_list: [staffId] })).last?.body,
  );
  if (table === undefined || example === undefined) return 'unknown';
  const narrowed = { table: table < all, example: example < all };
  if (narrowed.table && narrowed.example) return 'both';
  if (narrowed.table) return 'table';
  return narrowed.example ? 'example' : 'neither';
}

/** The whole day's rows, from a page of size 1: `total_count`, else `page_count`; undefined when refused. */
function rowCountOf(body: unknown): number | undefined {
  const answer = body as { ret_code?: unknown; total_count?: unknown; page_count?: unknown; items?: unknown };
  if (!answer || String(answer.ret_code).padStart(6, '0') !== RET_CODE.ok) return undefined;
  for (const value of [answer.total_count, answer.page_count]) {
    const count = Number(value);
    if (value !== undefined && value !== null && value !== '' && Number.isFinite(count)) return count;
  }
  return Array.isArray(answer.items) && answer.items.length === 0 ? 0 : undefined;
}

/** A fetch that hands each exchange's JSON body and answer to `onExchange`; headers (the token) are not kept. */
function capturingFetch(
  inner: Fetch,
  tokens: Set<string>,
  onExchange: (exchange: Omit<CapturedExchange, 'endpoint' | 'probe'>) => void,
): Fetch {
  return async (input, init) => {
    const token = (init?.headers as Record<string, string> | undefined)?.token;
    if (token) tokens.add(token);
    const response = await inner(input, init);
    const request = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const text = await response.clone().text();
    onExchange({ request, status: response.status, ...decoded(text) });
    return response;
  };
}

function decoded(text: string): { body: unknown } | { text: string } {
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { text };
  }
}
