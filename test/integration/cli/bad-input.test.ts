import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG, runCliProcess } from './cli-process.ts';

/** Bad input exits 2 with one line naming the option or field, and writes nothing to `--out`. */
describe('CLI: sobot-reports run with bad input', () => {
  let cwd: string;
  let badConfig: string;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sobot-cli-input-'));
    const config = JSON.parse(await readFile(CONFIG, 'utf8'));
    config.reports[0].recipients.to[0] = 'not-an-address';
    badConfig = join(cwd, 'bad.config.json');
    await writeFile(badConfig, JSON.stringify(config));
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  const cases: { name: string; args: () => string[]; names: string }[] = [
    { name: 'an unknown option', args: () => ['--colour', 'red'], names: "unknown option '--colour'" },
    { name: 'an unknown period', args: () => ['--period', 'hourly'], names: "option '--period <period>'" },
    { name: 'an impossible date', args: () => ['--date', '2025-02-30'], names: '--date: 2025-02-30' },
    {
      name: '--from without --to',
      args: () => ['--from', '2025-01-01'],
      names: '--to: is required with --from',
    },
    {
      name: 'a range over 90 days',
      args: () => ['--from', '2025-01-01', '--to', '2025-06-30'],
      names: '--to: 2025-01-01..2025-06-30 spans 181 days',
    },
    {
      name: 'an invalid config file',
      args: () => ['--config', badConfig],
      names: 'reports[0].recipients.to[0]: is not a valid email address',
    },
    {
      name: 'an unknown report',
      args: () => ['--report', 'hourly-nothing'],
      names: '--report: unknown report',
    },
  ];

  it.each(cases)('exits 2 on $name, naming it in one line, and writes nothing', async ({ args, names }) => {
    // Prepare
    const out = join(cwd, `out-${Math.random().toString(36).slice(2)}`);

    // Act
    const { code, stdout, stderr } = await runCliProcess(
      ['run', '--config', CONFIG, ...args(), '--out', out],
      {
        cwd,
      },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(names);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});
