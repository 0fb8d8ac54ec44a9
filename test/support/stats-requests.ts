import type { Dimension } from '../../src/core/report/snapshot.ts';
import { agents as agentsSection } from '../../src/core/sections/agents.ts';
import { chats } from '../../src/core/sections/chats.ts';
import { customers } from '../../src/core/sections/customers.ts';
import { CONDITION_REQUESTS } from '../../src/core/sections/dimensions.ts';
import { messages } from '../../src/core/sections/messages.ts';
import { satisfaction } from '../../src/core/sections/satisfaction.ts';
import { type Part, type PlanContext, requestOf } from '../../src/core/sections/section.ts';
import { serviceSummary as serviceSummarySection } from '../../src/core/sections/service-summary.ts';
import { workStatus as workStatusSection } from '../../src/core/sections/work-status.ts';
import type { ApiRequest, DateRange, Filters, SearchWay, SummaryWay } from '../../src/core/sobot/api.ts';
import { compact, joinIds } from '../../src/core/sobot/request-params.ts';

/**
 * ApiRequests for client tests, named like the stats API's old methods and taking their queries. They
 * are built by the report sections' parts, so tests exercise the real request rules; parameters the
 * sections never send (query_content, sources, summary_way 2/3, level_classifys …) are laid over the
 * section's request, which keeps its endpoint and schema.
 */

interface StatsQuery {
  readonly range: DateRange;
  readonly searchWay: SearchWay;
  readonly filters?: Filters;
}

interface BreakdownQuery extends StatsQuery {
  readonly summaryWay: SummaryWay;
}

const DIMENSION: Record<SearchWay, Dimension> = { 1: 'department', 2: 'skillGroup', 3: 'channel' };
const DAY_MS = 86_400_000;

/** What a report of the query's dimension and filters plans with, for a window spanning the range's days. */
function contextOf({ range, searchWay, filters }: StatsQuery): PlanContext {
  const [from, to] = [range.start.slice(0, 10), range.end.slice(0, 10)];
  return {
    report: { dimension: DIMENSION[searchWay], recipients: { routes: [] } },
    window: {
      kind: 'custom',
      start: range.start,
      end: range.end,
      from,
      to,
      timezone: 'Asia/Shanghai',
      label: `${from}_${to}`,
      days: Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1,
    },
    range,
    searchWay,
    filters,
  };
}

function fromPart(part: Part<unknown>, query: StatsQuery): ApiRequest {
  const request = requestOf(part, contextOf(query));
  if (!request) throw new Error(`${part.endpoint}: the section sends no request for this range`);
  return request;
}

/** Filters with the absent ones left out. */
function filtersOf(filters: { readonly [K in keyof Filters]: Filters[K] | undefined }): Filters {
  return compact(filters) as Filters;
}

/** `request` with `params` laid over its own; undefined values are left out. */
function withParams(request: ApiRequest, params: Record<string, unknown>): ApiRequest {
  return { ...request, params: compact({ ...request.params, ...params }) };
}

// condition lists

export const channels = (queryContent?: string) =>
  withParams(CONDITION_REQUESTS.channels, { query_content: queryContent });
export const subChannels = (sources?: readonly string[]) =>
  withParams(CONDITION_REQUESTS.subChannels, { sources: joinIds(sources) });
export const classifications = () => CONDITION_REQUESTS.classifications;
export const robots = () => CONDITION_REQUESTS.robots;
export const departments = () => CONDITION_REQUESTS.departments;
export const groups = (departmentIds?: readonly string[]) =>
  withParams(CONDITION_REQUESTS.groups, { depart_ids_param: joinIds(departmentIds) });
export const agents = (query: {
  searchWay: 1 | 2;
  departmentIds?: readonly string[];
  groupIds?: readonly string[];
}) =>
  withParams(CONDITION_REQUESTS.agents, {
    search_way: query.searchWay,
    depart_ids_param: joinIds(query.departmentIds),
    group_ids_param: joinIds(query.groupIds),
  });

// statistics

/** summary_way 0 is the totals part, 1 the daily part (a range of more than one day); 2 and 3 are laid over the totals. */
function breakdown(parts: typeof chats.parts | typeof messages.parts, query: BreakdownQuery): ApiRequest {
  const part = query.summaryWay === 1 ? parts.daily : parts.totals;
  return withParams(fromPart(part, query), { summary_way: query.summaryWay });
}

export const chatStats = (query: BreakdownQuery) => breakdown(chats.parts, query);
export const messageStats = (query: BreakdownQuery) => breakdown(messages.parts, query);

export const customerOverview = (query: StatsQuery) => fromPart(customers.parts.overview, query);
export const robotReception = (query: StatsQuery) => fromPart(customers.parts.botReception, query);
export const staffReception = (query: StatsQuery) => fromPart(customers.parts.agentReception, query);
export const regions = (query: StatsQuery) => fromPart(customers.parts.regions, query);

/** search_way comes from the report's dimension: 1 department, 2 skill group. */
export const agentWorkload = (query: {
  range: DateRange;
  searchWay: 1 | 2;
  staffIds?: readonly string[];
  groupIds?: readonly string[];
}) =>
  fromPart(agentsSection.parts, {
    range: query.range,
    searchWay: query.searchWay,
    filters: filtersOf({ staffIds: query.staffIds, groupIds: query.groupIds }),
  });

export const workStatus = (query: {
  range: DateRange;
  departmentIds?: readonly string[];
  staffIds?: readonly string[];
}) =>
  fromPart(workStatusSection.parts, {
    range: query.range,
    searchWay: 1,
    filters: filtersOf({ departmentIds: query.departmentIds, staffIds: query.staffIds }),
  });

export const sessionSatisfaction = (query: StatsQuery) => fromPart(satisfaction.parts.sessions, query);
export const customerSatisfaction = (query: StatsQuery) => fromPart(satisfaction.parts.customers, query);

/** The section picks summary_way from the range's length and sends an empty classification list; the query's are laid over. */
export const serviceSummary = (query: {
  range: DateRange;
  summaryWay: SummaryWay;
  groupIds?: readonly string[];
  classifications?: readonly { classifyId: string; level: number }[];
}) =>
  withParams(
    fromPart(serviceSummarySection.parts, {
      range: query.range,
      searchWay: 1,
      filters: filtersOf({ groupIds: query.groupIds }),
    }),
    {
      summary_way: query.summaryWay,
      ...(query.classifications?.length
        ? {
            level_classifys: query.classifications.map((c) => ({
              classify_id: c.classifyId,
              level: c.level,
            })),
          }
        : {}),
    },
  );
