import { parseConfig, type ReportConfig } from '../../../src/core/report/config.ts';

/** A report as the config loader returns it (defaults applied), with the given fields changed. */
export function reportWith(overrides: Record<string, unknown> = {}): ReportConfig {
  const config = parseConfig({
    email: { from: 'reports@example.com' },
    reports: [
      {
        id: 'weekly-test',
        title: 'Weekly test report',
        period: 'weekly',
        send: { hour: 9, weekday: 1 },
        timezone: 'Asia/Shanghai',
        recipients: { to: ['ops@example.com'] },
        ...overrides,
      },
    ],
  });
  return config.reports[0] as ReportConfig;
}
