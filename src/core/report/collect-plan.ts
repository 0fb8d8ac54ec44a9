import { CONDITION_REQUESTS } from '../sections/dimensions.ts';
import { SECTIONS, sectionById } from '../sections/registry.ts';
import { type PartEntry, type PlanContext, partsOf, requestOf } from '../sections/section.ts';
import type { ApiRequest, Filters, SearchWay } from '../sobot/api.ts';
import { ENDPOINTS, MAX_PAGE_SIZE } from '../sobot/endpoints.ts';
import type { ReportConfig } from './config.ts';
import type { Dimension, PeriodWindow } from './snapshot.ts';
import { type TeamFilter, teamFilter, teamsOf } from './teams.ts';

/**
 * What one run fetches, as a list of named tasks. Every dataset is fetched once per run (slices for
 * routed recipients are cut from it afterwards, see slice.ts), except the account-level sections that
 * can be filtered by team (`perTeam`: customers, satisfaction): those are fetched once more for each
 * distinct team of the routes (report/teams.ts), so a routed supervisor sees their team's own figures.
 *
 * Rules, kept deliberately simple:
 * - current window: chat totals always (they decide "empty"); the rest by the report's sections: each
 *   section's own parts, the parts it reads of others, and what it asks to fetch besides. A part whose
 *   request is null for the window is skipped (daily rows of a one-day report).
 * - previous window (compareWithPrevious): only the parts marked compared, and only those the current
 *   window fetches too.
 * - condition lists: all seven, once. They name ids for the whole account, so filters do not apply.
 * - the report's filters go into every statistics request that takes them.
 * - per team: the perTeam sections' parts that the report fetches, for the same windows, filtered by
 *   the team (one extra call each per team and window). None when the team's filter is the report's
 *   (its answers are the report's) or leaves nothing in the report's filter.
 */

/**
 * A part's id: `chats.totals`, `agents`; a task's is `current.<part>`, `previous.<part>`,
 * `conditions.<list>`, or `team.<team key>.current.<part>` / `….previous.<part>` for a team's own.
 */
export type TaskId =
  | `current.${string}`
  | `previous.${string}`
  | `conditions.${string}`
  | `team.${string}.${'current' | 'previous'}.${string}`;

export interface CollectionTask {
  readonly id: TaskId;
  readonly request: ApiRequest;
}

export interface CollectionPlan {
  readonly period: PeriodWindow;
  /** Null when nothing is compared (compareWithPrevious off, or no compared part in the sections). */
  readonly previous: PeriodWindow | null;
  readonly tasks: readonly CollectionTask[];
  /** The routes' distinct teams, and where each one's perTeam figures come from. */
  readonly teams: readonly PlannedTeam[];
}

export interface PlannedTeam {
  readonly key: string;
  /** `own`: its tasks are in `tasks`; `same`: the report's answers; `none`: empty answers. */
  readonly source: TeamFilter['kind'];
}

export function teamTaskId(teamKey: string, window: 'current' | 'previous', partId: string): TaskId {
  return `team.${teamKey}.${window}.${partId}`;
}

const SEARCH_WAY: Readonly<Record<Dimension, SearchWay>> = {
  department: 1,
  skillGroup: 2,
  channel: 3,
};

/** Every part of every section, in registry order: the order tasks are planned in. */
const ALL_PARTS: readonly PartEntry[] = SECTIONS.flatMap((section) => partsOf(section));
const ALWAYS = 'chats.totals';

const CONDITIONS: readonly CollectionTask[] = Object.entries(CONDITION_REQUESTS).map(([name, request]) => ({
  id: `conditions.${name}` as const,
  request,
}));

/** The parts of the report's sections, read or fetched, by part id. */
function wantedParts(report: ReportConfig): Set<string> {
  const wanted = new Set<string>([ALWAYS]);
  const sections = new Set<string>(report.sections);
  for (const id of report.sections) {
    for (const extra of sectionById(id).alsoFetch?.(report) ?? []) sections.add(extra);
  }
  for (const id of sections) {
    const section = sectionById(id);
    for (const entry of partsOf(section)) wanted.add(entry.id);
    for (const read of section.reads ?? []) wanted.add(read);
  }
  return wanted;
}

/** The report's filters without empty lists, as requests take them; undefined when there are none. */
function filtersOf(report: ReportConfig): Filters | undefined {
  const filters: Record<string, readonly string[]> = {};
  for (const [key, values] of Object.entries(report.filters)) {
    if (values && values.length > 0) filters[key] = values;
  }
  return Object.keys(filters).length > 0 ? (filters as Filters) : undefined;
}

export function contextFor(
  report: ReportConfig,
  window: PeriodWindow,
  filters: Filters | undefined = filtersOf(report),
): PlanContext {
  return {
    report,
    window,
    range: { start: window.start, end: window.end },
    searchWay: SEARCH_WAY[report.dimension],
    filters,
  };
}

function tasksFor(
  prefix: 'current' | 'previous',
  entries: readonly PartEntry[],
  context: PlanContext,
): CollectionTask[] {
  return entries.flatMap((entry) => {
    const request = requestOf(entry.part, context);
    return request ? [{ id: `${prefix}.${entry.id}` as const, request }] : [];
  });
}

export function planCollection(
  report: ReportConfig,
  period: PeriodWindow,
  previous: PeriodWindow | null,
): CollectionPlan {
  const wanted = wantedParts(report);
  const current = tasksFor(
    'current',
    ALL_PARTS.filter((entry) => wanted.has(entry.id)),
    contextFor(report, period),
  );
  const fetched = new Set(current.map((task) => task.id.slice('current.'.length)));
  const compared =
    previous && report.compareWithPrevious
      ? tasksFor(
          'previous',
          ALL_PARTS.filter((entry) => entry.part.compared && fetched.has(entry.id)),
          contextFor(report, previous),
        )
      : [];
  const windows = { current: period, previous: compared.length > 0 ? previous : null };
  const teams = teamsOf(report).map((team) => ({
    key: team.key,
    filter: teamFilter(team, filtersOf(report)),
  }));
  const teamTasks = teams.flatMap(({ key, filter }) =>
    filter.kind === 'own'
      ? ([current, compared] as const).flatMap((tasks) =>
          tasks.flatMap((task) => {
            const [window, partId] = splitTaskId(task.id);
            const entry = PER_TEAM_PARTS.get(partId);
            const range = windows[window];
            if (!entry || !range) return [];
            const request = requestOf(entry.part, contextFor(report, range, filter.filters));
            return request ? [{ id: teamTaskId(key, window, partId), request }] : [];
          }),
        )
      : [],
  );
  return {
    period,
    previous: windows.previous,
    tasks: [...current, ...compared, ...CONDITIONS, ...teamTasks],
    teams: teams.map(({ key, filter }) => ({ key, source: filter.kind })),
  };
}

/** The perTeam sections' parts, by part id. */
const PER_TEAM_PARTS: ReadonlyMap<string, PartEntry> = new Map(
  SECTIONS.filter((section) => section.perTeam).flatMap((section) =>
    partsOf(section).map((entry) => [entry.id, entry] as const),
  ),
);

function splitTaskId(id: TaskId): ['current' | 'previous', string] {
  const window = id.startsWith('previous.') ? 'previous' : 'current';
  return [window, id.slice(window.length + 1)];
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
    calls +=
      ENDPOINTS[task.request.endpoint].paging === 'none' ? 1 : Math.max(1, Math.ceil(count / pageSize));
  }
  return calls;
}
