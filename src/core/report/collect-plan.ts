import type {
  BreakdownQuery,
  DateRange,
  Filters,
  SearchWay,
  ServiceSummaryQuery,
  StatsQuery,
} from '../sobot/api.ts';
import { MAX_PAGE_SIZE } from '../sobot/endpoints.ts';
import type { ReportConfig, Section } from './config.ts';
import type { Dimension, PeriodWindow } from './snapshot.ts';

/**
 * What one run fetches, as a list of named tasks. Every dataset is fetched once per run (slices for
 * routed recipients are cut from it afterwards, see slice.ts), so a report costs the same number of
 * calls whatever its number of recipients.
 *
 * Rules, kept deliberately simple:
 * - current window: chat totals always (they decide "empty"); the rest by `sections`, see NEEDS.
 *   Daily breakdowns only for windows longer than one day.
 * - previous window (compareWithPrevious): only the KPI items the Summary compares, and only those the
 *   current window fetches too.
 * - condition lists: all seven, once. They name ids for the whole account, so filters do not apply.
 * - the report's filters go into every statistics request that takes them.
 */

/** Where a task's result lands in a `Dataset`. */
export type DatasetPart =
  | 'chats.totals'
  | 'chats.daily'
  | 'messages.totals'
  | 'messages.daily'
  | 'customers.overview'
  | 'customers.botReception'
  | 'customers.agentReception'
  | 'customers.regions'
  | 'agents'
  | 'workStatus'
  | 'satisfaction.sessions'
  | 'satisfaction.customers'
  | 'serviceSummary';

export type ConditionPart =
  | 'channels'
  | 'subChannels'
  | 'classifications'
  | 'robots'
  | 'departments'
  | 'groups'
  | 'agents';

export type TaskId = `current.${DatasetPart}` | `previous.${DatasetPart}` | `conditions.${ConditionPart}`;

export interface AgentWorkloadQuery {
  readonly range: DateRange;
  readonly searchWay: 1 | 2;
  readonly staffIds?: readonly string[];
  readonly groupIds?: readonly string[];
}

export interface WorkStatusQuery {
  readonly range: DateRange;
  readonly departmentIds?: readonly string[];
  readonly staffIds?: readonly string[];
}

/** One API request of the plan, named by the reference's endpoint; `paged` requests are drained page by page. */
export type PlannedRequest =
  | { readonly endpoint: 'getStat' | 'getMsgStat'; readonly paged: true; readonly query: BreakdownQuery }
  | {
      readonly endpoint:
        | 'getGeneral'
        | 'getRobotReception'
        | 'getStaffReception'
        | 'getGeographicalDistribution'
        | 'getSatisfactionSurvey'
        | 'getCustomerSatisfaction';
      readonly paged: false;
      readonly query: StatsQuery;
    }
  | { readonly endpoint: 'staffWorkStatis'; readonly paged: true; readonly query: AgentWorkloadQuery }
  | { readonly endpoint: 'getWorkLogList'; readonly paged: true; readonly query: WorkStatusQuery }
  | { readonly endpoint: 'summarySearch'; readonly paged: true; readonly query: ServiceSummaryQuery }
  | {
      readonly endpoint: 'getChannelList' | 'getClassificationList' | 'getRobotList' | 'getDepartmentList';
      readonly paged: false;
    }
  | { readonly endpoint: 'getChildChannelList' | 'getGroupList'; readonly paged: true }
  | {
      readonly endpoint: 'getServiceList';
      readonly paged: true;
      readonly query: { readonly searchWay: 1 | 2 };
    };

export interface CollectionTask {
  readonly id: TaskId;
  readonly request: PlannedRequest;
}

export interface CollectionPlan {
  readonly period: PeriodWindow;
  /** Null when nothing is compared (compareWithPrevious off, or no compared part in the sections). */
  readonly previous: PeriodWindow | null;
  readonly tasks: readonly CollectionTask[];
}

export const SEARCH_WAY: Readonly<Record<Dimension, SearchWay>> = {
  department: 1,
  skillGroup: 2,
  channel: 3,
};

/** The KPI items the Summary compares with the previous window. */
export const COMPARED_PARTS: readonly DatasetPart[] = [
  'chats.totals',
  'messages.totals',
  'customers.overview',
  'customers.botReception',
  'customers.agentReception',
  'satisfaction.sessions',
  'satisfaction.customers',
];

const NEEDS: Readonly<Record<Section, readonly DatasetPart[]>> = {
  summary: COMPARED_PARTS,
  chats: ['chats.totals', 'chats.daily'],
  messages: ['messages.totals', 'messages.daily'],
  customers: [
    'customers.overview',
    'customers.botReception',
    'customers.agentReception',
    'customers.regions',
  ],
  agents: ['agents'],
  workStatus: ['workStatus'],
  satisfaction: ['satisfaction.sessions', 'satisfaction.customers'],
  serviceSummary: ['serviceSummary'],
  dimensions: ['chats.totals', 'messages.totals'],
};

const CONDITIONS: readonly CollectionTask[] = [
  { id: 'conditions.channels', request: { endpoint: 'getChannelList', paged: false } },
  { id: 'conditions.subChannels', request: { endpoint: 'getChildChannelList', paged: true } },
  { id: 'conditions.classifications', request: { endpoint: 'getClassificationList', paged: false } },
  { id: 'conditions.robots', request: { endpoint: 'getRobotList', paged: false } },
  { id: 'conditions.departments', request: { endpoint: 'getDepartmentList', paged: false } },
  { id: 'conditions.groups', request: { endpoint: 'getGroupList', paged: true } },
  { id: 'conditions.agents', request: { endpoint: 'getServiceList', paged: true, query: { searchWay: 1 } } },
];

