import { describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { reportWindow } from '../../../src/core/report/periods.ts';
import { fillRequests, periodLabelOf } from '../../../src/core/trend/fill.ts';
import { historyKey, historyRecord, readHistory, writeHistory } from '../../../src/core/trend/history.ts';
import { fillHistory, type HistoryDeps, trendOf, trendWindows } from '../../../src/core/trend/trend.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { fakeStatsApi } from '../report/fake-stats-api.ts';
import { reportWith } from '../report/report-fixture.ts';

const ZONE = 'Asia/Shanghai';
const week = reportWindow('weekly', '2025-11-12', ZONE); // 2025-W45
const report = reportWith({
  dimension: 'department',
  recipients: {
    to: ['ops@example.com'],
    routes: [{ name: 'Care', departmentIds: ['d1'], to: ['care@example.com'] }],
  },
});
const care = report.recipients.routes[0] ?? null;
const SCOPES = [
  { scope: 'all', scopeName: null, slice: null },
  { scope: 'care', scopeName: 'Care', slice: care },
] as const;

/** getStat's weekly rows (summary_way 2) as the reference's example names a week: `"2024-45"`. */
function weeklyRows(query: Readonly<Record<string, unknown>>): unknown[] {
  const start = String(query.start_date).slice(0, 10);
  const end = String(query.end_date).slice(0, 10);
  return trendWindows(week, 12)
    .filter((w) => w.from >= start && w.to <= end)
    .flatMap((w) => [
      {
        real_date: w.label.replace('-W', '-'),
        depart_id: 'd1',
        human_consult: 100 + Number(w.label.slice(-2)),
        human_valid_recep: 50,
      },
      { real_date: w.label.replace('-W', '-'), depart_id: 'd2', human_consult: 1000, human_valid_recep: 900 },
    ]);
}

function setup() {
  const clock = createFakeClock();
  const archive = new MemoryArchiveStore(() => clock.now());
  const api = fakeStatsApi({ data: { chatStats: weeklyRows } });
  const deps: HistoryDeps = { archive, clock, report, fingerprint: 'def-1', api: () => api, write: true };
  return { archive, api, deps, clock };
}

describe('The trend windows', () => {
  it('are the 8 periods ending with the report’s own, oldest first', () => {
    // Act
    const windows = trendWindows(week);

    // Assess
    expect(windows.map((w) => w.label)).toEqual([
      '2025-W38',
      '2025-W39',
      '2025-W40',
      '2025-W41',
      '2025-W42',
      '2025-W43',
      '2025-W44',
      '2025-W45',
    ]);
  });

  it('are none for a custom range, which has no history', () => {
    // Act
    const windows = trendWindows({ ...week, kind: 'custom', label: '2025-11-03_2025-11-09' });

    // Assess
    expect(windows).toEqual([]);
  });
});

describe('Filling the history from getStat', () => {
  it('asks for 7 missing weeks in one weekly request over whole weeks', () => {
    // Act
    const requests = fillRequests(report, trendWindows(week).slice(0, -1));

    // Assess
    expect(requests).toHaveLength(1);
    expect(requests[0]?.request.params).toMatchObject({
      start_date: '2025-09-15 00:00:00',
      end_date: '2025-11-02 23:59:59',
      summary_way: 2,
      search_way: 1,
    });
  });

  it('keeps each monthly request within the 90 days the API allows: March to September (214 days) in 4 calls, since no 3 of them fit in 90 days', () => {
    // Prepare
    const months = trendWindows(reportWindow('monthly', '2025-11-12', ZONE)).slice(0, -1);

    // Act
    const requests = fillRequests(report, months);

    // Assess
    expect(requests.map((r) => r.windows.map((w) => w.label))).toEqual([
      ['2025-03', '2025-04'],
      ['2025-05', '2025-06'],
      ['2025-07', '2025-08'],
      ['2025-09'],
    ]);
    expect(requests.every((r) => r.request.params.summary_way === 3)).toBe(true);
  });

  it('asks a daily report’s 7 missing days day by day in one request', () => {
    // Act
    const requests = fillRequests(
      report,
      trendWindows(reportWindow('daily', '2025-11-12', ZONE)).slice(0, -1),
    );

    // Assess
    expect(requests).toHaveLength(1);
    expect(requests[0]?.request.params).toMatchObject({ start_date: '2025-11-04 00:00:00', summary_way: 1 });
  });

  it('reads a week from real_date as the reference writes it, or from the day show_date starts', () => {
    // Act
    const fromRealDate = periodLabelOf({ real_date: '2024-45', show_date: null }, 'weekly');
    const fromShowDate = periodLabelOf(
      { real_date: null, show_date: '45 week 2024-11-04-2024-11-10' },
      'weekly',
    );

    // Assess
    expect(fromRealDate).toBe('2024-W45');
    expect(fromShowDate).toBe('2024-W45');
  });

  it('records each missing period per scope, a slice with its own departments’ figures only', async () => {
    // Prepare
    const { archive, deps } = setup();

    // Act
    const filled = await fillHistory(deps, trendWindows(week).slice(0, -1), SCOPES);

    // Assess
    expect(filled).toMatchObject({ requests: 1, written: 14, found: 0 });
    const all = await readHistory(archive, {
      reportId: report.id,
      scope: 'all',
      period: previousOf(week),
      fingerprint: 'def-1',
    });
    const mine = await readHistory(archive, {
      reportId: report.id,
      scope: 'care',
      period: previousOf(week),
      fingerprint: 'def-1',
    });
    expect(all?.figures.totalChats).toBe(1144);
    expect(mine?.figures.totalChats).toBe(144);
    expect(mine?.figures.validReceptionRate).toBeCloseTo(50 / 144);
    // getStat gives no satisfaction per period: unknown, not zero.
    expect(mine?.figures.satisfaction5).toBeNull();
    expect(mine?.source).toBe('api');
  });

  it('reads what is already recorded and fetches nothing more: a stopped backfill resumes', async () => {
    // Prepare
    const { api, deps } = setup();
    const windows = trendWindows(week).slice(0, -1);
    await fillHistory(deps, windows, SCOPES);

    // Act
    const again = await fillHistory(deps, windows, SCOPES);

    // Assess
    expect(again).toMatchObject({ requests: 0, written: 0, found: 14 });
    expect(api.callsTo('chatStats')).toHaveLength(1);
  });

  it('never replaces a run’s own record with a fill', async () => {
    // Prepare
    const { archive, deps, clock } = setup();
    const previous = previousOf(week);
    const own = historyRecord({
      reportId: report.id,
      scope: 'all',
      scopeName: null,
      period: previous,
      source: 'report',
      fingerprint: 'def-1',
      recordedAt: new Date(clock.now()),
      figures: { totalChats: 7, satisfaction5: 4.6 },
    });
    await writeHistory(archive, own);

    // Act
    await fillHistory(deps, trendWindows(week).slice(0, -1), SCOPES);

    // Assess
    const kept = await readHistory(archive, {
      reportId: report.id,
      scope: 'all',
      period: previous,
      fingerprint: 'def-1',
    });
    expect(kept).toEqual(own);
  });

  it('reads a half-written record, or one of another report definition, as absent and fills it again', async () => {
    // Prepare
    const { archive, deps } = setup();
    const previous = previousOf(week);
    const key = historyKey(report.id, 'all', previous);
    await archive.put(key, {
      body: '{"schema":"sobot-report-history/1","figu',
      contentType: 'application/json',
    });

    // Act
    const before = await readHistory(archive, {
      reportId: report.id,
      scope: 'all',
      period: previous,
      fingerprint: 'def-1',
    });
    await fillHistory(deps, [previous], SCOPES);
    const other = await readHistory(archive, {
      reportId: report.id,
      scope: 'all',
      period: previous,
      fingerprint: 'def-2',
    });

    // Assess
    expect(before).toBeNull();
    expect(other).toBeNull();
    const filled = await readHistory(archive, {
      reportId: report.id,
      scope: 'all',
      period: previous,
      fingerprint: 'def-1',
    });
    expect(filled?.figures.totalChats).toBe(1144);
  });

  it('writes nothing for a dry run, yet shows what it fetched', async () => {
    // Prepare
    const { archive, deps } = setup();

    // Act
    const filled = await fillHistory({ ...deps, write: false }, [previousOf(week)], SCOPES);

    // Assess
    expect(filled.written).toBe(0);
    expect(filled.records.get('care')?.get('2025-W44')?.figures.totalChats).toBe(144);
    expect(await archive.list('history/')).toEqual([]);
  });
});

describe('A scope’s trend', () => {
  it('shows a period with no record as a gap, not as zero, and this run’s figures last', () => {
    // Prepare
    const windows = trendWindows(week, 3);

    // Act
    const trend = trendOf(windows, new Map(), { totalChats: 12 });

    // Assess
    expect(trend?.periods.map((p) => [p.label, p.figures, p.source])).toEqual([
      ['2025-W43', null, null],
      ['2025-W44', null, null],
      ['2025-W45', { totalChats: 12 }, 'current'],
    ]);
  });
});

function previousOf(window: typeof week) {
  return trendWindows(window, 2)[0] as typeof week & { kind: 'weekly' };
}
