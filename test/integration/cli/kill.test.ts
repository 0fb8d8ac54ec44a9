import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../support/cli-io.ts';
import { CliChild } from './cli-child.ts';
import {
  emlCount,
  expectExactlyOnce,
  outboxMessages,
  permittedDuplicates,
  runLeases,
  unrecordedHandovers,
  WEEK,
  weeklyPaths,
  weeklyRunArgs,
} from './weekly-run.ts';

/**
 * "Trust in delivery" from outside: the CLI process is stopped at chosen moments of a weekly run
 * (each recognised by a line on stderr or a file in `--out`, never by time), then the same command
 * is run again at once with the same `--out`. Only the runs that are killed or signalled are real
 * processes; the runs after them go through `runCli` in this process (their lease names this pid), so
 * each scenario starts as few processes as it needs.
 */
describe('CLI: sobot-reports run stopped part-way, then run again', () => {
  let cwd: string;
  let outs = 0;
  const freshOut = () => join(cwd, `out-${++outs}`);
  const delivered = new RegExp(`${WEEK.label} \\(2026-11-16 to 2026-11-22\\): (already )?delivered`);

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sobot-cli-kill-'));
  });

  afterEach(async () => {
    await CliChild.endAll();
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  const killMoments: { moment: string; reached: (cli: CliChild, out: string) => Promise<unknown> }[] = [
    {
      moment: 'at its first progress line, before collecting',
      reached: (cli) => cli.stderrLine(new RegExp(`^\\[weekly-supervisors ${WEEK.label}\\] started$`)),
    },
    {
      moment: 'once the raw snapshot is archived, while rendering',
      reached: (cli, out) => cli.until('raw.json.gz in the archive', () => existsSync(weeklyPaths(out).raw)),
    },
    {
      moment: 'right after the first message reached the outbox',
      reached: (cli, out) => cli.until('a first .eml in the outbox', () => emlCount(out) > 0),
    },
  ];

  for (const { moment, reached } of killMoments) {
    it(`kill -9 ${moment}: the rerun proceeds at once past the dead holder and each recipient gets one message`, async () => {
      // Prepare
      const out = freshOut();
      const killed = CliChild.start(weeklyRunArgs(out), { cwd });
      await reached(killed, out);
      killed.signal('SIGKILL');
      const killedEnd = await killed.ended;
      const leftBehind = await runLeases(out);
      const handedOver = await unrecordedHandovers(out);
      const mayRepeat = await permittedDuplicates(out);
      const rerunStartedAt = Date.now();

      // Act
      const { code, stdout, stderr } = await runCliInProcess(weeklyRunArgs(out));

      // Assess
      expect(killedEnd.signal, 'the kill landed while the run was still going').toBe('SIGKILL');
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(delivered);
      expectExactlyOnce(await outboxMessages(out), mayRepeat);
      for (const slice of handedOver) expect(stderr).toContain(`may arrive twice (slice=${slice})`);
      // A lease the dead process left had not lapsed: only its gone pid on this host let the rerun in.
      for (const lease of leftBehind) {
        expect(lease).toMatchObject({ host: hostname(), pid: killed.pid });
        expect(Date.parse(lease.expiresAt)).toBeGreaterThan(rerunStartedAt);
      }
      const rerunLeases = stdout.includes('already delivered') ? [] : [process.pid];
      expect((await runLeases(out)).map((lease) => lease.pid)).toEqual([
        ...leftBehind.map((lease) => lease.pid),
        ...rerunLeases,
      ]);
    });
  }

  it('SIGINT while collecting, then SIGTERM on the rerun while rendering: each stops before sending, gives the run up and exits 130 / 143; the third run delivers each message once', async () => {
    // Prepare
    const out = freshOut();
    const paths = weeklyPaths(out);
    const interrupted = CliChild.start(weeklyRunArgs(out), { cwd });
    await interrupted.until('the run lease', () => existsSync(paths.claim));
    interrupted.signal('SIGINT');
    const interruptedEnd = await interrupted.ended;
    const sentBeforeInterrupt = emlCount(out);
    const terminated = CliChild.start(weeklyRunArgs(out), { cwd });
    await terminated.until('raw.json.gz in the archive', () => existsSync(paths.raw));
    terminated.signal('SIGTERM');
    const terminatedEnd = await terminated.ended;
    const sentBeforeTerminate = emlCount(out);

    // Act
    const { code, stdout, stderr } = await runCliInProcess(weeklyRunArgs(out));

    // Assess
    const stopped = 'stopped; run the same command again to continue\n';
    expect(interruptedEnd.code, interruptedEnd.stderr).toBe(130);
    expect(interruptedEnd.stderr).toContain(stopped);
    expect(interruptedEnd.stdout).toBe('');
    expect(sentBeforeInterrupt).toBe(0);
    expect(terminatedEnd.code, terminatedEnd.stderr).toBe(143);
    expect(terminatedEnd.stderr).toContain(stopped);
    expect(terminatedEnd.stdout).toBe('');
    expect(sentBeforeTerminate).toBe(0);
    expect(existsSync(paths.released(0)), 'run.released.0.json').toBe(true);
    expect(existsSync(paths.released(1)), 'run.released.1.json').toBe(true);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`${WEEK.label} (2026-11-16 to 2026-11-22): delivered`);
    expectExactlyOnce(await outboxMessages(out), []);
    expect((await runLeases(out)).map((lease) => lease.pid)).toEqual([
      interrupted.pid,
      terminated.pid,
      process.pid,
    ]);
  });
});
