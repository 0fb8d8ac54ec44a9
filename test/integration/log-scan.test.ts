import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signOf } from '../../simulator/index.ts';
import type { Fault } from '../../simulator/types.ts';
import type { FsArchiveStore } from '../../src/adapters/archive/fs.ts';
import { capturingLogger, errorReplacer, type Pipeline, startPipeline } from '../support/pipeline.ts';

/**
 * Runs a few scenarios (a token invalidated mid-run, get_token failing, a collect failure and its
 * resumed re-run) and gathers everything they leave behind: log lines, client events, thrown errors
 * with their enumerable properties and causes, and every archived file and .eml. None of it may hold
 * a token the simulator issued, the app_key, or a get_token sign.
 */

const CREDENTIALS = { appId: 'scan-app', appKey: 'APPKEY-7f3a9c2e5d1b' };

interface Scenario {
  readonly name: string;
  readonly faults: readonly Fault[];
  /** Whether to run again after clearing the faults. */
  readonly rerun: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'token invalidated mid-run',
    faults: [
      { kind: 'invalidateToken', afterCalls: 6 },
      // A wrong-typed value, so the notes it leaves in the manifest, email and workbook are scanned too.
      {
        endpoint: 'staffWorkStatis',
        kind: 'renameField',
        field: 'human_consult_duration_str',
        to: 'human_consult',
        times: 5,
      },
    ],
    rerun: false,
  },
  {
    name: 'get_token failing every time',
    faults: [{ endpoint: 'get_token', kind: 'internalError', times: 50 }],
    rerun: true,
  },
  {
    name: 'a broken answer failing collect',
    // Malformed JSON is retried twice, so three in a row fail the call.
    faults: [{ endpoint: 'staffWorkStatis', kind: 'malformedJson', times: 3 }],
    rerun: true,
  },
];

interface Evidence {
  readonly texts: string[];
  readonly secrets: Set<string>;
  readonly outcomes: string[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** A file as text a person or a log shipper could see: unzipped, and a workbook's cells. */
async function readable(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (file.endsWith('.gz')) return gunzipSync(bytes).toString('utf8');
  if (file.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    }
    return cells.join('\n');
  }
  return bytes.toString('utf8');
}

async function runScenario(scenario: Scenario, evidence: Evidence): Promise<void> {
  const logger = capturingLogger();
  const events: string[] = [];
  const record = (kind: string) => (event?: unknown) => events.push(JSON.stringify({ kind, event }));
  const p: Pipeline = await startPipeline({
    delivery: { kind: 'fs' },
    simulator: { credentials: CREDENTIALS },
    logger,
    client: {
      events: {
        onCall: record('call'),
        onRetry: record('retry'),
        onThrottle: record('throttle'),
        onTokenRefresh: record('tokenRefresh'),
      },
    },
  });
  try {
    for (const fault of scenario.faults) p.sim.faults.add(fault);
    const attempts = scenario.rerun ? 2 : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt === 2) p.sim.faults.clear();
      try {
        const result = await p.run();
        evidence.texts.push(JSON.stringify(result));
        evidence.outcomes.push(`${scenario.name} #${attempt}: sent ${result.emailsSent}`);
      } catch (error) {
        evidence.texts.push(
          JSON.stringify(error, errorReplacer),
          String(error),
          (error as Error).stack ?? '',
        );
        evidence.outcomes.push(`${scenario.name} #${attempt}: ${(error as Error).name}`);
      }
    }
    evidence.texts.push(...logger.lines, ...events);
    const root = (p.deps.archive as FsArchiveStore).root;
    const outDir = join(root, '..');
    for (const file of await filesUnder(outDir)) evidence.texts.push(await readable(file));
    for (const token of p.tokensSeen()) evidence.secrets.add(token);
    for (const request of p.sim.stats.requests.filter((r) => r.endpoint === 'get_token')) {
      const { create_time: createTime } = request.body as { create_time: string };
      evidence.secrets.add(signOf(CREDENTIALS.appId, createTime, CREDENTIALS.appKey));
    }
  } finally {
    await p.close();
  }
}

describe('Log scan: no secret leaves the pipeline', () => {
  const evidence: Evidence = { texts: [], secrets: new Set([CREDENTIALS.appKey]), outcomes: [] };

  beforeAll(async () => {
    // Prepare and Act: every scenario, gathering what it leaves behind
    for (const scenario of SCENARIOS) await runScenario(scenario, evidence);
  });

  afterAll(() => {
    evidence.texts.length = 0;
  });

  it('ran the scenarios it scans: failures and successes, with tokens and signs issued', () => {
    // Assess
    expect(evidence.outcomes).toEqual([
      'token invalidated mid-run #1: sent 3',
      'get_token failing every time #1: RunStepError',
      'get_token failing every time #2: sent 3',
      'a broken answer failing collect #1: RunStepError',
      'a broken answer failing collect #2: sent 3',
    ]);
    expect(evidence.secrets.size).toBeGreaterThan(4);
    expect(
      evidence.texts.some((text) => text.startsWith('Content-Type') || text.includes('\nContent-Type')),
    ).toBe(true);
    expect(evidence.texts.some((text) => text.includes('resuming collection from a checkpoint'))).toBe(true);
    expect(evidence.texts.some((text) => text.includes('"kind":"tokenRefresh"'))).toBe(true);
    expect(
      evidence.texts.some((text) => text.includes('could not be read: staffWorkStatis.human_consult')),
    ).toBe(true);
  });

  it('finds no token, app_key or sign in any log line, event, error, manifest, archive file or .eml', () => {
    // Act
    const leaks = [...evidence.secrets].flatMap((secret) =>
      evidence.texts
        .filter((text) => text.includes(secret))
        .map((text) => `${secret}: ${text.slice(0, 200)}`),
    );

    // Assess
    expect(leaks).toEqual([]);
  });
});
