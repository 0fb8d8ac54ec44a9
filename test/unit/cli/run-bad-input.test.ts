import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG, runCliInProcess } from '../../support/cli-io.ts';

/**
 * `sobot-reports run` with bad input, in-process: exit 2 with one line naming the option or field,
 * before anything starts (no simulator, nothing in `--out`). The binary's own exit code for bad input
 * is covered by the subprocess smoke tests in test/integration/cli/.
 */
describe('CLI: sobot-reports run with bad input', () => {
  let cwd: string;
  let badConfig: string;
  let clashingConfig: string;
  let plainFile: string;
  let outs = 0;
  const freshOut = () => join(cwd, `out-${++outs}`);
  const today = DateTime.now().setZone('Asia/Shanghai');
  const day = (date: DateTime) => date.toISODate() ?? '';

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sobot-cli-input-'));
    const config = JSON.parse(await readFile(CONFIG, 'utf8'));
    config.reports[0].recipients.to[0] = 'not-an-address';
    badConfig = join(cwd, 'bad.config.json');
    await writeFile(badConfig, JSON.stringify(config));

    const clashing = JSON.parse(await readFile(CONFIG, 'utf8'));
    const weekly = clashing.reports.find((report: { id: string }) => report.id === 'weekly-supervisors');
    weekly.recipients.routes[1].name = 'Customer-Care!';
    clashingConfig = join(cwd, 'clashing-routes.config.json');
    await writeFile(clashingConfig, JSON.stringify(clashing, null, 2));

    plainFile = join(cwd, 'a-regular-file');
    await writeFile(plainFile, 'not a folder\n');
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  const run = (out: string, ...args: string[]) => ['run', '--config', CONFIG, ...args, '--out', out];
  const cases: {
    input: string;
    args: (out: string) => string[];
    env?: NodeJS.ProcessEnv;
    names: readonly string[];
    /** The whole of stderr, where a case pins it. */
    whole?: string;
  }[] = [
    {
      input: 'an unknown option',
      args: (out) => run(out, '--colour', 'red'),
      names: ["unknown option '--colour'"],
    },
    {
      input: 'an unknown period',
      args: (out) => run(out, '--period', 'hourly'),
      names: ["option '--period <period>'"],
    },
    {
      input: 'an impossible date',
      args: (out) => run(out, '--date', '2025-02-30'),
      names: ['--date: 2025-02-30'],
    },
    {
      input: '--from without --to',
      args: (out) => run(out, '--from', '2025-01-01'),
      names: ['--to: is required with --from'],
    },
    {
      input: 'a range over 90 days',
      args: (out) => run(out, '--from', '2025-01-01', '--to', '2025-06-30'),
      names: ['--to: 2025-01-01..2025-06-30 spans 181 days'],
    },
    {
      input: 'an invalid config file',
      args: (out) => run(out, '--config', badConfig),
      names: ['reports[0].recipients.to[0]: is not a valid email address'],
    },
    {
      input: 'an unknown report',
      args: (out) => run(out, '--report', 'hourly-nothing'),
      names: ['--report: unknown report'],
    },
    {
      input: '--target aws without --sobot-url or SOBOT_BASE_URL',
      args: (out) => run(out, '--target', 'aws', '--bucket', 'x'),
      names: ['error: --sobot-url: '],
    },
    {
      input: '--sobot-url without SOBOT_APP_KEY in the environment',
      args: (out) => run(out, '--sobot-url', 'http://127.0.0.1:9'),
      env: { SOBOT_APPID: 'app-id' },
      names: ['SOBOT_APP_KEY'],
      whole: 'error: SOBOT_APP_KEY: environment variable is required with --sobot-url',
    },
    {
      input: 'an --out below a regular file',
      args: () => ['run', '--config', CONFIG, '--period', 'weekly', '--out', join(plainFile, 'out')],
      names: ['error: --out: ', 'ENOTDIR'],
    },
    {
      input: 'a future --date',
      args: (out) => run(out, '--date', day(today.plus({ days: 1 }))),
      names: [`error: --date: ${day(today.plus({ days: 1 }))} is after today`],
    },
    {
      input: 'a --from/--to range ending today',
      args: (out) =>
        run(
          out,
          '--report',
          'weekly-supervisors',
          '--from',
          day(today.minus({ days: 6 })),
          '--to',
          day(today),
        ),
      names: [`error: --to: ${day(today)} has not ended yet`],
    },
    {
      input: 'a config whose two routes slug alike',
      args: (out) => ['run', '--config', clashingConfig, '--out', out],
      names: ['"Customer Care"', '"Customer-Care!"', 'customer-care'],
    },
  ];

  it.each(cases)(
    'exits 2 on $input, naming it in one line, with nothing started or written',
    async ({ args, env, names, whole }) => {
      // Prepare
      const out = freshOut();

      // Act
      const { code, stdout, stderr } = await runCliInProcess(args(out), env ? { env } : {});

      // Assess
      expect(code, stderr).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      for (const name of names) expect(stderr).toContain(name);
      if (whole !== undefined) expect(stderr.trim()).toBe(whole);
      expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
      expect(stderr).not.toContain('Statistics from');
      expect(stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect((await stat(plainFile)).isFile()).toBe(true);
      expect(await readFile(plainFile, 'utf8')).toBe('not a folder\n');
    },
  );
});
