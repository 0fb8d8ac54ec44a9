import type { ReportConfig } from '../report/config.ts';
import type { StatsSession } from '../report/run-types.ts';
import type { TokenProvider } from './api.ts';
import { createSobotClient, type SobotClientOptions } from './client.ts';

/**
 * Opens stats sessions bound to each report's timezone and language. Every session shares the one
 * token provider, as the API asks ("use the same token, instead of refreshing … for each business").
 */
export function statsSessions(
  tokenProvider: TokenProvider,
  options: Omit<SobotClientOptions, 'tokenProvider' | 'timezone' | 'language'> = {},
): (report: ReportConfig) => StatsSession {
  return (report) => {
    const client = createSobotClient({
      ...options,
      tokenProvider,
      timezone: report.timezone,
      language: report.language,
    });
    return { api: client, calls: () => client.calls() };
  };
}
