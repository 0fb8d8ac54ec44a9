import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../src/handlers/delivery-events.ts';
import { EnvironmentError } from '../../../src/handlers/environment.ts';
import {
  wireDeliveryEvents,
  wireDeliveryWatchdog,
  wireReportHandler,
  wireTokenRefresh,
} from '../../../src/handlers/wiring.ts';

const ENV = {
  ARCHIVE_BUCKET: 'archive-bucket',
  TOKEN_PARAMETER: '/sobot-report-mailer/token',
  TOKEN_REFRESH_FUNCTION: 'token-refresh',
  AWS_REGION: 'eu-west-1',
};

describe('Function: wireReportHandler', () => {
  it('names each missing environment variable', () => {
    // Prepare
    const env = { AWS_REGION: 'eu-west-1', TOKEN_PARAMETER: '/sobot-report-mailer/token' };

    // Act
    const wiring = () => wireReportHandler(env);

    // Assess
    expect(wiring).toThrow(EnvironmentError);
    expect(wiring).toThrow(/ARCHIVE_BUCKET is required.*TOKEN_REFRESH_FUNCTION is required/);
  });

  it('builds the dependencies with the bundled config and the default deadline margin', () => {
    // Prepare
    const env = ENV;

    // Act
    const deps = wireReportHandler(env);

    // Assess
    expect(deps.config.reports.map((report) => report.id)).toContain('daily-channels');
    expect(deps.deadlineMarginMs).toBe(30_000);
  });

  it('gives each invocation adapters bound to its own signal', () => {
    // Prepare
    const deps = wireReportHandler(ENV);

    // Act
    const adapters = deps.adapters(new AbortController().signal);

    // Assess
    expect(adapters.archive.locate('reports/x.xlsx')).toContain('archive-bucket');
    expect(adapters.archive.browseUrl('reports/x')).toBe(
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/archive-bucket?region=eu-west-1&prefix=reports/x/&showversions=false',
    );
    expect(adapters.mailer.maxMessageBytes).toBe(40 * 1024 * 1024);
  });
});

describe('Function: wireTokenRefresh', () => {
  const env = {
    APPID_PARAMETER: '/sobot-report-mailer/appid',
    APP_KEY_PARAMETER: '/sobot-report-mailer/app-key',
    TOKEN_PARAMETER: '/sobot-report-mailer/token',
    AWS_REGION: 'eu-west-1',
  };
  const ssm = mockClient(SSMClient);
  afterEach(() => ssm.reset());
  afterAll(() => ssm.restore());

  it('names each missing parameter variable', () => {
    // Act
    const wiring = () => wireTokenRefresh({ AWS_REGION: 'eu-west-1', TOKEN_PARAMETER: '/t' });

    // Assess
    expect(wiring).toThrow(/APPID_PARAMETER is required.*APP_KEY_PARAMETER is required/);
  });

  it('reads the three parameters it was given and keeps a token for 5 minutes by default', async () => {
    // Prepare
    ssm.on(GetParameterCommand).callsFake(async ({ Name }: { Name: string }) => ({
      Parameter: {
        Value: Name.endsWith('/token') ? '{"token":"t","expiresAt":"2025-11-13T00:00:00Z"}' : 'v',
      },
    }));
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const deps = wireTokenRefresh(env);

    // Act
    await deps.tokenStore.readCredentials();
    await deps.tokenStore.read();
    await deps.tokenStore.write({ token: 't2', expiresAt: '2025-11-14T00:00:00Z' });

    // Assess
    expect(ssm.commandCalls(GetParameterCommand).map((call) => call.args[0].input.Name)).toEqual(
      expect.arrayContaining([
        '/sobot-report-mailer/appid',
        '/sobot-report-mailer/app-key',
        '/sobot-report-mailer/token',
      ]),
    );
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(3);
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input.Name).toBe('/sobot-report-mailer/token');
    expect(deps.minRefreshIntervalMs).toBe(300_000);
  });
});

describe('Functions: wireDeliveryEvents and wireDeliveryWatchdog', () => {
  it('name a missing archive bucket', () => {
    // Act
    const wirings = [wireDeliveryEvents, wireDeliveryWatchdog].map((wire) => () => wire({ AWS_REGION: 'x' }));

    // Assess
    for (const wiring of wirings) expect(wiring).toThrow(/ARCHIVE_BUCKET is required/);
  });

  it('work on the archive bucket, the watchdog over the bundled config’s reports', () => {
    // Prepare
    const env = { ARCHIVE_BUCKET: 'archive-bucket', AWS_REGION: 'eu-west-1' };

    // Act
    const events = wireDeliveryEvents(env);
    const watchdog = wireDeliveryWatchdog(env);

    // Assess
    expect(events.archive.locate('reports/x/deliveries/y.json')).toBe(
      's3://archive-bucket/reports/x/deliveries/y.json',
    );
    expect(watchdog.archive.locate('reports/x')).toBe('s3://archive-bucket/reports/x');
    expect(watchdog.config.reports.map((report) => report.id)).toContain('weekly-supervisors');
  });
});

describe('Handler: delivery-events (the exported entry point)', () => {
  it('answers each event through the wiring its environment names', async () => {
    // Prepare
    vi.stubEnv('ARCHIVE_BUCKET', 'archive-bucket');
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');

    // Act
    const answers = [await handler({ source: 'aws.other' }), await handler({ source: 'aws.other' })];

    // Assess
    expect(answers).toEqual([
      { recorded: false, reason: 'not an EventBridge event from SES' },
      { recorded: false, reason: 'not an EventBridge event from SES' },
    ]);
  });
});
