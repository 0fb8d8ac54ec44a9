import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.ts';
import { memoryIo } from '../../support/cli-io.ts';
import { CliChild } from './cli-child.ts';
import { type CliRun, CONFIG, runCliProcess } from './cli-process.ts';
import {
  emlCount,
  expectExactlyOnce,
  outboxMessages,
  runLeases,
  WEEK,
  WEEKLY_RECIPIENTS,
  weeklyPaths,
  weeklyRunArgs,
} from './weekly-run.ts';

/** "Trust in delivery" from outside: what exit 0, 1 and 2 promise, and what a run writes where. */
describe('CLI: sobot-reports run, trust in delivery', () => {
  let cwd: string;
  let outs = 0;
  const freshOut = () => join(cwd, `out-${++outs}`);

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sobot-cli-trust-'));
  });

  afterEach(async () => {
    await CliChild.endAll();
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('exits 1 naming the live holder (also as {"ok":false} with --json) while another process holds the run; the holder still delivers each message once', async () => {
    // Prepare
    const out = freshOut();
    const holder = CliChild.start(weeklyRunArgs(out), { cwd });
    await holder.until('the run lease', () => existsSync(weeklyPaths(out).claim));
    // Stopped, it stays alive and holding the run for as long as the second attempts take.
    holder.signal('SIGSTOP');
    const [claim] = await runLeases(out);

    // Act
    const [second, secondJson] = await Promise.all([
      runCliProcess(weeklyRunArgs(out), { cwd }),
      runCliProcess(weeklyRunArgs(out, '--json'), { cwd }),
    ]);
    const sentWhileHeld = emlCount(out);
    holder.signal('SIGCONT');
    const holderEnd = await holder.ended;

    // Assess
    const names = `another attempt holds ${WEEK.runKey} (host ${hostname()}, pid ${holder.pid}) until ${claim?.expiresAt}`;
    expect(claim?.pid).toBe(holder.pid);
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toContain(names);
    expect(second.stdout).toBe('');
    expect(secondJson.code, secondJson.stderr).toBe(1);
    const json = JSON.parse(secondJson.stdout);
    expect(json.ok).toBe(false);
    expect(json.error).toContain(names);
    expect(sentWhileHeld).toBe(0);
    expect(holderEnd.code, holderEnd.stderr).toBe(0);
    expectExactlyOnce(await outboxMessages(out), []);
  });

  describe('bad input: exit 2 with one line naming the option, before anything starts', () => {
    let plainFile: string;
    let clashingConfig: string;
    const today = DateTime.now().setZone('Asia/Shanghai');
    const day = (date: DateTime) => date.toISODate() ?? '';

    beforeAll(async () => {
      plainFile = join(cwd, 'a-regular-file');
      await writeFile(plainFile, 'not a folder\n');
      const config = JSON.parse(await readFile(CONFIG, 'utf8'));
      const weekly = config.reports.find((report: { id: string }) => report.id === 'weekly-supervisors');
      weekly.recipients.routes[1].name = 'Customer-Care!';
      clashingConfig = join(cwd, 'clashing-routes.config.json');
      await writeFile(clashingConfig, JSON.stringify(config, null, 2));
    });

    const cases: { input: string; args: (out: string) => string[]; names: readonly string[] }[] = [
      {
        input: '--target aws without --sobot-url or SOBOT_BASE_URL',
        args: (out) => ['run', '--config', CONFIG, '--target', 'aws', '--bucket', 'x', '--out', out],
        names: ['error: --sobot-url: '],
      },
      {
        input: 'an --out below a regular file',
        args: () => weeklyRunArgs(join(plainFile, 'out')),
        names: ['error: --out: ', 'ENOTDIR'],
      },
      {
        input: 'a future --date',
        args: (out) => ['run', '--config', CONFIG, '--date', day(today.plus({ days: 1 })), '--out', out],
        names: [`error: --date: ${day(today.plus({ days: 1 }))} is after today`],
      },
      {
        input: 'a --from/--to range ending today',
        args: (out) => [
          ...['run', '--config', CONFIG, '--report', 'weekly-supervisors'],
          ...['--from', day(today.minus({ days: 6 })), '--to', day(today), '--out', out],
        ],
        names: [`error: --to: ${day(today)} has not ended yet`],
      },
      {
        input: 'a config whose two routes slug alike',
        args: (out) => ['run', '--config', clashingConfig, '--out', out],
        names: ['"Customer Care"', '"Customer-Care!"', 'customer-care'],
      },
    ];

    for (const { input, args, names } of cases) {
      it(`refuses ${input}: no simulator started and nothing written`, async () => {
        // Prepare
        const out = freshOut();

        // Act: in-process, as the CLI's own subprocess smoke tests cover starting it.
        const { io, written } = memoryIo(process.env);
        const code = await runCli(args(out), io);
        const { stdout, stderr } = written;

        // Assess
        expect(code, stderr).toBe(2);
        expect(stderr.trim().split('\n')).toHaveLength(1);
        for (const name of names) expect(stderr).toContain(name);
        expect(stderr).not.toContain('Statistics from');
        expect(stdout).toBe('');
        expect(existsSync(out)).toBe(false);
        expect((await stat(plainFile)).isFile()).toBe(true);
        expect(await readFile(plainFile, 'utf8')).toBe('not a folder\n');
      });
    }
  });

  describe('after a delivery', () => {
    let out: string;
    let delivery: CliRun;

    beforeAll(async () => {
      out = freshOut();
      delivery = await runCliProcess(weeklyRunArgs(out), { cwd });
    });

    it('marks every message built from the embedded simulator "[SIMULATED DATA]" in its subject', async () => {
      // Act
      const messages = await outboxMessages(out);

      // Assess
      expect(delivery.code, delivery.stderr).toBe(0);
      expectExactlyOnce(messages, []);
      for (const { subject } of messages)
        expect(subject).toMatch(/^\[SIMULATED DATA\] Weekly live-chat report/);
      const subjectOf = (slice: string) =>
        messages.find((message) => message.to.includes(WEEKLY_RECIPIENTS[slice] ?? ''))?.subject;
      expect(subjectOf('customer-care')).toContain('Customer Care');
      expect(subjectOf('technical-support')).toContain('Technical Support');
    });

    it('leaves the delivered manifest byte for byte on a dry run, which archives under <label>/dry-run/ and sends nothing', async () => {
      // Prepare
      const { manifest, runFolder, outbox } = weeklyPaths(out);
      const manifestBefore = await readFile(manifest);
      const outboxBefore = await readdir(outbox);

      // Act
      const dryRun = await runCliProcess(weeklyRunArgs(out, '--dry-run'), { cwd });
      const listed = await runCliProcess(
        ['archive', 'list', '--report', 'weekly-supervisors', '--out', out, '--json'],
        { cwd },
      );

      // Assess
      expect(dryRun.code, dryRun.stderr).toBe(0);
      expect(dryRun.stdout).toContain('dry run, rendered and archived, nothing sent');
      expect((await readFile(manifest)).equals(manifestBefore), 'manifest.json unchanged').toBe(true);
      expect(await readdir(outbox)).toEqual(outboxBefore);
      expect(existsSync(join(runFolder, 'dry-run', 'manifest.json'))).toBe(true);
      expect(listed.code, listed.stderr).toBe(0);
      const runs: {
        period: { label: string };
        dryRun: boolean;
        files: { key: string }[];
        messages: unknown[];
      }[] = JSON.parse(listed.stdout).runs.filter(
        (run: { period: { label: string } }) => run.period.label === WEEK.label,
      );
      const folder = `reports/weekly-supervisors/weekly/2026/${WEEK.label}/`;
      const dry = runs.filter((run) => run.dryRun);
      const sent = runs.filter((run) => !run.dryRun);
      expect(dry).toHaveLength(1);
      expect(sent).toHaveLength(1);
      expect(dry[0]?.files.length).toBeGreaterThan(0);
      for (const { key } of dry[0]?.files ?? []) expect(key.startsWith(`${folder}dry-run/`), key).toBe(true);
      expect(sent[0]?.messages).toHaveLength(3);
      for (const { key } of sent[0]?.files ?? []) {
        expect(key.startsWith(folder) && !key.includes('/dry-run/'), key).toBe(true);
      }
    });
  });
});
