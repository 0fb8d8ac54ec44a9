import { describe, expect, it } from 'vitest';
import { judgeAnswer } from '../../../src/adapters/sobot/contract/validate.ts';

/**
 * `judgeAnswer` compares one raw answer with what reference.json (the document's tables and return
 * examples) says the endpoint sends: the envelope's shape, fields no row carried, fields the reference
 * does not name, values the sections' schemas cannot read, and the date fields the rows carry.
 */

const ok = { ret_code: '000000', ret_msg: 'Succeed' };
const paging = { page_no: 1, page_count: 3, page_size: 1, total_count: 3 };

/** A getWorkLogList row with every field of the document's items table. */
const workLogRow = {
  staff_id: 's1',
  staff_name: 'Zhao Chen',
  department_id: 'c1|d1',
  department_name: 'Headquarters',
  start_login_time: '1747893918830',
  first_login_time: '1743478293005',
  online_duration: '11529665',
  busy_counts: '1',
  busy_all_duration: '2059',
  rest_duration: '0',
  eat_duration: '0',
  active_duration: '0',
  train_duration: '0',
  meet_duration: '0',
  last_leave_time: '1747898942095',
  result_date: '2025-04-01',
};

describe('Contract: judging an answer against the reference', () => {
  it('finds nothing to report in an answer carrying exactly the documented fields', () => {
    // Act
    const verdict = judgeAnswer('getWorkLogList', { ...ok, ...paging, items: [workLogRow] });

    // Assess
    expect(verdict).toEqual({
      retCode: '000000',
      retMsg: 'Succeed',
      shapeProblems: [],
      rows: 1,
      missing: [],
      extra: [],
      undecoded: [],
      dateFields: ['result_date'],
    });
  });

  it('names a dropped field, a field the reference never mentions and a value the report cannot read', () => {
    // Prepare
    const { busy_counts: _dropped, ...row } = workLogRow;
    const drifted = { ...row, online_duration: 'n/a', mood: 'sunny' };

    // Act
    const verdict = judgeAnswer('getWorkLogList', { ...ok, ...paging, items: [drifted] });

    // Assess
    expect(verdict.missing).toEqual(['busy_counts']);
    expect(verdict.extra).toEqual(['mood']);
    expect(verdict.undecoded).toEqual([{ path: 'items[0].online_duration', value: '"n/a"' }]);
  });

  it('takes fields a return example prints as part of the reference, though its table leaves them out', () => {
    // Act: getWorkLogList's example has group_id and free_duration; its items table does not.
    const verdict = judgeAnswer('getWorkLogList', {
      ...ok,
      ...paging,
      items: [{ ...workLogRow, group_id: 'g1', free_duration: '5' }],
    });

    // Assess
    expect(verdict.extra).toEqual([]);
  });

  it('reports the date field a renamed day arrives under', () => {
    // Prepare: getStat's daily rows carry real_date; here it comes as result_date.
    const row = { human_consult: 3, result_date: '2025-11-11' };

    // Act
    const verdict = judgeAnswer('getStat', { ...ok, ...paging, items: [row] });

    // Assess
    expect(verdict.dateFields).toEqual(['result_date']);
  });

  it('looks into the rows a row nests (summary/search details) with their own table', () => {
    // Prepare
    const detail = {
      show_date: '2025-11-11',
      real_date: '2025-11-11',
      total_conversation_num: 'many',
      tip: 1,
    };
    const row = { level: '1', classify_id: 'c1', classify_show_name: 'Orders', details: [detail] };

    // Act
    const verdict = judgeAnswer('summarySearch', { ...ok, ...paging, items: [row] });

    // Assess
    expect(verdict.extra).toEqual(['details.tip']);
    expect(verdict.missing).toContain('details.score_num10');
    expect(verdict.undecoded).toEqual([{ path: 'items[0].details.total_conversation_num', value: '"many"' }]);
    expect(verdict.dateFields).toEqual(['details.real_date']);
  });

  it('finds the shape wrong when items is not a list or a required paging field is missing', () => {
    // Prepare
    const { page_count: _dropped, ...withoutPageCount } = paging;

    // Act
    const notAList = judgeAnswer('getStat', { ...ok, ...paging, items: { human_consult: 1 } });
    const noPageCount = judgeAnswer('getStat', { ...ok, ...withoutPageCount, items: [] });

    // Assess
    expect(notAList.shapeProblems).toEqual(['items: expected a list']);
    expect(noPageCount.shapeProblems).toEqual(['page_count: missing']);
  });

  it('accepts getServiceList without page_count, as its own return example prints it', () => {
    // Act
    const verdict = judgeAnswer('getServiceList', {
      ...ok,
      page_no: 1,
      total_count: 1,
      page_size: 1,
      items: [{ service_id: 'a1', service_name: 'Zhangsan', service_nick: 'zs' }],
    });

    // Assess
    expect(verdict.shapeProblems).toEqual([]);
  });

  it('finds an item endpoint wrong when item is a list', () => {
    // Act
    const verdict = judgeAnswer('getGeneral', { ...ok, item: [] });

    // Assess
    expect(verdict.shapeProblems).toEqual(['item: expected an object']);
  });

  it('judges no fields of a refusal, only its ret_code and message', () => {
    // Act
    const verdict = judgeAnswer('getStat', { ret_code: 222000, ret_msg: 'API input error' });

    // Assess
    expect(verdict).toMatchObject({ retCode: '222000', retMsg: 'API input error', shapeProblems: [] });
    expect(verdict.missing).toBeNull();
  });

  it('cannot tell missing fields or a date field without rows', () => {
    // Act
    const verdict = judgeAnswer('getWorkLogList', { ...ok, ...paging, total_count: 0, items: [] });

    // Assess
    expect(verdict).toMatchObject({ rows: 0, missing: null, dateFields: null, shapeProblems: [] });
  });

  it('finds a body that is not a JSON object wrong', () => {
    // Act
    const verdict = judgeAnswer('getStat', '<html>502</html>');

    // Assess
    expect(verdict.shapeProblems).toEqual(['(body): expected a JSON object']);
  });
});
