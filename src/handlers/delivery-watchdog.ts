import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC, REPORT_ID_DIMENSION } from '../adapters/aws/observability.ts';
import type { Clock } from '../core/clock.ts';
import { lastDeliveredAt } from '../core/delivery/last-delivery.ts';
import type { ReportsConfig } from '../core/report/config.ts';
import type { ArchiveStore } from '../core/report/ports.ts';
import { wireDeliveryWatchdog } from './wiring.ts';

const HOUR_MS = 3_600_000;

/**
 * What a report that has never been delivered reports: more than any alarm threshold, so a weekly or
 * monthly report alarms until its first delivery, as the daily missed-run alarms do after a deploy.
 */
export const NEVER_DELIVERED_HOURS = 100_000;

export interface DeliveryWatchdogDependencies {
  readonly config: ReportsConfig;
  /** Read only: the run manifests under `reports/<reportId>/`. */
  readonly archive: ArchiveStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface DeliveryAge {
  readonly reportId: string;
  readonly lastDeliveredAt: string | null;
  readonly hoursSinceDelivery: number;
}

export class DeliveryWatchdogError extends Error {
  override readonly name = 'DeliveryWatchdogError';
}

/**
 * Once a day: how long ago each report was last delivered (see `isDelivery`), as `HoursSinceDelivery`
 * per `ReportId`, for every report. It exists because CloudWatch evaluates at most 7 days, too short to
 * see a missing `ReportsDelivered` of a week plus grace or of a month; weekly and monthly reports'
 * alarms compare this age with their period plus slack and grace instead (infra/alarms.ts).
 */
export function createDeliveryWatchdogHandler(deps: DeliveryWatchdogDependencies) {
  const { config, archive, clock, logger, metrics } = deps;

  function publish(reportId: string, hours: number): void {
    const metric = metrics.singleMetric();
    metric.addDimension(REPORT_ID_DIMENSION, reportId);
    metric.addMetric(METRIC.hoursSinceDelivery, MetricUnit.NoUnit, hours);
  }

  return async function handleDeliveryWatchdog(): Promise<DeliveryAge[]> {
    const ages: DeliveryAge[] = [];
    const failures: Array<{ reportId: string; error: unknown }> = [];
    for (const report of config.reports) {
      try {
        const delivered = await lastDeliveredAt(archive, report.id, report.period);
        const hours =
          delivered === null
            ? NEVER_DELIVERED_HOURS
            : Math.round(((clock.now() - delivered) / HOUR_MS) * 10) / 10;
        publish(report.id, hours);
        const age = {
          reportId: report.id,
          lastDeliveredAt: delivered === null ? null : new Date(delivered).toISOString(),
          hoursSinceDelivery: hours,
        };
        logger.info('delivery age', { ...age });
        ages.push(age);
      } catch (error) {
        // No datapoint: the report's alarm treats missing data as breaching.
        logger.error('cannot read the deliveries of a report', { reportId: report.id, error });
        failures.push({ reportId: report.id, error });
      }
    }
    if (failures.length > 0) {
      throw new DeliveryWatchdogError(
        `cannot read the deliveries of ${failures.map((f) => f.reportId).join(', ')}`,
        {
          cause:
            failures.length === 1 ? failures[0]?.error : new AggregateError(failures.map((f) => f.error)),
        },
      );
    }
    return ages;
  };
}

let wired: ReturnType<typeof createDeliveryWatchdogHandler> | undefined;

export const handler = (): Promise<DeliveryAge[]> => {
  wired ??= createDeliveryWatchdogHandler(wireDeliveryWatchdog());
  return wired();
};
