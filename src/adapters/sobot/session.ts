import { systemClock } from '../../core/clock.ts';
import type { ReportConfig } from '../../core/report/config.ts';
import type { StatsSession } from '../../core/report/run-types.ts';
import type { TokenProvider } from '../../core/sobot/api.ts';
import { createSobotClient, type SobotClientOptions } from './client.ts';
import { SlidingWindowRateLimiter } from './rate-limiter.ts';

/**
 * Opens stats sessions bound to each report's timezone and language. They share one token provider,
 * as the API asks ("use the same token, instead of refreshing … for each business"), and one rate
 * limiter, because the 20-calls-a-minute limit is per endpoint for the whole account, not per report.
 */
export function statsSessions(
  tokenProvider: TokenProvider,
  options: Omit<SobotClientOptions, 'tokenProvider' | 'timezone' | 'language' | 'rateLimiter'> = {},
): (report: ReportConfig) => StatsSession {
  const onThrottle = options.events?.onThrottle;
  const rateLimiter = new SlidingWindowRateLimiter(
    options.clock ?? systemClock,
    options.rateLimit,
    onThrottle && (({ key, waitMs, reason }) => onThrottle({ endpoint: key, waitMs, reason })),
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
