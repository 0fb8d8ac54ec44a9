import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount } from '../../../simulator/data/account.ts';
import { type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import { loadRecording } from '../../../simulator/replay.ts';
import { CONFIG, runCliInProcess } from '../../support/cli-io.ts';

/**
 * `sobot-reports check` in-process against the in-process simulator, as a user's own account would be
 * checked with `--sobot-url`: the table and its exit code, `--json`, `--record` and its replay by the
 * simulator and by `run --replay`, and bad input.
 */

const CREDENTIALS = { appId: 'check-app', appKey: 'APPKEY-check-4e1d9a7c' };
const env = { SOBOT_APPID: CREDENTIALS.appId, SOBOT_APP_KEY: CREDENTIALS.appKey };

interface CheckJson {
  ok: boolean;
  simulated: boolean;
  workLogFilter: string;
  endpoints: { endpoint: string; ok: boolean; [field: string]: unknown }[];
}

describe('CLI: sobot-reports check', () => {
  let folder: string;
  let sim: RunningSimulator;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sobot-check-'));
    sim = await startSimulator({ credentials: CREDENTIALS });
  });

  afterEach(() => {
    sim.faults.clear();
  });

  afterAll(async () => {
    await sim.close();
    await rm(folder, { recursive: true, force: true });
  });

  const check = (url: string, ...args: string[]) =>
    runCliInProcess(['check', '--sobot-url', url, ...args], { env });

  it('answers 0 with one row per endpoint, within 100 columns, when every answer is in the documented shape', async () => {
    // Act
    const run = await check(sim.url);

    // Assess
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.length > 100)).toEqual([]);
    const rows = lines.filter((line) => / {2}(answered|refused|no answer) /.test(line));
    expect(rows).toHaveLength(18);
    expect(rows.find((line) => line.startsWith('getWorkLogList'))).toMatch(/ table$/);
    expect(lines.at(-1)).toBe('All 18 endpoints answer in the documented shape.');
  });

  it('answers 1 and names the endpoint and the value when a value cannot be decoded', async () => {
    // Prepare: a duration text lands in a count field.
    sim.faults.add({
      endpoint: 'staffWorkStatis',
      kind: 'renameField',
      field: 'human_consult_duration_str',
      to: 'human_consult',
    });

    // Act
    const run = await check(sim.url);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^staffWorkStatis undecoded: items\[0\]\.human_consult = "/m);
    expect(run.stdout).toContain(
      '17 of 18 endpoints answer in the documented shape; not: staffWorkStatis (1 undecoded).',
    );
    expect(run.stderr).toContain('error: check: 1 of 18 endpoints did not answer in the documented shape');
  });

  it('prints one JSON document with --json, where a renamed field is reported but does not fail the check', async () => {
    // Prepare
    sim.faults.add({ endpoint: 'getGeneral', kind: 'renameField', field: 'one_time_solution_rate', to: 'x' });

    // Act
    const run = await check(sim.url, '--json');

    // Assess
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? '') as CheckJson;
    expect(result).toMatchObject({ ok: true, simulated: false, workLogFilter: 'table' });
    expect(result.endpoints.find((e) => e.endpoint === 'getGeneral')).toMatchObject({
      missing: ['one_time_solution_rate'],
      extra: ['x'],
    });
    expect(run.stdout).not.toContain('exchanges');
  });

  it('records a drifted account redacted, and the simulator replays it with the same verdicts', async () => {
    // Prepare: an account drifted from the reference (simulator/http/drift.ts; seed 3 drifts every kind).
    const drifted = await startSimulator({ credentials: CREDENTIALS, drift: true, seed: 3 });
    const file = join(folder, 'drifted.json');
    const recorded = await check(drifted.url, '--json', '--record', file).finally(() => drifted.close());
    const notes: string[] = [];
    const replay = await startSimulator({
      credentials: CREDENTIALS,
      replay: { recording: await loadRecording(file), onNote: (note) => notes.push(note) },
    });

    try {
      // Act: the replay is asked for another day than the recording holds.
      const earlier = DateTime.now().setZone('Asia/Shanghai').minus({ days: 3 }).toISODate() ?? '';
      const replayed = await check(replay.url, '--json', '--date', earlier);

      // Assess
      const verdicts = (run: { stdout: string }) =>
        (JSON.parse(run.stdout) as CheckJson).endpoints.map(({ rows: _rows, ...verdict }) => verdict);
      expect(verdicts(replayed)).toEqual(verdicts(recorded));
      const byName = new Map(verdicts(replayed).map((verdict) => [verdict.endpoint, verdict]));
      expect(byName.get('getStat')).toMatchObject({
        missing: ['human_consult'],
        extra: expect.arrayContaining(['humanConsult']),
        dateFields: ['result_date'],
        undecoded: [],
      });
      expect(byName.get('staffWorkStatis')).toMatchObject({ missing: ['human_consult'] });
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/the recording holds \d{4}-\d{2}-\d{2} \(Asia\/Shanghai\) only/);
    } finally {
      await replay.close();
    }
  });

  it('replays a dropped field and a renamed date field as recorded', async () => {
    // Prepare
    sim.faults.add({ endpoint: 'getStat', kind: 'renameField', field: 'real_date', to: 'result_date' });
    sim.faults.add({ endpoint: 'getWorkLogList', kind: 'dropField', field: 'busy_counts', times: 3 });
    const file = join(folder, 'faulted.json');
    await check(sim.url, '--json', '--record', file);
    const replay = await startSimulator({
      credentials: CREDENTIALS,
      replay: { recording: await loadRecording(file) },
    });

    try {
      // Act
      const replayed = await check(replay.url, '--json');

      // Assess
      const byName = new Map(
        (JSON.parse(replayed.stdout) as CheckJson).endpoints.map((verdict) => [verdict.endpoint, verdict]),
      );
      expect(byName.get('getStat')).toMatchObject({ dateFields: ['result_date'] });
      expect(byName.get('getWorkLogList')).toMatchObject({ missing: ['busy_counts'] });
    } finally {
      await replay.close();
    }
  });

  it('keeps no app key and no agent name or email in the recording', async () => {
    // Prepare
    const file = join(folder, 'plain.json');

    // Act
    const run = await check(sim.url, '--record', file);

    // Assess
    expect(run.code).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(CREDENTIALS.appKey);
    const account = buildAccount(1, { departments: 4, groupsPerDepartment: 2, agents: 40, channels: 4 });
    const people = account.agents.flatMap((agent) => [agent.name, agent.nick, agent.email]);
    expect(people.filter((value) => text.includes(value))).toEqual([]);
    expect(text).toContain('"Agent 1"');
  });

  it('runs the report pipeline from a recording with run --replay', async () => {
    // Prepare
    const file = join(folder, 'for-run.json');
    await check(sim.url, '--record', file);
    const out = join(folder, 'out');

    // Act
    const run = await runCliInProcess([
      'run',
      '--replay',
      file,
      '--config',
      CONFIG,
      '--report',
      'daily-channels',
      '--dry-run',
      '--out',
      out,
    ]);

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Statistics from the recording .*for-run\.json/);
    expect(run.stdout).toContain('daily-channels');
  });

  it.each([
    { args: ['check', '--date', '2025-02-30'], names: '--date: "2025-02-30" is not a yyyy-MM-dd date' },
    {
      args: ['check', '--timezone', 'Mars/Olympus'],
      names: '--timezone: "Mars/Olympus" is not an IANA time zone',
    },
    {
      args: ['check', '--record', '/no/such/folder/x.json'],
      names: '--record: cannot write to /no/such/folder',
    },
    { args: ['check'], env, names: '--sobot-url: SOBOT_APPID or SOBOT_APP_KEY is set but no API is named' },
    { args: ['check', '--sobot-url', 'ftp://example.com'], env, names: '--sobot-url: "ftp://example.com"' },
    {
      args: ['check', '--token-parameter', '/sobot-report-mailer/token'],
      names: '--sobot-url: --token-parameter checks a real API',
    },
    {
      args: ['check', '--token-refresh-function', 'fn'],
      names: '--token-refresh-function: is used only with --token-parameter',
    },
    {
      args: ['run', '--replay', '/no/such/recording.json'],
      names: '--replay: cannot read /no/such/recording.json',
    },
    {
      args: ['run', '--replay', 'x.json', '--target', 'aws', '--bucket', 'b'],
      names: '--replay: --target aws',
    },
  ])('refuses $args with exit 2 and one line naming the option', async ({ args, env: given, names }) => {
    // Act
    const run = await runCliInProcess(args, given ? { env: given } : {});

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(`error: ${names}`)]);
  });

  it('refuses a replay file that is not a recording, naming the field', async () => {
    // Prepare
    const file = join(folder, 'not-a-recording.json');
    await writeFile(file, JSON.stringify({ format: 'sobot-reports/recording@1', day: 'tuesday' }));

    // Act
    const run = await runCliInProcess(['run', '--replay', file, '--config', CONFIG]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --replay: .*not-a-recording\.json is not a recording: recordedAt: /);
  });
});
