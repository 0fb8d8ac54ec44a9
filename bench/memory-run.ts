/**
 * The memory benchmark's child: one monthly run against the simulator at SIM_URL, then its own peak
 * resident memory on stdout as JSON. Bundled and run by bench/memory.ts; CommonJS-safe (no top-level
 * await, no import.meta).
 */
import { systemClock } from '../src/core/clock.ts';
import {
  MONTHLY_REPORT,
  NO_CLIENT_RATE_LIMIT,
  removeOutput,
  runShippedReport,
} from './support/simulated-run.ts';

export interface MemoryRunResult {
  readonly peakRssBytes: number;
  readonly startRssBytes: number;
  readonly ms: number;
  readonly apiCalls: number;
  readonly bytesArchived: number;
  readonly emailsSent: number;
  readonly period: string;
}

async function main(): Promise<void> {
  const startRssBytes = process.memoryUsage.rss();
  const run = await runShippedReport({
    url: process.env.SIM_URL ?? '',
    credentials: { appId: process.env.SIM_APP_ID ?? '', appKey: process.env.SIM_APP_KEY ?? '' },
    reportId: MONTHLY_REPORT,
    clock: systemClock,
    clientRateLimit: NO_CLIENT_RATE_LIMIT,
    configPath: process.env.REPORTS_CONFIG ?? '',
  });
  // maxRSS is in kilobytes.
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  await removeOutput(run);
  const result: MemoryRunResult = {
    peakRssBytes,
    startRssBytes,
    ms: run.ms,
    apiCalls: run.result.apiCalls,
    bytesArchived: run.result.bytesArchived ?? 0,
    emailsSent: run.result.emailsSent ?? 0,
    period: `${run.result.period.from}..${run.result.period.to}`,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
