import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../support/fake-clock.ts';
import { type Answer, allRows, type Harness, startHarness, total } from './harness.ts';

const range = { start_date: '2025-11-03 00:00:00', end_date: '2025-11-09 23:59:59' };
const minutes = { start_date: '2025-11-03 00:00', end_date: '2025-11-09 23:59' };
const days = { start_date: '2025-11-03', end_date: '2025-11-09' };

function flatten(departments: readonly Answer[]): Answer[] {
  return departments.flatMap((d) => [d, ...flatten(d.child_list ?? [])]);
}

describe('Simulator: one consistent account', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ clock: createFakeClock() });
  });
  afterAll(() => harness.close());

  it('names departments, groups, channels and agents in statistics rows as the condition lists do', async () => {
    // Prepare
    const departments = flatten((await harness.call('getDepartmentList')).items);
    const groups = await allRows(harness, 'getGroupList', {});
    const channels = await allRows(harness, 'getChildChannelList', {});
    const agents = await allRows(harness, 'getServiceList', {});

    // Act
    const byDepartment = await allRows(harness, 'getStat', { ...range, search_way: 1 });
    const byGroup = await allRows(harness, 'getMsgStat', { ...range, search_way: 2 });
    const byChannel = await allRows(harness, 'getStat', { ...range, search_way: 3 });
    const workload = await allRows(harness, 'staffWorkStatis', days);

    // Assess
    const names = (rows: Answer[], id: string, name: string) => new Map(rows.map((r) => [r[id], r[name]]));
    expect(departments.map((d) => d.depart_id)).toEqual(['dept-001', 'dept-002', 'dept-003', 'dept-004']);
    expect(departments.map((d) => d.depart_name)).toContain('Customer Care');
    expect(names(byDepartment, 'depart_id', 'depart_name')).toEqual(
      names(departments, 'depart_id', 'depart_name'),
    );
    expect(names(byGroup, 'group_id', 'group_name')).toEqual(names(groups, 'group_id', 'group_name'));
    expect(names(byChannel, 'channel_flag', 'channel_flag_name')).toEqual(
      names(channels, 'channel_flag', 'sub_channel_name'),
    );
    const nicks = names(agents, 'service_id', 'service_nick');
    for (const row of workload) expect(row.service_nick).toBe(nicks.get(row.staff_id));
    expect(agents[0]?.service_id).toBe('agent-0001');
    expect(groups[0]?.group_id).toBe('group-001');
  });

  it('splits valid chats into not received, valid receptions and receptions without a reply', async () => {
    // Act
    const rows = [
      ...(await allRows(harness, 'getStat', { ...range, search_way: 1 })),
      ...(await allRows(harness, 'staffWorkStatis', days)),
    ];

    // Assess
    for (const row of rows) {
      const valid = Number(row.human_valid);
      expect(
        Number(row.human_not_recep) + Number(row.human_valid_recep) + Number(row.human_invalid_recep),
      ).toBe(valid);
      expect(Number(row.human_valid_recep)).toBeLessThanOrEqual(valid);
    }
  });

  it('partitions the same chats by department, skill group and channel', async () => {
    // Act
    const totals = await Promise.all(
      [1, 2, 3].map(async (way) =>
        total(await allRows(harness, 'getStat', { ...range, search_way: way }), 'human_consult'),
      ),
    );
    const workload = total(await allRows(harness, 'staffWorkStatis', days), 'human_consult');
    const agentReception = (await harness.call('getStaffReception', minutes)).item;

    // Assess
    expect(new Set([...totals, workload, Number(agentReception.staff_reception_num)]).size).toBe(1);
  });

  it('narrows every figure by the filters', async () => {
    // Prepare
    const byDepartment = await allRows(harness, 'getStat', { ...range, search_way: 1 });
    const dept = byDepartment[1];

    // Act
    const filtered = await allRows(harness, 'getStat', {
      ...range,
      search_way: 2,
      depart_ids_param: dept?.depart_id,
    });
    const general = (await harness.call('getGeneral', { ...minutes, depart_ids_param: dept?.depart_id }))
      .item;
    const oneAgent = await allRows(harness, 'staffWorkStatis', { ...days, staff_id_list: ['agent-0002'] });
    const oneChannel = await allRows(harness, 'getStat', { ...range, search_way: 3, channel_flag: '4_1' });

    // Assess
    expect(total(filtered, 'human_consult')).toBe(dept?.human_consult);
    expect(Number(general.valid_visitor_total)).toBe(dept?.human_valid);
    expect(oneAgent.map((r) => r.staff_id)).toEqual(['agent-0002']);
    expect(oneChannel.map((r) => `${r.source}_${r.channel_flag}`)).toEqual(['4_1']);
  });

  it('keeps customer, region and satisfaction figures consistent with each other', async () => {
    // Act
    const general = (await harness.call('getGeneral', minutes)).item;
    const regions = (await harness.call('getGeographicalDistribution', minutes)).items as Answer[];
    const survey = (await harness.call('getSatisfactionSurvey', days)).item;
    const customers = (await harness.call('getCustomerSatisfaction', days)).item;

    // Assess
    expect(total(regions, 'visitor_total')).toBe(Number(general.valid_visitor_total));
    expect(Number(general.new_visitor_num) + Number(general.old_visitor_num)).toBe(
      Number(general.valid_visitor_total),
    );
    expect(survey.total_times).toBe(survey.initiative + survey.invites);
    expect(survey.score5 + survey.score4 + survey.score3 + survey.score2 + survey.score1).toBe(
      survey.score_total_times,
    );
    expect(customers.evaluate).toBe(String(survey.total_times));
    expect(customers.score5_average).toBe(survey.avg_comment_score);
    expect(survey.human_valid_ratio).toMatch(/^-?\d+\.\d{2}%$/);
  });

  it('answers work status with company|department ids and millisecond strings', async () => {
    // Act
    const [row] = (await harness.call('getWorkLogList', { ...days, size: 1 })).items as Answer[];

    // Assess
    expect(row?.department_id).toMatch(/^[0-9a-f]{32}\|dept-\d{3}$/);
    expect(row?.online_duration).toMatch(/^\d+$/);
    expect(Number(row?.last_leave_time)).toBeGreaterThan(Number(row?.first_login_time));
    expect(row).toMatchObject({
      result_date: '2025-11-03',
      start_date: '2025-11-03',
      end_date: '2025-11-09',
    });
  });
});

describe('Simulator: determinism', () => {
  async function snapshot(seed: number) {
    const harness = await startHarness({ seed, clock: createFakeClock() });
    try {
      return {
        agents: await allRows(harness, 'getServiceList', {}),
        stats: await allRows(harness, 'getStat', { ...range, search_way: 2, summary_way: 1 }),
        survey: (await harness.call('getSatisfactionSurvey', days)).item,
      };
    } finally {
      await harness.close();
    }
  }

  it('gives the same answers for the same seed and different ones for another', async () => {
    // Act
    const first = await snapshot(7);
    const again = await snapshot(7);
    const other = await snapshot(8);

    // Assess
    expect(again).toEqual(first);
    expect(other.stats).not.toEqual(first.stats);
    expect(other.agents).not.toEqual(first.agents);
  });
});
