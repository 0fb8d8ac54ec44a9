import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportWindow } from '../../../src/core/report/periods.ts';
import { runCliInProcess } from '../../support/cli-io.ts';
import { type CliRun, CONFIG, runCliProcess } from './cli-process.ts';

/**
 * The CLI as a user runs it, against the embedded simulator, sharing one `out` folder: the default
 * (weekly) run first, then the other commands over what it archived. One smoke test per command
 * starts the binary itself (`sobot-reports run`, `preview`, `archive list`, `history`, `invoke`); the
 * other cases run the same commands in-process, as starting Node.js and compiling the CLI once per
 * case is what made this suite slow.
 */
describe('CLI: sobot-reports run, preview and archive against the embedded simulator', () => {
  let cwd: string;
  let out: string;
  let firstRun: CliRun;
  const today = DateTime.now().setZone('Asia/Shanghai').toISODate() ?? '';
  const week = reportWindow('weekly', today, 'Asia/Shanghai');
  const weekFolder = `archive/reports/weekly-supervisors/weekly/${week.from.slice(0, 4)}/${week.label}`;
  const cli = (...args: string[]) => runCliProcess([...args, '--config', CONFIG, '--out', out], { cwd });
  const inProcess = (...args: string[]) => runCliInProcess([...args, '--config', CONFIG, '--out', out]);
  const outbox = async () => (await readdir(join(out, 'outbox'))).filter((name) => name.endsWith('.eml'));

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sobot-cli-'));
    out = join(cwd, 'out');
    firstRun = await cli('run');
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('runs the weekly report by default, archives it in the documented layout and writes the .eml files', async () => {
    // Prepare
    const base = `weekly-supervisors_${week.from}_${week.to}`;

    // Act
    const { code, stdout } = firstRun;

    // Assess
    expect(code).toBe(0);
    for (const file of [
      `${base}.xlsx`,
      `${base}.html`,
      `${base}_customer-care.xlsx`,
      'raw.json.gz',
      'manifest.json',
    ]) {
      expect(existsSync(join(out, weekFolder, file)), file).toBe(true);
    }
    expect(existsSync(join(out, 'archive/reports/index.html'))).toBe(true);
    expect(stdout).toContain(`run key    weekly-supervisors/${week.from}_${week.to}`);
    expect(stdout).toContain(`out/${weekFolder}`);
    const printedEml = stdout.split('\n').filter((line) => line.trim().endsWith('.eml'));
    expect(printedEml).toHaveLength(3);
    for (const line of printedEml) expect(existsSync(resolve(cwd, line.trim()))).toBe(true);
    expect(await outbox()).toHaveLength(3);
  });

  it('says already delivered, exits 0 and writes no new .eml when the same run is repeated', async () => {
    // Prepare
    const before = await outbox();

    // Act
    const { code, stdout } = await inProcess('run');

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('already delivered');
    expect(await outbox()).toEqual(before);
  });

  it('runs the daily reports with --period daily and prints one parseable JSON result with --json', async () => {
    // Act
    const { code, stdout } = await inProcess('run', '--period', 'daily', '--json');

    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.ok).toBe(true);
    expect(result.runs).toHaveLength(1);
    expect(result.runs[0]).toMatchObject({
      reportId: 'daily-channels',
      period: { kind: 'daily' },
      dryRun: false,
    });
    expect(result.runs[0].apiCalls).toBeGreaterThan(0);
    expect(result.runs[0].emlFiles).toHaveLength(1);
    expect(existsSync(result.runs[0].emlFiles[0])).toBe(true);
  });

  it('renders and archives the monthly report with --dry-run but sends nothing', async () => {
    // Prepare
    const before = await outbox();

    // Act
    const { code, stdout } = await inProcess('run', '--period', 'monthly', '--dry-run');

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('monthly-groups');
    expect(stdout).toContain('dry run, rendered and archived, nothing sent');
    expect(await outbox()).toEqual(before);
    const month = reportWindow('monthly', today, 'Asia/Shanghai');
    const folder = join(out, 'archive/reports/monthly-groups/monthly', month.from.slice(0, 4), month.label);
    expect((await readdir(join(folder, 'dry-run'))).filter((name) => name.endsWith('.xlsx'))).toHaveLength(1);
    expect(await readdir(folder)).toEqual(['dry-run']);
  });

  it('previews the weekly run from its archived snapshot into out/preview and prints the paths', async () => {
    // Act
    const { code, stdout } = await cli('preview');

    // Assess
    expect(code).toBe(0);
    const printed = stdout.trim().split('\n');
    expect(printed).toHaveLength(6);
    for (const line of printed) {
      expect(line.startsWith('out/preview/')).toBe(true);
      expect(existsSync(resolve(cwd, line))).toBe(true);
    }
  });

  it('lists archived runs newest first with their files', async () => {
    // Prepare
    const earlier = DateTime.fromISO(today).minus({ weeks: 1 }).toISODate() ?? '';
    const earlierRun = await inProcess('run', '--date', earlier, '--dry-run');

    // Act
    const { code, stdout } = await runCliProcess(
      ['archive', 'list', '--report', 'weekly-supervisors', '--out', out],
      {
        cwd,
      },
    );

    // Assess
    expect(earlierRun.code, earlierRun.stderr).toBe(0);
    expect(code).toBe(0);
    const heads = stdout.split('\n').filter((line) => line.startsWith('weekly-supervisors'));
    const previousLabel = reportWindow('weekly', earlier, 'Asia/Shanghai').label;
    expect(heads.map((line) => line.split(/\s+/)[1])).toEqual([week.label, previousLabel]);
    expect(heads[0]).toMatch(/ delivered, 3 email\(s\)$/);
    expect(heads[1]).toMatch(/ dry run$/);
    expect(stdout).toContain(
      `${weekFolder.slice('archive/'.length)}/weekly-supervisors_${week.from}_${week.to}.xlsx`,
    );
  });

  it('shows the delivery history of the weekly run, each message sent, and says only SES reports more', async () => {
    // Act
    const { code, stdout, stderr } = await runCliProcess(
      ['history', '--report', 'weekly-supervisors', '--out', out],
      { cwd },
    );

    // Assess
    expect(code, stderr).toBe(0);
    const head = stdout.split('\n').find((line) => line.includes(week.label)) ?? '';
    expect(head).toMatch(/^weekly-supervisors {2}.* {2}delivered$/);
    const slices = stdout.split('\n').filter((line) => /^ {2}[0-9a-f]{12} /.test(line));
    expect(slices.map((line) => line.trim().split(/\s+/)[1])).toEqual([
      'all',
      'customer-care',
      'technical-support',
    ]);
    expect(stderr).toContain('delivery events (delivered, bounced, complained, rejected) come only from SES');
  });

  it('exits 2 from the binary on bad input, with one line naming the missing --function-name of invoke', async () => {
    // Act
    const { code, stdout, stderr } = await runCliProcess(
      ['invoke', '--report', 'weekly-supervisors', '--config', CONFIG],
      { cwd },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe('error: --function-name: is required (or set ON_DEMAND_FUNCTION)\n');
    expect(stdout).toBe('');
  });
});
