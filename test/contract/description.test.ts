import { describe, expect, it } from 'vitest';
import {
  API,
  DOCUMENTED_MAX_RANGE_DAYS,
  type EndpointDescription,
  RATE_LIMIT,
  RET_CODES,
  TOKEN_ENDPOINT,
} from '../../simulator/api/description.ts';
import {
  CALLS_PER_WINDOW,
  ENDPOINTS,
  type EndpointSpec,
  MAX_PAGE_SIZE,
  MAX_RANGE_DAYS,
  RATE_WINDOW_MS,
  RET_CODE,
  TOKEN_PATH,
} from '../../src/core/sobot/endpoints.ts';
import { type ParamRow, sectionAt } from './reference.ts';

/**
 * Two readings of one document: the client's endpoint table and the simulator's own description.
 * Each is also held against the document's extracted sections, so neither can drift from it. A
 * disagreement fails with "<endpoint>.<property>: <one> ≠ <other>".
 */

const NAMES = Object.keys(API) as (keyof typeof API)[];
const PAGE_PARAMS = ['page', 'size', 'page_no', 'page_size'];

function clientPaging(spec: EndpointSpec): string {
  return spec.paging;
}

function simulatorPaging(spec: EndpointDescription): string {
  return spec.paging ? `${spec.paging.pageParam}/${spec.paging.sizeParam}` : 'none';
}

function disagreement(where: string, one: unknown, other: unknown): string[] {
  return JSON.stringify(one) === JSON.stringify(other)
    ? []
    : [`${where}: ${JSON.stringify(one)} ≠ ${JSON.stringify(other)}`];
}

function rowsOf(name: string, table: string): readonly ParamRow[] {
  const section = sectionAt(API[name as keyof typeof API].path);
  return section?.tables[table] ?? [];
}

/** "Time of Chat Connecting pattern:yyyy-MM-dd HH:mm:ss" → "yyyy-MM-dd HH:mm:ss". */
function patternOf(row: ParamRow | undefined): string | undefined {
  return row ? /pattern:(.+)$/.exec(row.description)?.[1]?.trim() : undefined;
}

/** "1-Department 2-Skill Group 3-Channel Default: search_way=3" → allowed [1, 2, 3], default 3. */
function searchWayOf(row: ParamRow | undefined): { allowed: number[]; default: number } | undefined {
  if (!row) return undefined;
  const allowed = [...row.description.matchAll(/(\d)-\s?[A-Z]/g)].map((m) => Number(m[1]));
  return { allowed, default: Number(/search_way=(\d)/.exec(row.description)?.[1]) };
}

function topLevelPagingFields(returnExample: string): string[] {
  return Object.keys(JSON.parse(returnExample) as object).filter(
    (key) => key.startsWith('page_') || key === 'total_count',
  );
}

