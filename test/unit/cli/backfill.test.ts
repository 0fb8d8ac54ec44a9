import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG, runCliInProcess } from '../../support/cli-io.ts';

/**
 * `sobot-reports backfill` in-process against the embedded simulator: the history ahead of the first
 * email, one line per problem with its option (exit 2) before anything is called.
 */

let out: string;

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'sobot-backfill-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(out, { recursive: true, force: true });
});

async function backfill(...options: string[]) {
  return runCliInProcess(['backfill', '--config', CONFIG, '--out', out, ...options]);
}

describe('CLI: backfill', () => {
  it('writes the 8 weeks up to the next run for the whole report and each route, in one API call', async () => {
    // Act
    const run = await backfill('--report', 'weekly-supervisors', '--date', '2025-11-12', '--json');

    // Assess
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, written: 24, found: 0, apiCalls: 1 });
    expect(result.first.label).toBe('2025-W38');
    expect(result.last.label).toBe('2025-W45');
    const folder = join(out, 'archive', 'history', 'weekly-supervisors', 'all', 'weekly');
    expect((await readdir(folder)).sort()).toHaveLength(8);
    const record = JSON.parse(await readFile(join(folder, '2025-W45.json'), 'utf8'));
    expect(record).toMatchObject({ schema: 'sobot-report-history/1', source: 'api' });
    expect(record.figures.totalChats).toBeGreaterThan(0);
  });

  it('completes a stopped backfill when run again, fetching only what is missing', async () => {
    // Prepare
    await backfill('--report', 'weekly-supervisors', '--date', '2025-11-12', '--periods', '3');

    // Act
    const again = await backfill('--report', 'weekly-supervisors', '--date', '2025-11-12', '--json');

    // Assess
    expect(JSON.parse(again.stdout)).toMatchObject({ written: 15, found: 9, apiCalls: 1 });
    const folder = join(out, 'archive', 'history', 'weekly-supervisors', 'customer-care', 'weekly');
    expect(await readdir(folder)).toHaveLength(8);
  });

  it.each([
    [['--periods', '8'], 'error: --report: is required'],
    [
      ['--report', 'weekly-supervisors', '--periods', '0'],
      'error: --periods: must be a whole number from 1 to 60, got "0"',
    ],
    [
      ['--report', 'weekly-supervisors', '--periods', '2.5'],
      'error: --periods: must be a whole number from 1 to 60, got "2.5"',
    ],
    [
      ['--report', 'nope'],
      /^error: --report: no report "nope" in .* \(it has: daily-channels, weekly-supervisors, monthly-groups\)$/,
    ],
    [
      ['--report', 'weekly-supervisors', '--date', '2025-02-30'],
      'error: --date: 2025-02-30 is not a date in the form yyyy-MM-dd',
    ],
  ])('refuses %j in one line naming the option, exit 2', async (options, line) => {
    // Act
    const run = await backfill(...options);

    // Assess
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(run.stdout).toBe('');
  });
});
