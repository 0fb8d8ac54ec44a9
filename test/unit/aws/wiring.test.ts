import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/handlers/environment.ts';
import { wireReportHandler } from '../../../src/handlers/wiring.ts';

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
    expect(adapters.mailer.maxMessageBytes).toBe(40 * 1024 * 1024);
  });
});
