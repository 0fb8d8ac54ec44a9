import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';
import type { RunDependencies, RunRequest, RunResult } from '../../../src/core/report/run-types.ts';
import type { ReportHandlerDependencies } from '../../../src/handlers/report-invocation.ts';
import { exampleConfig } from '../../support/example-config.ts';

function resultFor(request: RunRequest): RunResult {
  return {
    runKey: `${request.reportId}/2025-11-11_2025-11-11`,
    reportId: request.reportId,
    period: {
      kind: 'daily',
      start: '2025-11-11 00:00:00',
      end: '2025-11-11 23:59:59',
      from: '2025-11-11',
      to: '2025-11-11',
      timezone: 'Asia/Shanghai',
      label: '2025-11-11',
      days: 1,
    },
    archive: [`reports/${request.reportId}/2025-11-11/report.xlsx`],
    messages: request.dryRun ? [] : ['message-1'],
    apiCalls: 42,
    unreadValues: 3,
    dryRun: request.dryRun ?? false,
    location: `s3://archive/reports/${request.reportId}/2025-11-11/`,
  };
}

/** Handler dependencies with the use case faked; `runs` records what it was asked and given. */
export function fakeHandlerDependencies(
  runReport = vi.fn(async (_deps: RunDependencies, r: RunRequest) => resultFor(r)),
) {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'SobotReports', serviceName: 'test' });
  const addMetric = vi.spyOn(metrics, 'addMetric');
  const addDimension = vi.spyOn(metrics, 'addDimension');
  const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  let now = Date.parse('2025-11-12T00:00:05Z');
  const deps: ReportHandlerDependencies = {
    config: exampleConfig,
    clock: { now: () => (now += 1000), sleep: async () => {} },
    runReport,
    adapters: () => ({
      openStats: () => {
        throw new Error('not used by the fake use case');
      },
      archive: {} as RunDependencies['archive'],
      mailer: {} as RunDependencies['mailer'],
      ledger: {} as RunDependencies['ledger'],
    }),
    logger,
    metrics,
    deadlineMarginMs: 30_000,
  };
  return { deps, runReport, logger, addMetric, addDimension, publish };
}

export const lambdaContext = (remainingMs = 900_000) => ({ getRemainingTimeInMillis: () => remainingMs });
