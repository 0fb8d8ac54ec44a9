import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import { CONFIG, runCliInProcess } from '../../support/cli-io.ts';

/**
 * `--sobot-url` points the CLI at another Sobot API (here a simulator of the test's own). In-process:
 * the subprocess smoke tests in run.test.ts cover starting the binary; a missing SOBOT_APP_KEY is in
 * test/unit/cli/run-bad-input.test.ts.
 */
describe('CLI: sobot-reports run --sobot-url', () => {
  let cwd: string;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'sobot-cli-url-'));
    simulator = await startSimulator();
  });

  afterAll(async () => {
    await simulator.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it('exits 1 naming the collect step and where the partial results are when the API refuses the credentials', async () => {
    // Prepare
    const out = join(cwd, 'out-refused');
    const appKey = 'wrong-app-key-do-not-print';

    // Act
    const { code, stdout, stderr } = await runCliInProcess(
      ['run', '--sobot-url', simulator.url, '--config', CONFIG, '--out', out],
      { env: { SOBOT_APPID: simulator.credentials.appId, SOBOT_APP_KEY: appKey } },
    );

    // Assess
    expect(code).toBe(1);
    const lastLine = stderr.trim().split('\n').at(-1) ?? '';
    expect(lastLine).toMatch(
      /^error: collect failed: .*\(partial results: .*out-refused\/archive\/reports\/weekly-supervisors\//,
    );
    expect(stdout + stderr).not.toContain(appKey);
    expect(stdout).toBe('');
  });

  it('collects from the given API with the credentials from the environment', async () => {
    // Prepare
    simulator.resetStats();
    const { appId, appKey } = simulator.credentials;
    const out = join(cwd, 'out-ok');

    // Act
    const { code, stdout } = await runCliInProcess(
      ['run', '--sobot-url', simulator.url, '--dry-run', '--json', '--config', CONFIG, '--out', out],
      { env: { SOBOT_APPID: appId, SOBOT_APP_KEY: appKey } },
    );

    // Assess
    expect(code).toBe(0);
    const calls = Object.values(simulator.stats.callsByEndpoint).reduce((sum, n) => sum + n, 0);
    expect(JSON.parse(stdout).runs[0].apiCalls).toBe(calls - simulator.stats.tokensIssued);
    expect(simulator.stats.tokensIssued).toBe(1);
  });
});
