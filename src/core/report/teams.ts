import type { Filters } from '../sobot/api.ts';
import type { Dimension } from './snapshot.ts';

/**
 * A routed supervisor's team, as the customer and satisfaction endpoints can filter by it: the route's
 * ids of the kind the report's rows are cut by (departments in a department report, skill groups in a
 * skill-group report), so the team's customer figures cover the same people as its chat rows. A channel
 * report, or a route naming no ids of that kind, has no team: its slice keeps the account's figures.
 * Routes with the same ids share one team, and so one set of requests.
 */

export interface Team {
  /** Stable for the same ids in any order: it names the team's collection tasks (and checkpoint entries). */
  readonly key: string;
  readonly kind: 'departmentIds' | 'groupIds';
  readonly ids: readonly string[];
}

interface TeamRoute {
  readonly departmentIds?: readonly string[] | undefined;
  readonly groupIds?: readonly string[] | undefined;
}

const KIND: Readonly<Record<Dimension, Team['kind'] | null>> = {
  department: 'departmentIds',
  skillGroup: 'groupIds',
  channel: null,
};

export function teamOf(route: TeamRoute, dimension: Dimension): Team | null {
  const kind = KIND[dimension];
  if (!kind) return null;
  const ids = [...new Set(route[kind] ?? [])].sort();
  if (ids.length === 0) return null;
  return { key: `${kind === 'departmentIds' ? 'department' : 'group'}:${ids.join(',')}`, kind, ids };
}

/** The distinct teams of a report's routes, in route order. */
export function teamsOf(report: {
  readonly dimension: Dimension;
  readonly recipients: { readonly routes: readonly TeamRoute[] };
}): Team[] {
  const teams = new Map<string, Team>();
  for (const route of report.recipients.routes) {
    const team = teamOf(route, report.dimension);
    if (team && !teams.has(team.key)) teams.set(team.key, team);
  }
  return [...teams.values()];
}

/**
 * What a team's requests filter by: the report's own filters, with the team's ids in place of (and
 * within) the report's ids of that kind, as the chat rows are cut from rows the report's filter fetched.
 * `same`: the report's filter already is the team's, so the report's answers are the team's.
 * `none`: none of the team's ids is in the report's filter, so the team has no figures in this report.
 */
export type TeamFilter =
  | { readonly kind: 'own'; readonly filters: Filters }
  | { readonly kind: 'same' }
  | { readonly kind: 'none' };

export function teamFilter(team: Team, reportFilters: Filters | undefined): TeamFilter {
  const within = reportFilters?.[team.kind];
  const ids = within && within.length > 0 ? team.ids.filter((id) => within.includes(id)) : team.ids;
  if (ids.length === 0) return { kind: 'none' };
  if (within && within.length > 0 && ids.length === new Set(within).size) return { kind: 'same' };
  return { kind: 'own', filters: { ...reportFilters, [team.kind]: ids } };
}
