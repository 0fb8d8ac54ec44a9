import type { Clock } from '../clock.ts';
import type { ReportsConfig } from '../report/config.ts';
import type { ArchiveStore } from '../report/ports.ts';
import { lastDeliveredAt } from './last-delivery.ts';

const HOUR_MS = 3_600_000;

/**
 * What a report that has never been delivered reports: more than any alarm threshold, so a weekly or
 * monthly report alarms until its first delivery, as the daily missed-run alarms do after a deploy.
 */
export const NEVER_DELIVERED_HOURS = 100_000;

export interface DeliveryAge {
  readonly reportId: string;
  readonly lastDeliveredAt: string | null;
  /** To a tenth of an hour; `NEVER_DELIVERED_HOURS` for a report without a delivery. */
  readonly hoursSinceDelivery: number;
}

/** A report whose deliveries could not be read: it has no age, rather than a wrong one. */
interface UnreadDeliveries {
  readonly reportId: string;
  readonly error: unknown;
}

interface DeliveryAges {
  readonly ages: readonly DeliveryAge[];
  readonly failures: readonly UnreadDeliveries[];
}

/**
 * How long ago each configured report was last delivered (see `isDelivery`: runs of its own period
 * only), by the clock. One report's unreadable archive does not hide the others' ages.
 */
export async function deliveryAges(
  config: Pick<ReportsConfig, 'reports'>,
  archive: ArchiveStore,
  clock: Pick<Clock, 'now'>,
): Promise<DeliveryAges> {
  const ages: DeliveryAge[] = [];
  const failures: UnreadDeliveries[] = [];
  for (const report of config.reports) {
    try {
      const delivered = await lastDeliveredAt(archive, report.id, report.period);
      ages.push({
        reportId: report.id,
        lastDeliveredAt: delivered === null ? null : new Date(delivered).toISOString(),
        hoursSinceDelivery:
          delivered === null
            ? NEVER_DELIVERED_HOURS
            : Math.round(((clock.now() - delivered) / HOUR_MS) * 10) / 10,
      });
    } catch (error) {
      failures.push({ reportId: report.id, error });
    }
  }
  return { ages, failures };
}
