import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RunningSimulator, signOf, startSimulator } from '../../../simulator/index.ts';
import { FetchingTokenProvider } from '../../../src/adapters/sobot/token-provider.ts';
import { openStatsSource, sobotTargetFrom, TOKEN_FETCH_WARNING } from '../../../src/cli/wiring.ts';
import { CONFIG, runCliInProcess } from '../../support/cli-io.ts';
import * as stats from '../../support/stats-requests.ts';
import { reportWith } from '../report/report-fixture.ts';

const CREDENTIALS = { appId: 'cli-app-id', appKey: 'cli-app-key-not-to-be-printed' };
const PARAMETER = '/sobot-report-mailer/token';

/** The SSM parameter as the deployed token-refresh function writes it. */
function stored(token: string) {
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  return { Parameter: { Name: PARAMETER, Value: JSON.stringify({ token, expiresAt }) } };
}

describe('CLI: where the API token comes from', () => {
  const ssm = mockClient(SSMClient);
  const lambda = mockClient(LambdaClient);
  let simulator: RunningSimulator;
  /** get_token as the deployed token-refresh function calls it. */
  let deployedFetch: () => Promise<string>;

  beforeEach(async () => {
    ssm.reset();
    lambda.reset();
    vi.stubEnv('AWS_REGION', 'ap-southeast-1');
    simulator = await startSimulator({ credentials: CREDENTIALS });
    deployedFetch = () => new FetchingTokenProvider({ ...CREDENTIALS, baseUrl: simulator.url }).token();
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await simulator.close();
  });

  it('reads the deployed token from SSM with --target aws, needing no credentials and calling no get_token', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves(stored(await deployedFetch()));
    const warnings: string[] = [];
    const target = sobotTargetFrom(simulator.url, {}, 'aws');

    // Act
    const source = await openStatsSource(target, { events: {}, warn: (line) => warnings.push(line) });
    const robots = (await source.openStats(reportWith()).api.fetch(stats.robots())) as unknown[];

    // Assess
    expect(robots.length).toBeGreaterThan(0);
    expect(simulator.stats.tokensIssued).toBe(1);
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: PARAMETER,
      WithDecryption: true,
    });
    expect(warnings).toEqual([]);
  });

  it('asks the named token-refresh function for a new token when the API rejects the one in SSM', async () => {
    // Prepare
    let current = 'a-token-the-api-no-longer-knows';
    ssm.on(GetParameterCommand).callsFake(async () => stored(current));
    lambda.on(InvokeCommand).callsFake(async () => {
      current = await deployedFetch();
      return { StatusCode: 200 };
    });
    const target = sobotTargetFrom(simulator.url, { TOKEN_REFRESH_FUNCTION: 'token-refresh-fn' }, 'aws', {
      tokenParameter: PARAMETER,
    });

    // Act
    const source = await openStatsSource(target, { events: {}, warn: () => {} });
    const robots = (await source.openStats(reportWith()).api.fetch(stats.robots())) as unknown[];

    // Assess
    expect(robots.length).toBeGreaterThan(0);
    expect(lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input.FunctionName)).toEqual([
      'token-refresh-fn',
    ]);
    expect(simulator.stats.tokensIssued).toBe(1);
  });

  it('warns in one line, naming no secret, when a local run with real credentials fetches a token', async () => {
    // Prepare
    const out = await mkdtemp(join(tmpdir(), 'sobot-cli-token-'));

    // Act
    const run = await runCliInProcess(
      ['run', '--config', CONFIG, '--report', 'daily-channels', '--sobot-url', simulator.url, '--out', out],
      { env: { SOBOT_APPID: CREDENTIALS.appId, SOBOT_APP_KEY: CREDENTIALS.appKey } },
    );
    await rm(out, { recursive: true, force: true });

    // Assess
    expect(run.code).toBe(0);
    expect(simulator.stats.tokensIssued).toBe(1);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('invalidates'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[daily-channels \S+\] warn: /);
    expect(warnings[0]?.endsWith(TOKEN_FETCH_WARNING)).toBe(true);
    const signs = simulator.stats.requests
      .filter((request) => request.endpoint === 'get_token')
      .map((request) =>
        signOf(CREDENTIALS.appId, (request.body as { create_time: string }).create_time, CREDENTIALS.appKey),
      );
    for (const secret of [CREDENTIALS.appKey, ...signs]) {
      expect(run.stderr + run.stdout).not.toContain(secret);
    }
  });

  it('checks an account with the deployed token from SSM, fetching none, with check --token-parameter', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves(stored(await deployedFetch()));

    // Act
    const run = await runCliInProcess(
      ['check', '--sobot-url', simulator.url, '--token-parameter', PARAMETER, '--json'],
      { env: {} },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(simulator.stats.tokensIssued).toBe(1);
    expect(run.stderr).not.toContain('invalidates');
    expect((JSON.parse(run.stdout) as { ok: boolean }).ok).toBe(true);
  });
});