describe('Contract: the simulator description and the client endpoint table', () => {
  it('name the same endpoints', () => {
    // Assess
    expect(NAMES.slice().sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });

  it('agree on every path, answer shape, paging parameter, date pattern and default search_way', () => {
    // Act
    const found = NAMES.flatMap((name) => {
      const client: EndpointSpec = ENDPOINTS[name];
      const simulator: EndpointDescription = API[name];
      return [
        ...disagreement(`${name}.path`, client.path, simulator.path),
        ...disagreement(`${name}.answer`, client.answer, simulator.answer),
        ...disagreement(`${name}.paging`, clientPaging(client), simulatorPaging(simulator)),
        ...disagreement(`${name}.datePattern`, client.datePattern, simulator.datePattern),
        ...disagreement(`${name}.defaultSearchWay`, client.defaultSearchWay, simulator.searchWay?.default),
      ];
    });

    // Assess
    expect(found).toEqual([]);
  });

  it('agree on the token path, the ret codes, the rate limit, the page size and the documented range', () => {
    // Act
    const found = [
      ...disagreement('get_token.path', TOKEN_PATH, TOKEN_ENDPOINT.path),
      ...disagreement('retCodes', RET_CODE, RET_CODES),
      ...disagreement('rateLimit', { calls: CALLS_PER_WINDOW, windowMs: RATE_WINDOW_MS }, RATE_LIMIT),
      ...NAMES.flatMap((name) =>
        disagreement(
          `${name}.maxPageSize`,
          MAX_PAGE_SIZE,
          (API[name] as EndpointDescription).paging?.maxSize ?? 100,
        ),
      ),
      ...disagreement('maxRangeDays', MAX_RANGE_DAYS, DOCUMENTED_MAX_RANGE_DAYS),
    ];

    // Assess
    expect(found).toEqual([]);
  });
});

describe('Contract: the simulator description and the document', () => {
  it('has a section of the document at every path it describes, with its method', () => {
    // Act
    const found = [
      ...disagreement('get_token.method', sectionAt(TOKEN_ENDPOINT.path)?.method, TOKEN_ENDPOINT.method),
      ...NAMES.flatMap((name) =>
        disagreement(`${name}.method`, sectionAt(API[name].path)?.method, API[name].method),
      ),
    ];

    // Assess
    expect(found).toEqual([]);
  });

  it('requires exactly the parameters each Request param table marks Yes', () => {
    // Act
    const found = [
      ...disagreement(
        'get_token.required',
        (sectionAt(TOKEN_ENDPOINT.path)?.tables['Request param'] ?? [])
          .filter((r) => r.required)
          .map((r) => r.name),
        TOKEN_ENDPOINT.required,
      ),
      ...NAMES.flatMap((name) =>
        disagreement(
          `${name}.required`,
          rowsOf(name, 'Request param')
            .filter((row) => row.required)
            .map((row) => row.name)
            .sort(),
          [...API[name].required].sort(),
        ),
      ),
    ];

    // Assess
    expect(found).toEqual([]);
  });

  it('pages with the parameters each Request param table names, required where it says Yes', () => {
    // Act
    const found = NAMES.flatMap((name) => {
      const paging = (API[name] as EndpointDescription).paging;
      const rows = rowsOf(name, 'Request param').filter((row) => PAGE_PARAMS.includes(row.name));
      return [
        ...disagreement(
          `${name}.pagingParams`,
          rows.map((row) => row.name),
          paging ? [paging.pageParam, paging.sizeParam] : [],
        ),
        ...disagreement(
          `${name}.pagingRequired`,
          rows.map((row) => row.required),
          paging ? [paging.required, paging.required] : [],
        ),
      ];
    });

    // Assess
    expect(found).toEqual([]);
  });

  it('answers the paging fields each return example carries, in its order', () => {
    // Act
    const found = NAMES.flatMap((name) =>
      disagreement(
        `${name}.pagingAnswer`,
        topLevelPagingFields(sectionAt(API[name].path)?.returnExample ?? '{}'),
        (API[name] as EndpointDescription).paging?.answers ?? [],
      ),
    );

    // Assess
    expect(found).toEqual([]);
  });

  it('takes the date pattern, the search_way values and default, and the answer shape the tables give', () => {
    // Act
    const found = NAMES.flatMap((name) => {
      const spec: EndpointDescription = API[name];
      const request = rowsOf(name, 'Request param');
      const returned = rowsOf(name, 'Return param').map((row) => row.name);
      return [
        ...disagreement(
          `${name}.datePattern`,
          patternOf(request.find((r) => r.name === 'start_date')),
          spec.datePattern,
        ),
        ...disagreement(
          `${name}.endDatePattern`,
          patternOf(request.find((r) => r.name === 'end_date')),
          spec.datePattern,
        ),
        ...disagreement(
          `${name}.searchWay`,
          searchWayOf(request.find((r) => r.name === 'search_way')),
          spec.searchWay,
        ),
        ...disagreement(`${name}.answer`, returned.includes('item') ? 'item' : 'items', spec.answer),
      ];
    });

    // Assess
    expect(found).toEqual([]);
  });
});
