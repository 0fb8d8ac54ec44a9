import { systemClock } from '../../core/clock.ts';
import type { ReportConfig } from '../../core/report/config.ts';
import type { StatsSession } from '../../core/report/run-types.ts';
import type { TokenProvider } from '../../core/sobot/api.ts';
import { createSobotClient, type SobotClientOptions } from './client.ts';
import { limiterListeners } from './endpoint-caller.ts';
import { SlidingWindowRateLimiter } from './rate-limiter.ts';

/**
 * Opens stats sessions bound to each report's timezone and language. They share one token provider,
 * as the API asks ("use the same token, instead of refreshing … for each business"), and so one refresh
 * barrier, and one rate limiter, because the 20-calls-a-minute limit is the account's (per endpoint,
 * or account-wide once a 229000 shows it), not per report.
 */
export function statsSessions(
  tokenProvider: TokenProvider,
  options: Omit<SobotClientOptions, 'tokenProvider' | 'timezone' | 'language' | 'rateLimiter'> = {},
): (report: ReportConfig) => StatsSession {
  const rateLimiter = new SlidingWindowRateLimiter(
    options.clock ?? systemClock,
    options.rateLimit,
    limiterListeners(options.events ?? {}),
  );
  return (report) => {
    const client = createSobotClient({
      ...options,
      tokenProvider,
      rateLimiter,
      timezone: report.timezone,
      language: report.language,
    });
    return { api: client, calls: () => client.calls() };
  };
}
