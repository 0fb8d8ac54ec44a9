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
  column('start_login_time', 'First login time', '首次登录时间', 'timestampMs'),
  column('first_login_time', 'First online time', '首次在线时间', 'timestampMs'),
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
      rows: snapshot.current.workStatus,
      frozenColumns: 1,
    }),
  ],
});
