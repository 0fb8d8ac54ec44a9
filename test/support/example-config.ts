import { readFileSync } from 'node:fs';
import { parseConfig, type ReportConfig, type ReportsConfig } from '../../src/core/report/config.ts';

/** The repository's own reports.config.json, parsed: the configuration a new user starts from. */
export const exampleConfig: ReportsConfig = parseConfig(
  JSON.parse(readFileSync(new URL('../../reports.config.json', import.meta.url), 'utf8')),
);

/** The example configuration's report of this period. */
export function exampleReport(period: ReportConfig['period']): ReportConfig {
  const report = exampleConfig.reports.find((r) => r.period === period);
  if (!report) throw new Error(`the example config has no ${period} report`);
  return report;
}
