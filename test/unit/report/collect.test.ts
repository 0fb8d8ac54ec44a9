import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.ts';
import {
  CollectionAbortedError,
  CollectionTaskError,
  collect,
  emptyDataset,
  isEmpty,
} from '../../../src/core/report/collect.ts';
import { minimumCalls, planCollection } from '../../../src/core/report/collect-plan.ts';
import { previousWindow, reportWindow } from '../../../src/core/report/periods.ts';
import { fakeStatsApi } from './fake-stats-api.ts';
import { reportWith } from './report-fixture.ts';

const week = reportWindow('weekly', '2025-11-12', 'Asia/Shanghai');
const weekBefore = previousWindow(week);
const day = reportWindow('daily', '2025-11-12', 'Asia/Shanghai');
const fixedClock: Clock = { now: () => Date.parse('2025-11-12T01:02:03Z'), sleep: async () => {} };

const agents = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ staff_id: `s${i}`, group_id: 'g1' }));

describe('Function: collect', () => {
  it('fetches each dataset once with distinct requests for a weekly report with every section', async () => {
    // Prepare
    const api = fakeStatsApi();

    // Act
    const { plan } = await collect({ api, report: reportWith(), period: week, previous: weekBefore });

    // Assess
    const firstPages = api.calls.filter((call) => (call.page ?? 1) === 1);
    const distinct = new Set(firstPages.map((call) => JSON.stringify(call)));
    expect(distinct.size).toBe(firstPages.length);
    expect(firstPages).toHaveLength(plan.tasks.length);
    expect(api.callsTo('chatStats')).toHaveLength(3); // current totals + daily, previous totals
    expect(api.callsTo('agentWorkload')).toHaveLength(1);
    expect(api.callsTo('groups')).toHaveLength(1);
  });

  it('consumes every page of a paged request', async () => {
    // Prepare
    const api = fakeStatsApi({ data: { agentWorkload: agents(250) } });

    // Act
    const { snapshot, parts, plan } = await collect({
      api,
      report: reportWith({ sections: ['agents'] }),
      period: week,
      previous: null,
    });

    // Assess
    expect(api.callsTo('agentWorkload').map((call) => call.page)).toEqual([1, 2, 3]);
    expect(snapshot.current.agents).toHaveLength(250);
    expect(minimumCalls(plan, parts)).toBe(api.calls.length);
  });

  it('fetches only the compared KPI items for the previous window', async () => {
    // Prepare
    const api = fakeStatsApi();

    // Act
    const { plan, snapshot } = await collect({
      api,
      report: reportWith(),
      period: week,
      previous: weekBefore,
    });

    // Assess
    const previousIds = plan.tasks.map((task) => task.id).filter((id) => id.startsWith('previous.'));
    expect(previousIds).toEqual([
      'previous.chats.totals',
      'previous.messages.totals',
      'previous.customers.overview',
      'previous.customers.botReception',
      'previous.customers.agentReception',
      'previous.satisfaction.sessions',
      'previous.satisfaction.customers',
    ]);
    const previousStarts = api.calls
      .map((call) => String(call.query.start_date ?? ''))
      .filter((start) => start.startsWith(weekBefore.from));
    expect(previousStarts).toHaveLength(7);
    expect(snapshot.previousPeriod).toEqual(weekBefore);
    expect(snapshot.previous?.agents).toEqual([]);
  });

  it('fetches no previous window when the report does not compare', async () => {
    // Prepare
    const api = fakeStatsApi();

    // Act
    const { snapshot } = await collect({
      api,
      report: reportWith({ compareWithPrevious: false }),
      period: week,
      previous: weekBefore,
    });

    // Assess
    expect(api.calls.some((call) => String(call.query.start_date ?? '').startsWith(weekBefore.from))).toBe(
      false,
    );
    expect(snapshot.previous).toBeNull();
    expect(snapshot.previousPeriod).toBeNull();
  });

  it('passes the report filters to every statistics request that takes them', async () => {
    // Prepare
    const filters = {
      departmentIds: ['d1'],
      groupIds: ['g1'],
      staffIds: ['s1'],
      sources: ['1'],
      robotIds: [],
    };
    const api = fakeStatsApi();

    // Act
    await collect({ api, report: reportWith({ filters }), period: week, previous: null });

    // Assess
    const expected = { depart_ids_param: 'd1', group_ids_param: 'g1', staff_ids_param: 's1', source: '1' };
    for (const method of [
      'chatStats',
      'messageStats',
      'customerOverview',
      'regions',
      'sessionSatisfaction',
    ] as const) {
      expect(api.callsTo(method)[0]?.query).toMatchObject(expected);
      // An empty filter list is left out, not sent empty.
      expect(api.callsTo(method)[0]?.query).not.toHaveProperty('robot_ids_param');
    }
    expect(api.callsTo('agentWorkload')[0]?.query).toMatchObject({
      staff_id_list: ['s1'],
      group_id_list: ['g1'],
    });
    expect(api.callsTo('workStatus')[0]?.query).toMatchObject({
      depart_ids_param: 'd1',
      staff_ids_param: 's1',
    });
    expect(api.callsTo('serviceSummary')[0]?.query).toMatchObject({ group_ids_param: 'g1' });
    expect(api.callsTo('groups')[0]?.query).toEqual({});
  });

  it.each([
    ['department', 1, 1],
    ['skillGroup', 2, 2],
    ['channel', 3, 2],
  ] as const)(
    'maps the %s dimension to search_way %i (agents %i)',
    async (dimension, searchWay, agentsWay) => {
      // Prepare
      const api = fakeStatsApi();

      // Act
      await collect({ api, report: reportWith({ dimension }), period: week, previous: null });

      // Assess
      expect(api.callsTo('chatStats')[0]?.query).toMatchObject({ search_way: searchWay });
      expect(api.callsTo('staffReception')[0]?.query).toMatchObject({ search_way: searchWay });
      expect(api.callsTo('agentWorkload')[0]?.query).toMatchObject({ search_way: agentsWay });
    },
  );

  it('asks for daily breakdowns only for windows longer than one day', async () => {
    // Prepare
    const daily = fakeStatsApi();
    const weekly = fakeStatsApi();

    // Act
    await collect({ api: daily, report: reportWith(), period: day, previous: null });
    await collect({ api: weekly, report: reportWith(), period: week, previous: null });

    // Assess
    expect(daily.callsTo('chatStats').map((call) => call.query.summary_way)).toEqual([0]);
    expect(daily.callsTo('serviceSummary')[0]?.query).toMatchObject({ summary_way: 0 });
    expect(weekly.callsTo('messageStats').map((call) => call.query.summary_way)).toEqual([0, 1]);
    expect(weekly.callsTo('serviceSummary')[0]?.query).toMatchObject({ summary_way: 1 });
  });

  it('fetches only what the sections need, plus the chat totals and the condition lists', async () => {
    // Prepare
    const api = fakeStatsApi();

    // Act
    const { plan } = await collect({
      api,
      report: reportWith({ sections: ['agents'] }),
      period: week,
      previous: weekBefore,
    });

    // Assess
    expect(plan.tasks.map((task) => task.id)).toEqual([
      'current.chats.totals',
      'current.agents',
      'previous.chats.totals',
      'conditions.channels',
      'conditions.subChannels',
      'conditions.classifications',
      'conditions.robots',
      'conditions.departments',
      'conditions.groups',
      'conditions.agents',
    ]);
    expect(api.callsTo('customerOverview')).toEqual([]);
    expect(api.callsTo('serviceSummary')).toEqual([]);
  });

  it('also fetches work status when agents are routed to supervisors by department', () => {
    // Prepare
    const report = reportWith({
      sections: ['agents'],
      recipients: { routes: [{ name: 'Dept 1', to: ['s1@example.com'], departmentIds: ['d1'] }] },
    });

    // Act
    const plan = planCollection(report, week, null);

    // Assess
    expect(plan.tasks.map((task) => task.id)).toContain('current.workStatus');
  });

  it('skips the tasks a previous run already finished and keeps their results', async () => {
    // Prepare
    const api = fakeStatsApi({ data: { chatStats: [{ human_consult: 9 }] } });
    const done = {
      'current.chats.totals': [{ human_consult: 4 }],
      'conditions.groups': [{ group_id: 'g1' }],
    };

    // Act
    const { snapshot } = await collect({ api, report: reportWith(), period: week, previous: null, done });

    // Assess
    expect(api.callsTo('groups')).toEqual([]);
    expect(api.callsTo('chatStats').map((call) => call.query.summary_way)).toEqual([1]);
    expect(snapshot.current.chats.totals).toEqual([{ human_consult: 4 }]);
    expect(snapshot.conditions.groups).toEqual([{ group_id: 'g1' }]);
  });

  it('checkpoints every task it runs and reports progress', async () => {
    // Prepare
    const api = fakeStatsApi({ data: { groups: [{ group_id: 'g1' }] } });
    const checkpoints = new Map<string, unknown>();
    const progress: number[] = [];

    // Act
    const { plan } = await collect({
      api,
      report: reportWith(),
      period: week,
      previous: weekBefore,
      onTaskDone: async (taskId, data) => {
        checkpoints.set(taskId, data);
      },
      onProgress: ({ done }) => progress.push(done),
    });

    // Assess
    expect([...checkpoints.keys()].sort()).toEqual(plan.tasks.map((task) => task.id).sort());
    expect(checkpoints.get('conditions.groups')).toEqual([{ group_id: 'g1' }]);
    expect(progress).toEqual(plan.tasks.map((_, i) => i + 1));
  });

  it('stops between pages when the signal fires and says how many tasks are done', async () => {
    // Prepare
    const controller = new AbortController();
    const api = fakeStatsApi({
      data: { agentWorkload: agents(250) },
      beforeCall: (call) => {
        if (call.method === 'agentWorkload') controller.abort(new Error('deadline'));
      },
    });
    const checkpointed: string[] = [];

    // Act
    const outcome = await collect({
      api,
      report: reportWith(),
      period: week,
      previous: null,
      signal: controller.signal,
      onTaskDone: async (taskId) => {
        checkpointed.push(taskId);
      },
    }).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(CollectionAbortedError);
    const aborted = outcome as CollectionAbortedError;
    expect(aborted.done).toBe(checkpointed.length);
    expect(aborted.done).toBeLessThan(aborted.total);
    expect(checkpointed).not.toContain('current.agents');
    expect(api.callsTo('agentWorkload').map((call) => call.page)).toEqual([1]);
  });

  it('starts nothing when the signal has already fired', async () => {
    // Prepare
    const api = fakeStatsApi();
    const signal = AbortSignal.abort();

    // Act
    const outcome = await collect({ api, report: reportWith(), period: week, previous: null, signal }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(outcome).toBeInstanceOf(CollectionAbortedError);
    expect(api.calls).toEqual([]);
  });

  it('finishes and checkpoints the other tasks when one fails, then names the failed task', async () => {
    // Prepare
    const api = fakeStatsApi({
      beforeCall: (call) => {
        if (call.method === 'regions') throw new Error('999999 internal error');
      },
    });
    const checkpointed: string[] = [];

    // Act
    const outcome = await collect({
      api,
      report: reportWith(),
      period: week,
      previous: null,
      onTaskDone: async (taskId) => {
        checkpointed.push(taskId);
      },
    }).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(CollectionTaskError);
    expect((outcome as CollectionTaskError).taskId).toBe('current.customers.regions');
    expect((outcome as Error).message).toBe(
      'collecting current.customers.regions failed: 999999 internal error',
    );
    expect(checkpointed).toContain('conditions.agents');
    expect(checkpointed).not.toContain('current.customers.regions');
  });

  it('stamps the snapshot with the report and the injected clock, leaving apiCalls to the caller', async () => {
    // Prepare
    const api = fakeStatsApi();

    // Act
    const { snapshot } = await collect({
      api,
      report: reportWith({ dimension: 'skillGroup', language: 'zh' }),
      period: week,
      previous: null,
      clock: fixedClock,
    });

    // Assess
    expect(snapshot).toMatchObject({
      version: 1,
      reportId: 'weekly-test',
      dimension: 'skillGroup',
      language: 'zh',
      period: week,
      collectedAt: '2025-11-12T01:02:03.000Z',
      apiCalls: 0,
    });
    expect(snapshot.scope).toBeUndefined();
  });
});

describe('Function: isEmpty', () => {
  it.each([
    ['no rows', [], true],
    ['rows counting zero or nothing', [{ human_consult: 0, robot_consult: null }, { depart_id: 'd1' }], true],
    ['a row with bot chats only', [{ human_consult: 0, robot_consult: 2 }], false],
    ['a row with agent chats', [{ human_consult: 3 }], false],
  ])('judges %s', (_, totals, expected) => {
    // Prepare
    const dataset = { ...emptyDataset(), chats: { totals, daily: [] } };

    // Act
    const empty = isEmpty(dataset);

    // Assess
    expect(empty).toBe(expected);
  });
});

describe('Function: minimumCalls', () => {
  it('counts one call per started page of 100 rows, at least one per request', () => {
    // Prepare
    const plan = planCollection(reportWith({ sections: ['agents'] }), week, null);
    const rows = { 'current.agents': agents(201), 'conditions.groups': agents(100) };

    // Act
    const calls = minimumCalls(plan, rows);

    // Assess
    expect(calls).toBe(plan.tasks.length - 2 + 3 + 1);
  });
});

describe('Function: collect, per team', () => {
  const route = (name: string, ids: Record<string, readonly string[]>) => ({
    name,
    to: [`${name.toLowerCase().replaceAll(' ', '.')}@example.com`],
    ...ids,
  });
  const routed = (
    overrides: Record<string, unknown> = {},
    routes = [route('Care', { departmentIds: ['d2'] })],
  ) => reportWith({ dimension: 'department', recipients: { to: ['ops@example.com'], routes }, ...overrides });
  const teamIds = (plan: { tasks: readonly { id: string }[] }) =>
    plan.tasks.map((task) => task.id).filter((id) => id.startsWith('team.'));

  it("fetches each customer and satisfaction part again with the route's departments, current and compared", async () => {
    // Prepare
    const api = fakeStatsApi();

    // Act
    const { plan } = await collect({ api, report: routed(), period: week, previous: weekBefore });

    // Assess
    expect(teamIds(plan)).toEqual([
      'team.department:d2.current.customers.overview',
      'team.department:d2.current.customers.botReception',
      'team.department:d2.current.customers.agentReception',
      'team.department:d2.current.customers.regions',
      'team.department:d2.current.satisfaction.sessions',
      'team.department:d2.current.satisfaction.customers',
      'team.department:d2.previous.customers.overview',
      'team.department:d2.previous.customers.botReception',
      'team.department:d2.previous.customers.agentReception',
      'team.department:d2.previous.satisfaction.sessions',
      'team.department:d2.previous.satisfaction.customers',
    ]);
    for (const method of [
      'customerOverview',
      'regions',
      'sessionSatisfaction',
      'customerSatisfaction',
    ] as const) {
      const filtered = api.callsTo(method).filter((call) => call.query.depart_ids_param === 'd2');
      expect(filtered.length, method).toBeGreaterThan(0);
      for (const call of filtered) expect(call.query.search_way).toBe(1);
    }
    expect(api.callsTo('chatStats').some((call) => 'depart_ids_param' in call.query)).toBe(false);
  });

  it('shares one set of requests between routes of the same departments, in any order, and keys them stably', () => {
    // Prepare
    const routes = [
      route('Care', { departmentIds: ['d3', 'd2'] }),
      route('Care Night', { departmentIds: ['d2', 'd3', 'd2'] }),
      route('Tech', { departmentIds: ['d4'] }),
    ];

    // Act
    const plan = planCollection(routed({ sections: ['customers'] }, routes), week, null);
    const reversed = planCollection(routed({ sections: ['customers'] }, routes.toReversed()), week, null);

    // Assess
    expect(plan.teams.map((team) => team.key)).toEqual(['department:d2,d3', 'department:d4']);
    expect(teamIds(plan)).toHaveLength(2 * 4);
    expect(new Set(teamIds(plan)).size).toBe(teamIds(plan).length);
    expect(teamIds(reversed).sort()).toEqual(teamIds(plan).sort());
    const care = plan.tasks.find((task) => task.id === 'team.department:d2,d3.current.customers.overview');
    expect(care?.request.params).toMatchObject({ depart_ids_param: 'd2,d3', search_way: 1 });
  });

  it("filters a skill-group report's teams by the route's groups, and a channel report's not at all", () => {
    // Prepare
    const routes = [route('Mixed', { departmentIds: ['d1'], groupIds: ['g2'] })];

    // Act
    const groups = planCollection(
      routed({ dimension: 'skillGroup', sections: ['satisfaction'] }, routes),
      week,
      null,
    );
    const channels = planCollection(routed({ dimension: 'channel' }, routes), week, weekBefore);

    // Assess
    expect(teamIds(groups)).toEqual([
      'team.group:g2.current.satisfaction.sessions',
      'team.group:g2.current.satisfaction.customers',
    ]);
    const params = groups.tasks.find((task) => task.id.startsWith('team.'))?.request.params;
    expect(params).toMatchObject({ group_ids_param: 'g2', search_way: 2 });
    expect(params).not.toHaveProperty('depart_ids_param');
    expect(channels.teams).toEqual([]);
    expect(teamIds(channels)).toEqual([]);
  });

  it("keeps the report's filters in a team's requests and narrows the report's departments to the team's", () => {
    // Prepare
    const filters = { departmentIds: ['d1', 'd2'], sources: ['1'] };
    const routes = [
      route('Care', { departmentIds: ['d2', 'd9'] }),
      route('Both', { departmentIds: ['d1', 'd2'] }),
      route('Outside', { departmentIds: ['d9'] }),
    ];

    // Act
    const plan = planCollection(routed({ filters, sections: ['customers'] }, routes), week, null);

    // Assess
    expect(plan.teams).toEqual([
      { key: 'department:d2,d9', source: 'own' },
      { key: 'department:d1,d2', source: 'same' },
      { key: 'department:d9', source: 'none' },
    ]);
    expect(teamIds(plan).every((id) => id.startsWith('team.department:d2,d9.'))).toBe(true);
    const params = plan.tasks.find((task) => task.id.startsWith('team.'))?.request.params;
    expect(params).toMatchObject({ depart_ids_param: 'd2', source: '1' });
  });

  it("puts each team's answers in the snapshot under its key, the report's where they are the team's, empty outside the filter", async () => {
    // Prepare
    const overviewFor = (query: Readonly<Record<string, unknown>>) => ({
      valid_visitor_total: query.depart_ids_param === 'd2' ? '7' : query.depart_ids_param ? '99' : '50',
    });
    const api = fakeStatsApi({ data: { customerOverview: overviewFor } });
    const routes = [
      route('Care', { departmentIds: ['d2'] }),
      route('All of it', { departmentIds: ['d1', 'd2'] }),
      route('Outside', { departmentIds: ['d9'] }),
    ];
    const report = routed({ filters: { departmentIds: ['d1', 'd2'] }, sections: ['customers'] }, routes);

    // Act
    const { snapshot } = await collect({ api, report, period: week, previous: weekBefore });

    // Assess
    expect(snapshot.current.customers.overview?.valid_visitor_total).toBe(99);
    expect(snapshot.teams?.['department:d2']?.current.customers?.overview?.valid_visitor_total).toBe(7);
    expect(snapshot.teams?.['department:d2']?.previous?.customers?.overview?.valid_visitor_total).toBe(7);
    expect(snapshot.teams?.['department:d1,d2']?.current.customers).toEqual(snapshot.current.customers);
    expect(snapshot.teams?.['department:d9']?.current.customers?.overview).toBeNull();
    expect(snapshot.teams?.['department:d9']?.current.customers?.regions).toEqual([]);
    expect(api.callsTo('customerOverview')).toHaveLength(4); // the report's and Care's, current and previous
  });

  it("resumes a team's tasks from the checkpoint without fetching them again", async () => {
    // Prepare
    const report = routed({ sections: ['satisfaction'], compareWithPrevious: false });
    const first = await collect({ api: fakeStatsApi(), report, period: week, previous: null });
    const done = {
      ...first.parts,
      'team.department:d2.current.satisfaction.sessions': { avg_comment_score: '4.6' },
    };
    delete (done as Record<string, unknown>)['team.department:d2.current.satisfaction.customers'];
    const api = fakeStatsApi();

    // Act
    const { snapshot } = await collect({ api, report, period: week, previous: null, done });

    // Assess
    expect(api.calls.map((call) => [call.method, call.query.depart_ids_param])).toEqual([
      ['customerSatisfaction', 'd2'],
    ]);
    expect(snapshot.teams?.['department:d2']?.current.satisfaction?.sessions?.avg_comment_score).toBe(4.6);
  });

  it('plans no team requests for a report without routes', () => {
    // Act
    const plan = planCollection(reportWith(), week, weekBefore);

    // Assess
    expect(plan.teams).toEqual([]);
    expect(teamIds(plan)).toEqual([]);
  });
});
