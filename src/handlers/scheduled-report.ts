import { DateTime } from 'luxon';
import * as z from 'zod';
import { findReport } from '../core/report/config.ts';
import type { RunResult } from '../core/report/run-types.ts';
import { wiredOnFirstEvent } from './cold-start.ts';
import type { RemainingTime } from './deadline.ts';
import { invokeReport, type ReportHandlerDependencies } from './report-invocation.ts';

/** The input the schedule sends: `<aws.scheduler.scheduled-time>` is the slot's time, same on every retry. */
const scheduledEventSchema = z.object({
  reportId: z.string().min(1),
  scheduledTime: z.iso.datetime({ offset: true }),
});

export class ScheduledEventError extends Error {
  override readonly name = 'ScheduledEventError';
}

/**
 * The reference date is the scheduled slot's date in the report's timezone, never "now": a retried or
 * duplicated delivery maps to the same period and run key, and the ledger recognises it.
 */
export function referenceDate(scheduledTime: string, timezone: string): string {
  const date = DateTime.fromISO(scheduledTime, { setZone: true }).setZone(timezone).toISODate();
  if (!date) throw new ScheduledEventError(`scheduledTime ${scheduledTime} has no date in ${timezone}`);
  return date;
}

export function createScheduledReportHandler(deps: ReportHandlerDependencies) {
  return async function handleScheduledReport(event: unknown, context: RemainingTime): Promise<RunResult> {
    const parsed = scheduledEventSchema.safeParse(event);
    if (!parsed.success) {
      const fields = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`,
      );
      throw new ScheduledEventError(`invalid scheduled event (${fields.join('; ')})`);
    }
    const { reportId, scheduledTime } = parsed.data;
    const report = findReport(deps.config, reportId);
    const date = referenceDate(scheduledTime, report.timezone);
    return invokeReport(deps, { reportId, date }, context, { countDelivery: true });
  };
}

export const handler = wiredOnFirstEvent(async () => {
  const { wireReportHandler } = await import('./wiring.ts');
  return createScheduledReportHandler(wireReportHandler());
});
