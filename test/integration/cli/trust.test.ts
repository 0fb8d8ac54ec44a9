import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCliInProcess } from '../../support/cli-io.ts';
import { CliChild } from './cli-child.ts';
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

/**
 * "Trust in delivery" from outside: what exit 0 and 1 promise, and what a run writes where. The live
 * holder is a real process (its pid is what the lease names); the attempts against it and the runs
 * after a delivery go through `runCli` in this process. Bad input (exit 2) is in
 * test/unit/cli/run-bad-input.test.ts.
 */
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
      runCliInProcess(weeklyRunArgs(out)),
      runCliInProcess(weeklyRunArgs(out, '--json')),
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

  describe('after a delivery', () => {
    let out: string;
    let delivery: CliRun;

    beforeAll(async () => {
      out = freshOut();
      delivery = await runCliInProcess(weeklyRunArgs(out));
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
      const dryRun = await runCliInProcess(weeklyRunArgs(out, '--dry-run'));
      const listed = await runCliInProcess([
        'archive',
        'list',
        '--report',
        'weekly-supervisors',
        '--out',
        out,
        '--json',
      ]);

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
