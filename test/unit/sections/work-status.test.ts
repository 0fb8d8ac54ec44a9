import { describe, expect, it } from 'vitest';
import { agentName, WORK_STATUS_COLUMNS, workLogRow } from '../../../src/core/sections/work-status.ts';
import * as stats from '../../support/stats-requests.ts';
import {
  columnIndex,
  renderToWorkbook,
  sheet,
  WORK_LOG,
  workbookSnapshot,
} from '../render/workbook-fixture.ts';

const RANGE = { start: '2025-11-03 00:00:00', end: '2025-11-09 23:59:59' };

function labelOf(field: string) {
  const column = WORK_STATUS_COLUMNS.find((c) => c.field === field);
  if (!column) throw new Error(`no column for ${field}`);
  return column.header;
}

describe('Section: work status', () => {
  it('sends the table’s department and agent filters as comma strings, not the example’s lists', () => {
    // Act
    const request = stats.workStatus({ range: RANGE, departmentIds: ['d1', 'd2'], staffIds: ['s1', 's2'] });

    // Assess
    expect(request.params).toMatchObject({ depart_ids_param: 'd1,d2', staff_ids_param: 's1,s2' });
    expect(request.params).not.toHaveProperty('staff_id_list');
    expect(request.params).not.toHaveProperty('group_id_list');
  });

  it('labels first_login_time as the first login and start_login_time as the last one', () => {
    // Assess
    expect(labelOf('first_login_time')).toEqual({ en: 'First login time', zh: '首次登录时间' });
    expect(labelOf('start_login_time')).toEqual({ en: 'Last login time', zh: '最后登录时间' });
  });

  it('shows an agent named "[]" with an empty name cell', async () => {
    // Prepare
    const base = workbookSnapshot();
    const unnamed = workLogRow.parse({ ...WORK_LOG, staff_id: 'staff-002', staff_name: '[]' });
    const snapshot = { ...base, current: { ...base.current, workStatus: [WORK_LOG, unnamed] } };

    // Act
    const { workbook } = await renderToWorkbook(snapshot, { sections: ['workStatus'] });

    // Assess
    const work = sheet(workbook, 'Work status');
    const name = columnIndex(work, 'Agent Name');
    expect(work.getRow(2).getCell(name).value).toBe('Zhao Chen');
    expect(work.getRow(3).getCell(name).value).toBeNull();
  });
});

describe('Function: agentName', () => {
  it('reads a serialized empty list as no name and a serialized list as its names', () => {
    // Act
    const names = ['[]', ' [ ] ', '["Zhao Chen"]', '["A", "B"]', '[VIP] Li', '[Li]', '', null].map(agentName);

    // Assess
    expect(names).toEqual([null, null, 'Zhao Chen', 'A, B', '[VIP] Li', '[Li]', null, null]);
  });
});
