import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../../src/core/sobot/api.ts';
import { HISTORY_SCHEMA, type HistoryRecord } from '../../../src/core/trend/history.ts';
import {
  type Pipeline,
  type PipelineOptions,
  SUPERVISOR_ONE,
  startPipeline,
} from '../../support/pipeline.ts';

/** The report use case's history and trend, on memory adapters with the simulator behind the real client. */

const HISTORY = 'history/weekly-pipeline/';

let open: Pipeline[] = [];

async function pipeline(requests: ApiRequest[], options: PipelineOptions = {}): Promise<Pipeline> {
  const started = await startPipeline({
    ...options,
    wrapApi: (api) => ({
      fetch: (request, fetchOptions) => {
        requests.push(request);
        return api.fetch(request, fetchOptions);
      },
    }),
  });
  open.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
});

async function historyOf(p: Pipeline): Promise<Map<string, HistoryRecord>> {
  const records = new Map<string, HistoryRecord>();
  for (const { key } of await p.deps.archive.list(HISTORY)) {
    const bytes = await p.deps.archive.get(key);
    records.set(key, JSON.parse(Buffer.from(bytes ?? '').toString('utf8')) as HistoryRecord);
  }
  return records;
}

const weeklyFills = (requests: readonly ApiRequest[]) =>
  requests.filter((r) => r.endpoint === 'getStat' && r.params.summary_way === 2);

describe('The report history', () => {
  it('records each scope’s figures for the period and fills the 7 weeks before it with one getStat call', async () => {
    // Prepare
    const requests: ApiRequest[] = [];
    const p = await pipeline(requests);

    // Act
    const result = await p.run();

    // Assess
    expect(weeklyFills(requests)).toHaveLength(1);
    expect(weeklyFills(requests)[0]?.params).toMatchObject({ start_date: '2025-09-15 00:00:00' });
    expect(result.apiCalls).toBe(p.apiCallsTotal());
    const records = await historyOf(p);
    // 8 weeks for the whole report and each of its two routes.
    expect(records.size).toBe(24);
    const all = records.get(`${HISTORY}all/weekly/2025-W45.json`);
    expect(all).toMatchObject({ schema: HISTORY_SCHEMA, source: 'report', scope: 'all' });
    expect(all?.period).toMatchObject({ from: '2025-11-03', to: '2025-11-09' });
    expect(typeof all?.figures.satisfaction5).toBe('number');
    const filled = records.get(`${HISTORY}all/weekly/2025-W44.json`);
    expect(filled?.source).toBe('api');
    expect(filled?.figures.totalChats).toBeGreaterThan(0);
  });

  it('gives a routed slice only its own figures, as its email shows them', async () => {
    // Prepare
    const p = await pipeline([]);
    const sliceName = p.departments[1]?.name ?? '';
    const scope = sliceName.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-');

    // Act
    await p.run();

    // Assess
    const records = await historyOf(p);
    const own = records.get(`${HISTORY}${scope}/weekly/2025-W45.json`);
    const all = records.get(`${HISTORY}all/weekly/2025-W45.json`);
    expect(own?.scopeName).toBe(sliceName);
    expect(own?.figures.totalChats).toBeLessThan(all?.figures.totalChats ?? 0);
    // The customer figures are the team's own (collected with its departments), not the account's.
    expect(own?.figures.validCustomers).toBeGreaterThan(0);
    expect(own?.figures.validCustomers).toBeLessThan(all?.figures.validCustomers ?? 0);
    const message = p.sentMessages().find((m) => m.recipients.includes(SUPERVISOR_ONE));
    const text = (await simpleParser(message?.raw ?? Buffer.alloc(0))).text ?? '';
    expect(text).toContain('LAST 8 WEEKS');
    expect(text).toContain('2025-W38');
    expect(text).toContain(new Intl.NumberFormat('en').format(own?.figures.totalChats ?? -1));
  });

  it('shows and records as many periods as the report’s trendPeriods', async () => {
    // Prepare
    const requests: ApiRequest[] = [];
    const p = await pipeline(requests, { report: { trendPeriods: 3 } });

    // Act
    await p.run();

    // Assess
    expect(weeklyFills(requests)[0]?.params).toMatchObject({ start_date: '2025-10-20 00:00:00' });
    const weeks = [...(await historyOf(p)).keys()].filter((key) => key.startsWith(`${HISTORY}all/`));
    expect(weeks.sort()).toEqual(
      ['2025-W43', '2025-W44', '2025-W45'].map((w) => `${HISTORY}all/weekly/${w}.json`),
    );
    const head = p.sentMessages().find((m) => m.recipients.some((r) => r.includes('head@')));
    const text = (await simpleParser(head?.raw ?? Buffer.alloc(0))).text ?? '';
    expect(text).toContain('LAST 3 WEEKS');
    expect(text).not.toContain('2025-W42');
  });

  it('rewrites the same records on a forced rerun and fetches nothing for the trend', async () => {
    // Prepare
    const requests: ApiRequest[] = [];
    const p = await pipeline(requests);
    await p.run();
    const before = await p.deps.archive.list(HISTORY);
    requests.length = 0;

    // Act
    await p.run({ force: true });

    // Assess
    expect((await p.deps.archive.list(HISTORY)).map((e) => e.key)).toEqual(before.map((e) => e.key));
    expect(requests).toEqual([]);
  });

  it('writes no history for a dry run', async () => {
    // Prepare
    const p = await pipeline([]);

    // Act
    await p.run({ dryRun: true });

    // Assess
    expect(await p.deps.archive.list(HISTORY)).toEqual([]);
  });
});