/** The parts of the current window the report's sections need, in a stable order. */
export function currentParts(report: ReportConfig, period: PeriodWindow): DatasetPart[] {
  const wanted = new Set<DatasetPart>(['chats.totals']);
  for (const section of report.sections) for (const part of NEEDS[section]) wanted.add(part);
  // A supervisor routed by department gets only their agents; the work-status rows are what map an
  // agent to a department (staffWorkStatis rows carry only the group), see slice.ts.
  const routesByDepartment = report.recipients.routes.some((route) => (route.departmentIds?.length ?? 0) > 0);
  if (wanted.has('agents') && routesByDepartment) wanted.add('workStatus');
  if (period.days === 1) {
    wanted.delete('chats.daily');
    wanted.delete('messages.daily');
  }
  return ALL_PARTS.filter((part) => wanted.has(part));
}

const ALL_PARTS: readonly DatasetPart[] = [
  'chats.totals',
  'chats.daily',
  'messages.totals',
  'messages.daily',
  'customers.overview',
  'customers.botReception',
  'customers.agentReception',
  'customers.regions',
  'agents',
  'workStatus',
  'satisfaction.sessions',
  'satisfaction.customers',
  'serviceSummary',
];

/** The report's filters without empty lists, as the port takes them; undefined when there are none. */
export function filtersOf(report: ReportConfig): Filters | undefined {
  const filters: Record<string, readonly string[]> = {};
  for (const [key, values] of Object.entries(report.filters)) {
    if (values && values.length > 0) filters[key] = values;
  }
  return Object.keys(filters).length > 0 ? (filters as Filters) : undefined;
}

/** `{ key: value }` when value is set, `{}` otherwise: optional properties under exactOptionalPropertyTypes. */
function when<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function requestFor(part: DatasetPart, report: ReportConfig, window: PeriodWindow): PlannedRequest {
  const range: DateRange = { start: window.start, end: window.end };
  const filters = filtersOf(report);
  const stats: StatsQuery = { range, searchWay: SEARCH_WAY[report.dimension], ...when('filters', filters) };
  switch (part) {
    case 'chats.totals':
      return { endpoint: 'getStat', paged: true, query: { ...stats, summaryWay: 0 } };
    case 'chats.daily':
      return { endpoint: 'getStat', paged: true, query: { ...stats, summaryWay: 1 } };
    case 'messages.totals':
      return { endpoint: 'getMsgStat', paged: true, query: { ...stats, summaryWay: 0 } };
    case 'messages.daily':
      return { endpoint: 'getMsgStat', paged: true, query: { ...stats, summaryWay: 1 } };
    case 'customers.overview':
      return { endpoint: 'getGeneral', paged: false, query: stats };
    case 'customers.botReception':
      return { endpoint: 'getRobotReception', paged: false, query: stats };
    case 'customers.agentReception':
      return { endpoint: 'getStaffReception', paged: false, query: stats };
    case 'customers.regions':
      return { endpoint: 'getGeographicalDistribution', paged: false, query: stats };
    case 'satisfaction.sessions':
      return { endpoint: 'getSatisfactionSurvey', paged: false, query: stats };
    case 'satisfaction.customers':
      return { endpoint: 'getCustomerSatisfaction', paged: false, query: stats };
    case 'agents':
      return {
        endpoint: 'staffWorkStatis',
        paged: true,
        query: {
          range,
          // staffWorkStatis knows only 1 department and 2 group (reference, "Agent Workload Statistics").
          searchWay: report.dimension === 'department' ? 1 : 2,
          ...when('staffIds', filters?.staffIds),
          ...when('groupIds', filters?.groupIds),
        },
      };
    case 'workStatus':
      return {
        endpoint: 'getWorkLogList',
        paged: true,
        query: {
          range,
          ...when('departmentIds', filters?.departmentIds),
          ...when('staffIds', filters?.staffIds),
        },
      };
    case 'serviceSummary':
      return {
        endpoint: 'summarySearch',
        paged: true,
        query: { range, summaryWay: window.days > 1 ? 1 : 0, ...when('groupIds', filters?.groupIds) },
      };
  }
}

export function planCollection(
  report: ReportConfig,
  period: PeriodWindow,
  previous: PeriodWindow | null,
): CollectionPlan {
  const parts = currentParts(report, period);
  const current = parts.map((part) => ({
    id: `current.${part}` as const,
    request: requestFor(part, report, period),
  }));
  const compared =
    previous && report.compareWithPrevious
      ? COMPARED_PARTS.filter((part) => parts.includes(part)).map((part) => ({
          id: `previous.${part}` as const,
          request: requestFor(part, report, previous),
        }))
      : [];
  return {
    period,
    previous: compared.length > 0 ? previous : null,
    tasks: [...current, ...compared, ...CONDITIONS],
  };
}

/**
 * The fewest calls that can fetch the plan's data: one per started page of MAX_PAGE_SIZE rows for
 * each paged request (at least one), one for every other request. `rows` is what each task returned.
 */
export function minimumCalls(
  plan: CollectionPlan,
  rows: Readonly<Record<string, unknown>>,
  pageSize = MAX_PAGE_SIZE,
): number {
  let calls = 0;
  for (const task of plan.tasks) {
    const result = rows[task.id];
    const count = Array.isArray(result) ? result.length : 0;
    calls += task.request.paged ? Math.max(1, Math.ceil(count / pageSize)) : 1;
  }
  return calls;
}
