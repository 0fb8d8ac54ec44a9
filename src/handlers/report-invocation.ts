import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC, REPORT_ID_DIMENSION } from '../adapters/aws/observability.ts';
import type { Clock } from '../core/clock.ts';
import type { ReportsConfig } from '../core/report/config.ts';
import { RunInputError } from '../core/report/run-errors.ts';
import type { RunDependencies, RunRequest, RunResult } from '../core/report/run-types.ts';
import { deadlineSignal, type RemainingTime } from './deadline.ts';

export type InvocationAdapters = Omit<RunDependencies, 'config' | 'clock' | 'logger' | 'signal'>;

export type RunReport = (deps: RunDependencies, request: RunRequest) => Promise<RunResult>;

/** What both report handlers are built from; the exported `handler`s wire the real ones. */
export interface ReportHandlerDependencies {
  readonly config: ReportsConfig;
  readonly clock: Clock;
  readonly runReport: RunReport;
  /** The use case's adapters for one invocation, bound to its deadline signal. */
  readonly adapters: (signal: AbortSignal) => InvocationAdapters;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Stop this long before the Lambda timeout so the run ends between steps, not mid-write. */
  readonly deadlineMarginMs: number;
}

export interface InvocationOptions {
  /** Count a delivery for the missed-run alarm (scheduled runs only). */
  readonly countDelivery: boolean;
}

/**
 * One run of the use case inside a Lambda invocation: log keys, deadline signal, metrics. Metrics
 * recorded by the adapters during the run (pages, throttles, bytes) flush with these, tagged ReportId.
 */
export async function invokeReport(
  deps: ReportHandlerDependencies,
  request: RunRequest,
  context: RemainingTime,
  options: InvocationOptions,
): Promise<RunResult> {
  const { logger, metrics } = deps;
  logger.resetKeys();
  logger.appendKeys({ reportId: request.reportId });
  metrics.addDimension(REPORT_ID_DIMENSION, request.reportId);
  const deadline = deadlineSignal(context, deps.deadlineMarginMs);
  const started = deps.clock.now();
  try {
    const { signal } = deadline;
    const run: RunDependencies = {
      ...deps.adapters(signal),
      config: deps.config,
      clock: deps.clock,
      logger,
      signal,
    };
    const result = await deps.runReport(run, request);
    logger.appendKeys({ runKey: result.runKey });
    metrics.addMetric(METRIC.apiCalls, MetricUnit.Count, result.apiCalls);
    metrics.addMetric(METRIC.emailsSent, MetricUnit.Count, result.messages.length);
    metrics.addMetric(METRIC.unreadValues, MetricUnit.Count, result.unreadValues ?? 0);
    if (options.countDelivery) metrics.addMetric(METRIC.reportsDelivered, MetricUnit.Count, 1);
    logger.info('report run finished', {
      period: result.period.label,
      archived: result.archive.length,
      sent: result.messages.length,
      apiCalls: result.apiCalls,
      ...(result.skipped ? { skipped: result.skipped } : {}),
    });
    return result;
  } catch (error) {
    // Bad input is the caller's to fix, not an incident: no stack at error level.
    if (error instanceof RunInputError) logger.warn('report run refused', { error: error.message });
    else logger.error('report run failed', error as Error);
    throw error;
  } finally {
    metrics.addMetric(METRIC.runDuration, MetricUnit.Milliseconds, deps.clock.now() - started);
    deadline.dispose();
    metrics.publishStoredMetrics();
  }
}
