import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../../simulator/index.ts';
import { CONFIG, runCliProcess } from './cli-process.ts';

/** `--sobot-url` points the CLI at another Sobot API (here a simulator of the test's own). */
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

  it('exits 2 naming SOBOT_APP_KEY when the credentials are not in the environment, and writes nothing', async () => {
    // Prepare
    const out = join(cwd, 'out-missing-key');

    // Act
    const { code, stderr } = await runCliProcess(
      ['run', '--sobot-url', simulator.url, '--config', CONFIG, '--out', out],
      { cwd, env: { SOBOT_APPID: simulator.credentials.appId } },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('error: SOBOT_APP_KEY: environment variable is required with --sobot-url');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 naming the collect step and where the partial results are when the API refuses the credentials', async () => {
    // Prepare
    const out = join(cwd, 'out-refused');
    const appKey = 'wrong-app-key-do-not-print';

    // Act
    const { code, stdout, stderr } = await runCliProcess(
      ['run', '--sobot-url', simulator.url, '--config', CONFIG, '--out', out],
      { cwd, env: { SOBOT_APPID: simulator.credentials.appId, SOBOT_APP_KEY: appKey } },
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

    // Act
    const { code, stdout } = await runCliProcess(
      [
        'run',
        '--sobot-url',
        simulator.url,
        '--dry-run',
        '--json',
        '--config',
        CONFIG,
        '--out',
        join(cwd, 'out-ok'),
      ],
      { cwd, env: { SOBOT_APPID: appId, SOBOT_APP_KEY: appKey } },
    );

    // Assess
    expect(code).toBe(0);
    const calls = Object.values(simulator.stats.callsByEndpoint).reduce((sum, n) => sum + n, 0);
    expect(JSON.parse(stdout).runs[0].apiCalls).toBe(calls - simulator.stats.tokensIssued);
    expect(simulator.stats.tokensIssued).toBe(1);
  });
});
