import { describe, expect, it } from 'vitest';
import { snapshotKpis } from '../../../src/core/render/kpis.ts';
import { emptyDataset } from '../../../src/core/report/collect.ts';
import { reportWindow } from '../../../src/core/report/periods.ts';
import { sliceSnapshot } from '../../../src/core/report/slice.ts';
import type { Dataset, Dimension, RawSnapshot } from '../../../src/core/report/snapshot.ts';
import { chatRowsSliced } from '../../../src/core/report/snapshot.ts';
import type { CustomerOverview } from '../../../src/core/sections/customers.ts';
import { sessionSatisfaction } from '../../../src/core/sections/satisfaction.ts';

const week = reportWindow('weekly', '2025-11-12', 'Asia/Shanghai');

function snapshotOf(
  dimension: Dimension,
  current: Partial<Dataset>,
  previous?: Partial<Dataset>,
): RawSnapshot {
  return {
    version: 1,
    reportId: 'weekly-test',
    dimension,
    language: 'en',
    period: week,
    previousPeriod: previous ? week : null,
    collectedAt: '2025-11-12T00:00:00.000Z',
    apiCalls: 42,
    conditions: {
      channels: [],
      subChannels: [],
      classifications: [],
      robots: [],
      departments: [{ depart_id: 'd1' }, { depart_id: 'd2' }],
      groups: [],
      agents: [],
    },
    current: { ...emptyDataset(), ...current },
    previous: previous ? { ...emptyDataset(), ...previous } : null,
  };
}

const byDepartment = [
  { depart_id: 'd1', human_consult: 10 },
  { depart_id: 'd2', human_consult: 20 },
];
const byGroup = [
  { group_id: 'g1', human_consult: 1 },
  { group_id: 'g2', human_consult: 2 },
];
const workStatus = [
  { staff_id: 'a1', department_id: 'company|d1', group_id: 'g1,g3' },
  { staff_id: 'a2', department_id: 'company|d2', group_id: 'g2' },
  { staff_id: 'a3', department_id: 'company|d2', group_id: 'g2' },
];
const agents = [
  { staff_id: 'a1', group_id: 'g1' },
  { staff_id: 'a2', group_id: 'g2' },
  { staff_id: 'a3', group_id: 'g2' },
];

