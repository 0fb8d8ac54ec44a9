import * as z from 'zod';
import { columnsOf } from '../render/columns.ts';
import { tableSheet } from '../render/sheet.ts';
import { compact, joinIds, rangeParams } from '../sobot/request-params.ts';
import { duration, epochMs, fields, num, text } from '../sobot/schemas.ts';
import { type DataOf, defineSection, listPart, type SliceCut } from './section.ts';

/** Work status (getWorkLogList): each agent's day of logins, online, busy and break time. */

export const workLogRow = z.looseObject({
  ...fields(text, [
    'staff_id',
    'staff_name',
    'department_id',
    'department_name',
    'group_id',
    'group_name',
    'result_date',
  ] as const),
  ...fields(epochMs, ['start_login_time', 'first_login_time', 'last_leave_time'] as const),
  busy_counts: num,
  ...fields(duration, [
    'online_duration',
    'free_duration',
    'busy_duration',
    'busy_all_duration',
    'rest_duration',
    'eat_duration',
    'active_duration',
    'train_duration',
    'meet_duration',
  ] as const),
});
type WorkLogRow = z.infer<typeof workLogRow>;

/**
 * The reference's table and its example disagree (reference, "Work Status(Paging)"). The table:
 *   depart_ids_param String No Department IDs In case of two or more, separate by ",", such as "1,2"
 *   staff_ids_param String No Agent IDs In case of two or more, separate by ",", such as "1,2"
 * The request example:
 *   "staff_id_list": ["staff_id1","staff_id2"],
 *   "group_id_list": ["group_id1","group_id2"],
 * The table's names and comma strings are sent, as for every other endpoint but staffWorkStatis, whose
 * own table lists staff_id_list/group_id_list; the example looks copied from there. The table has no group
 * filter, so a report's skill groups are not sent here (the slice still cuts rows by group). Which spelling
 * an account honours is for the check command to find out.
 */
const parts = listPart('getWorkLogList', workLogRow, ({ range, filters }) =>
  compact({
    ...rangeParams('getWorkLogList', range),
    depart_ids_param: joinIds(filters?.departmentIds),
    staff_ids_param: joinIds(filters?.staffIds),
  }),
);
export type WorkStatusData = DataOf<typeof parts>;

/** `companyId|deptId` (work status) or a bare id → the department id. */
function departmentOf(id: string | null | undefined): string {
  return (id ?? '').split('|').at(-1) ?? '';
}

/** Work-status and workload rows list an agent's groups comma-separated. */
export function groupsOf(ids: string | null | undefined): string[] {
  return (ids ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/**
 * An agent's name as shown. getWorkLogList's return example names an agent "[]" (reference, "Work
 * Status(Paging)": "staff_name": "[]"), a serialized empty list where the agent has no name: that shows
 * as no name, and a serialized list of names as the names.
 */
export function agentName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  if (!trimmed) return null;
  if (!(trimmed.startsWith('[') && trimmed.endsWith(']'))) return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  if (!Array.isArray(parsed)) return trimmed;
  const names = parsed.filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  return names.length > 0 ? names.map((n) => n.trim()).join(', ') : null;
}

/** The departments each agent belongs to, by staff id. */
export function departmentsByStaff(rows: readonly WorkLogRow[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.staff_id || !row.department_id) continue;
    const departments = map.get(row.staff_id) ?? new Set<string>();
    departments.add(departmentOf(row.department_id));
    map.set(row.staff_id, departments);
  }
  return map;
}

/** Rows are kept by department, or by any of their (comma-separated) groups. */
function sliceWorkStatus(rows: WorkLogRow[], cut: SliceCut): WorkLogRow[] {
  return rows.filter(
    (row) =>
      cut.departments.has(departmentOf(row.department_id)) ||
      groupsOf(row.group_id).some((id) => cut.groups.has(id)),
  );
}

const column = columnsOf<WorkLogRow>();

export const WORK_STATUS_COLUMNS = [
  column('staff_name', 'Agent Name', '客服姓名', 'text', 20),
  column('department_name', 'Department', '部门', 'text', 24),
  column('group_name', 'Skill Group', '技能组', 'text', 28),
  column('result_date', 'Date', '日期', 'date'),
  // The reference's table calls start_login_time "First login time" and first_login_time "First online
  // time", but its return example has first_login_time on result_date (1743478293005 is 2025-04-01, the
  // range's first day) and start_login_time weeks later, on the day of last_leave_time, which follows it
  // by 84 minutes (1747893918830 and 1747898942095, 2025-05-22): first_login_time is the range's first
  // login and start_login_time the login of the last session.
  column('first_login_time', 'First login time', '首次登录时间', 'timestampMs'),
  column('start_login_time', 'Last login time', '最后登录时间', 'timestampMs'),
  column('last_leave_time', 'Last offline time', '最后离线时间', 'timestampMs'),
  column('online_duration', 'Online duration', '在线时长', 'durationMs'),
  column('free_duration', 'Idle duration', '空闲时长', 'durationMs'),
  column('busy_counts', 'Number of busy times', '忙碌次数', 'count'),
  column('busy_all_duration', 'Busy duration', '忙碌时长', 'durationMs'),
  column('rest_duration', 'Break duration', '小休时长', 'durationMs'),
  column('eat_duration', 'Meal duration', '用餐时长', 'durationMs'),
  column('active_duration', 'Activity duration', '活动时长', 'durationMs'),
  column('train_duration', 'Training duration', '培训时长', 'durationMs'),
  column('meet_duration', 'Meeting duration', '会议时长', 'durationMs'),
];

export const workStatus = defineSection({
  id: 'workStatus',
  parts,
  slice: sliceWorkStatus,
  sheets: ({ snapshot }) => [
    tableSheet({
      name: { en: 'Work status', zh: '客服工作状态' },
      columns: WORK_STATUS_COLUMNS,
      rows: snapshot.current.workStatus.map((row) => ({ ...row, staff_name: agentName(row.staff_name) })),
      frozenColumns: 1,
    }),
  ],
});
