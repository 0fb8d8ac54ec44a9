import type { AgentWorkRow, WorkLogRow } from '../sobot/schemas.ts';
import type { Route } from './config.ts';
import type { Dataset, RawSnapshot, Scope } from './snapshot.ts';

/**
 * Cuts a routed supervisor's slice out of the run's one snapshot, with no further API calls.
 *
 * - Chat and message rows (totals and daily) are kept when their `depart_id` is one of the route's
 *   departments (department dimension) or their `group_id` one of its groups (skill-group dimension).
 *   When the dimension does not match what the route binds (e.g. a channel report), the rows cannot
 *   be cut and stay account-wide: `chatRowsSliced` tells the renderer which case it is.
 * - Agent rows (staffWorkStatis) are kept when the agent is in one of the route's groups, or belongs to
 *   one of its departments. staffWorkStatis rows carry no department, so the department comes from the
 *   work-status rows of the same run, whose `department_id` reads `companyId|deptId`.
 * - Work-status rows are kept by department, or by any of their (comma-separated) groups.
 * - Account-level items (customer overview, bot/agent reception, regions, satisfaction, service
 *   summary) and the condition lists are kept whole; the snapshot's `scope` marks them account-wide.
 * A route naming both departments and groups gets the union. Department ids match exactly: a parent
 * department does not take in its children.
 */

export type RouteSlice = Pick<Route, 'name' | 'departmentIds' | 'groupIds'>;

export function scopeOf(route: RouteSlice): Scope {
  return { name: route.name, departmentIds: route.departmentIds ?? [], groupIds: route.groupIds ?? [] };
}

/** Whether the chat and message rows of a sliced snapshot were cut to its scope (else they are account-wide). */
export function chatRowsSliced(snapshot: Pick<RawSnapshot, 'dimension' | 'scope'>): boolean {
  const { dimension, scope } = snapshot;
  if (!scope) return false;
  if (dimension === 'department') return scope.departmentIds.length > 0;
  if (dimension === 'skillGroup') return scope.groupIds.length > 0;
  return false;
}

export function sliceSnapshot(snapshot: RawSnapshot, route: RouteSlice): RawSnapshot {
  const scope = scopeOf(route);
  const departments = new Set(scope.departmentIds);
  const groups = new Set(scope.groupIds);
  const staffDepartments = departmentsByStaff([
    ...snapshot.current.workStatus,
    ...(snapshot.previous?.workStatus ?? []),
  ]);

  const inDimension = (row: {
    depart_id?: string | null | undefined;
    group_id?: string | null | undefined;
  }): boolean =>
    snapshot.dimension === 'department'
      ? departments.has(row.depart_id ?? '')
      : groups.has(row.group_id ?? '');
  const cutsChats = chatRowsSliced({ dimension: snapshot.dimension, scope });

  const isOurAgent = (row: AgentWorkRow): boolean =>
    groupsOf(row.group_id).some((id) => groups.has(id)) ||
    [...(staffDepartments.get(row.staff_id ?? '') ?? [])].some((id) => departments.has(id));
  const isOurWorkLog = (row: WorkLogRow): boolean =>
    departments.has(departmentOf(row.department_id)) || groupsOf(row.group_id).some((id) => groups.has(id));

  const slice = (dataset: Dataset): Dataset => ({
    ...dataset,
    chats: cutsChats
      ? { totals: dataset.chats.totals.filter(inDimension), daily: dataset.chats.daily.filter(inDimension) }
      : dataset.chats,
    messages: cutsChats
      ? {
          totals: dataset.messages.totals.filter(inDimension),
          daily: dataset.messages.daily.filter(inDimension),
        }
      : dataset.messages,
    agents: dataset.agents.filter(isOurAgent),
    workStatus: dataset.workStatus.filter(isOurWorkLog),
  });

  return {
    ...snapshot,
    scope,
    current: slice(snapshot.current),
    previous: snapshot.previous ? slice(snapshot.previous) : null,
  };
}

/** `companyId|deptId` (work status) or a bare id → the department id. */
function departmentOf(id: string | null | undefined): string {
  return (id ?? '').split('|').at(-1) ?? '';
}

/** Work-status and workload rows list an agent's groups comma-separated. */
function groupsOf(ids: string | null | undefined): string[] {
  return (ids ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

function departmentsByStaff(rows: readonly WorkLogRow[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.staff_id || !row.department_id) continue;
    const departments = map.get(row.staff_id) ?? new Set<string>();
    departments.add(departmentOf(row.department_id));
    map.set(row.staff_id, departments);
  }
  return map;
}
