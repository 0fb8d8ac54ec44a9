import { SECTIONS } from '../sections/registry.ts';
import type { ReportSection, SliceCut } from '../sections/section.ts';
import { departmentsByStaff } from '../sections/work-status.ts';
import { emptyDataset } from './collect.ts';
import type { Route } from './config.ts';
import { chatRowsSliced, type Dataset, type RawSnapshot, type Scope } from './snapshot.ts';
import { teamOf } from './teams.ts';

/**
 * Cuts a routed supervisor's slice out of the run's one snapshot, with no further API calls. Each
 * section says how its rows are cut (its `slice`); sections without one hold account-level figures:
 * a perTeam section takes the route's team's own figures, collected in the same run (`teams`, see
 * teams.ts), and the others are kept whole, as are the condition lists; the snapshot's `scope` says
 * which account-level figures are the team's own (`ownFigures`), and the rest are account-wide.
 * When the report's dimension does not match what the route binds (e.g. a channel report), breakdown
 * rows cannot be cut and stay account-wide: `chatRowsSliced` tells the renderer which case it is.
 * A route naming both departments and groups gets the union. Department ids match exactly: a parent
 * department does not take in its children.
 */

export type RouteSlice = Pick<Route, 'name' | 'departmentIds' | 'groupIds'>;

function scopeOf(route: RouteSlice): Scope {
  return { name: route.name, departmentIds: route.departmentIds ?? [], groupIds: route.groupIds ?? [] };
}

export function sliceSnapshot(whole: RawSnapshot, route: RouteSlice): RawSnapshot {
  // A slice carries its own team's figures only, never the other teams' (nor their keys).
  const { teams, ...snapshot } = whole;
  const team = teamOf(route, snapshot.dimension);
  const own = team ? teams?.[team.key] : undefined;
  const staffDepartments = departmentsByStaff([
    ...snapshot.current.workStatus,
    ...(snapshot.previous?.workStatus ?? []),
  ]);
  const scope = scopeOf(route);
  const cut: SliceCut = {
    dimension: snapshot.dimension,
    departments: new Set(scope.departmentIds),
    groups: new Set(scope.groupIds),
    cutsBreakdowns: chatRowsSliced({ dimension: snapshot.dimension, scope }),
    departmentsOf: (staffId) => staffDepartments.get(staffId) ?? new Set(),
  };
  const slice = (dataset: Dataset): Dataset => {
    const sliced: Record<string, unknown> = { ...dataset };
    for (const section of SECTIONS) {
      if (section.slice) {
        const id = section.id as keyof Dataset;
        sliced[id] = (section as ReportSection).slice?.(dataset[id], cut);
      }
    }
    return sliced as unknown as Dataset;
  };

  const ownFigures = own ? Object.keys(own.current) : [];
  // Compared like with like: without the team's previous figures, its change is unknown, not vs the account.
  const ownPrevious = own?.previous ?? Object.fromEntries(ownFigures.map((id) => [id, emptyOf(id)]));
  return {
    ...snapshot,
    scope: { ...scope, ...(own ? { ownFigures } : {}) },
    current: { ...slice(snapshot.current), ...own?.current },
    previous: snapshot.previous ? { ...slice(snapshot.previous), ...ownPrevious } : null,
  };
}

function emptyOf(sectionId: string): unknown {
  return emptyDataset()[sectionId as keyof Dataset];
}