describe('Function: sliceSnapshot', () => {
  it('keeps only the route department rows of a department report, current and previous', () => {
    // Prepare
    const snapshot = snapshotOf(
      'department',
      { chats: { totals: byDepartment, daily: byDepartment }, messages: { totals: byDepartment, daily: [] } },
      { chats: { totals: byDepartment, daily: [] } },
    );

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department 1', departmentIds: ['d1'] });

    // Assess
    expect(slice.current.chats.totals).toEqual([byDepartment[0]]);
    expect(slice.current.chats.daily).toEqual([byDepartment[0]]);
    expect(slice.current.messages.totals).toEqual([byDepartment[0]]);
    expect(slice.previous?.chats.totals).toEqual([byDepartment[0]]);
    expect(slice.scope).toEqual({ name: 'Department 1', departmentIds: ['d1'], groupIds: [] });
    expect(chatRowsSliced(slice)).toBe(true);
  });

  it('keeps only the route group rows of a skill-group report', () => {
    // Prepare
    const snapshot = snapshotOf('skillGroup', { chats: { totals: byGroup, daily: [] } });

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Group 2', groupIds: ['g2'] });

    // Assess
    expect(slice.current.chats.totals).toEqual([byGroup[1]]);
  });

  it('leaves the rows of a channel report account-wide and says so', () => {
    // Prepare
    const channels = [{ source: '0', human_consult: 5 }];
    const snapshot = snapshotOf('channel', { chats: { totals: channels, daily: [] } });

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department 1', departmentIds: ['d1'] });

    // Assess
    expect(slice.current.chats.totals).toEqual(channels);
    expect(chatRowsSliced(slice)).toBe(false);
  });

  it('maps agents to departments through the work-status rows, without extra calls', () => {
    // Prepare
    const snapshot = snapshotOf('department', { agents, workStatus });

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department 2', departmentIds: ['d2'] });

    // Assess
    expect(slice.current.agents.map((row) => row.staff_id)).toEqual(['a2', 'a3']);
    expect(slice.current.workStatus.map((row) => row.staff_id)).toEqual(['a2', 'a3']);
  });

  it('keeps agents and work-status rows by group, including comma-separated group lists', () => {
    // Prepare
    const snapshot = snapshotOf('skillGroup', { agents, workStatus });

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Group 3', groupIds: ['g3'] });

    // Assess
    expect(slice.current.workStatus.map((row) => row.staff_id)).toEqual(['a1']);
    expect(slice.current.agents).toEqual([]);
  });

  it('gives a route naming departments and groups the union of both', () => {
    // Prepare
    const snapshot = snapshotOf('department', { agents, workStatus });

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Mixed', departmentIds: ['d1'], groupIds: ['g2'] });

    // Assess
    expect(slice.current.agents.map((row) => row.staff_id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('keeps account-level items and condition lists whole, and leaves the original untouched', () => {
    // Prepare
    const overview = { valid_visitor_total: 100 } as unknown as CustomerOverview;
    const summary = [{ classify_id: 'c1' }];
    const snapshot = snapshotOf('department', {
      chats: { totals: byDepartment, daily: [] },
      customers: { overview, botReception: null, agentReception: null, regions: [{ country: 'SG' }] },
      serviceSummary: summary,
    });

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department 1', departmentIds: ['d1'] });

    // Assess
    expect(slice.current.customers.overview).toEqual(overview);
    expect(slice.current.customers.regions).toEqual([{ country: 'SG' }]);
    expect(slice.current.serviceSummary).toEqual(summary);
    expect(slice.conditions).toEqual(snapshot.conditions);
    expect(slice.apiCalls).toBe(42);
    expect(snapshot.scope).toBeUndefined();
    expect(snapshot.current.chats.totals).toHaveLength(2);
  });

  it("shows a route its team's own customer and satisfaction figures, untagged, and no other team's", () => {
    // Prepare
    const team = (visitors: number, score: string) => ({
      customers: {
        overview: { valid_visitor_total: visitors } as unknown as CustomerOverview,
        botReception: null,
        agentReception: null,
        regions: [],
      },
      satisfaction: {
        sessions: sessionSatisfaction.parse({ avg_comment_score: score, score5: 1 }),
        customers: null,
      },
    });
    const snapshot: RawSnapshot = {
      ...snapshotOf('department', team(100, '4.0'), team(90, '3.9')),
      teams: {
        'department:d1': { current: team(7, '4.8'), previous: team(5, '4.5') },
        'department:d2': { current: team(93, '3.2'), previous: team(85, '3.1') },
      },
    };

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department 1', departmentIds: ['d1'], groupIds: ['g9'] });
    const kpis = snapshotKpis(slice);

    // Assess
    expect(slice.current.customers.overview?.valid_visitor_total).toBe(7);
    expect(slice.previous?.customers.overview?.valid_visitor_total).toBe(5);
    expect(slice.current.satisfaction.sessions?.avg_comment_score).toBe(4.8);
    expect(slice.scope?.ownFigures).toEqual(['customers', 'satisfaction']);
    expect(slice).not.toHaveProperty('teams');
    expect(JSON.stringify(slice)).not.toContain('department:d2');
    expect(kpis.find((k) => k.id === 'validCustomers')).toMatchObject({
      current: 7,
      previous: 5,
      accountWide: false,
    });
    expect(kpis.find((k) => k.id === 'satisfaction')).toMatchObject({ current: 4.8, accountWide: false });
    expect(kpis.some((k) => k.accountWide)).toBe(false);
  });

  it("keeps the account's figures, tagged, for a route whose team was not collected (a channel report)", () => {
    // Prepare
    const overview = { valid_visitor_total: 100 } as unknown as CustomerOverview;
    const customers = { overview, botReception: null, agentReception: null, regions: [] };
    const snapshot: RawSnapshot = {
      ...snapshotOf('channel', { customers }),
      teams: {
        'department:d1': { current: { customers: { ...customers, overview: null } }, previous: null },
      },
    };

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department 1', departmentIds: ['d1'] });

    // Assess
    expect(slice.current.customers.overview).toEqual(overview);
    expect(slice.scope?.ownFigures).toBeUndefined();
    expect(slice).not.toHaveProperty('teams');
    expect(snapshotKpis(slice).find((k) => k.id === 'validCustomers')?.accountWide).toBe(true);
  });

  it("compares a team's figures with nothing rather than the account's when its previous ones are missing", () => {
    // Prepare
    const overview = (visitors: number) => ({ valid_visitor_total: visitors }) as unknown as CustomerOverview;
    const customers = (visitors: number) => ({
      overview: overview(visitors),
      botReception: null,
      agentReception: null,
      regions: [],
    });
    const snapshot: RawSnapshot = {
      ...snapshotOf('department', { customers: customers(100) }, { customers: customers(90) }),
      teams: { 'department:d1': { current: { customers: customers(7) }, previous: null } },
    };

    // Act
    const slice = sliceSnapshot(snapshot, { name: 'Department 1', departmentIds: ['d1'] });

    // Assess
    expect(slice.previous?.customers.overview).toBeNull();
    expect(snapshotKpis(slice).find((k) => k.id === 'validCustomers')).toMatchObject({
      current: 7,
      previous: null,
      change: null,
    });
  });
});
