import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC, REPORT_ID_DIMENSION } from '../adapters/aws/observability.ts';
import type { Clock } from '../core/clock.ts';
import { type DeliveryAge, deliveryAges } from '../core/delivery/watchdog.ts';
import type { ReportsConfig } from '../core/report/config.ts';
import type { ArchiveStore } from '../core/report/ports.ts';
import { wiredOnFirstEvent } from './cold-start.ts';
import { wireDeliveryWatchdog } from './wiring.ts';

export interface DeliveryWatchdogDependencies {
  readonly config: ReportsConfig;
  /** Read only: the run manifests under `reports/<reportId>/`. */
  readonly archive: ArchiveStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export class DeliveryWatchdogError extends Error {
  override readonly name = 'DeliveryWatchdogError';
}

/**
 * Once a day: how long ago each report was last delivered (`deliveryAges`), as `HoursSinceDelivery`
 * per `ReportId`, for every report. It exists because CloudWatch evaluates at most 7 days, too short to
 * see a missing `ReportsDelivered` of a week plus grace or of a month; weekly and monthly reports'
 * alarms compare this age with their period plus slack and grace instead (infra/alarms.ts).
 */
export function createDeliveryWatchdogHandler(deps: DeliveryWatchdogDependencies) {
  const { config, archive, clock, logger, metrics } = deps;

  function publish({ reportId, hoursSinceDelivery }: DeliveryAge): void {
    const metric = metrics.singleMetric();
    metric.addDimension(REPORT_ID_DIMENSION, reportId);
    metric.addMetric(METRIC.hoursSinceDelivery, MetricUnit.NoUnit, hoursSinceDelivery);
  }

  return async function handleDeliveryWatchdog(): Promise<readonly DeliveryAge[]> {
    const { ages, failures } = await deliveryAges(config, archive, clock);
    for (const age of ages) {
      publish(age);
      logger.info('delivery age', { ...age });
    }
    // No datapoint for these: the report's alarm treats missing data as breaching.
    for (const { reportId, error } of failures) {
      logger.error('cannot read the deliveries of a report', { reportId, error });
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

export const handler = wiredOnFirstEvent(() => createDeliveryWatchdogHandler(wireDeliveryWatchdog()));
