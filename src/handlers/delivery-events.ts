import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { METRIC, REPORT_ID_DIMENSION } from '../adapters/aws/observability.ts';
import type { Clock } from '../core/clock.ts';
import { type DeliveryEvent, readDeliveryEvent, recordDeliveryEvent } from '../core/delivery/history.ts';
import type { ArchiveStore } from '../core/report/ports.ts';
import { wiredOnFirstEvent } from './cold-start.ts';
import { wireDeliveryEvents } from './wiring.ts';

export interface DeliveryEventsDependencies {
  /** Written only under `<runFolder>deliveries/`. */
  readonly archive: ArchiveStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export type DeliveryEventOutcome =
  | { readonly recorded: true; readonly key: string }
  | { readonly recorded: false; readonly reason: string };

/** An EventBridge event from SES (`detail-type` "Email Bounced" and the like): its `detail` is the record. */
const eventBridgeSchema = z.object({ source: z.literal('aws.ses'), detail: z.unknown() });

/**
 * One SES event of a report message (through the configuration set's EventBridge destination) into
 * that run's delivery history, plus `EmailsBounced` / `EmailsComplained` for the alarms.
 *
 * An event it cannot read (not from SES, no report tags, a folder outside `reports/`) is logged with
 * its type and message id and counted as `DeliveryEventsUnreadable`, and the invocation succeeds:
 * reading it again cannot make it readable, and an operator wants one warning, not six hours of retries
 * and an error alarm. Failing to write a readable event throws, so Lambda retries it and then
 * dead-letters it.
 */
export function createDeliveryEventsHandler(deps: DeliveryEventsDependencies) {
  const { archive, clock, logger, metrics } = deps;

  function count(name: string, reportId?: string): void {
    const metric = metrics.singleMetric();
    if (reportId !== undefined) metric.addDimension(REPORT_ID_DIMENSION, reportId);
    metric.addMetric(name, MetricUnit.Count, 1);
  }

  function countOutcome(event: DeliveryEvent): void {
    if (event.record.eventType === 'Bounce') count(METRIC.emailsBounced, event.reportId);
    if (event.record.eventType === 'Complaint') count(METRIC.emailsComplained, event.reportId);
  }

  return async function handleDeliveryEvent(input: unknown): Promise<DeliveryEventOutcome> {
    const envelope = eventBridgeSchema.safeParse(input);
    const read = envelope.success
      ? readDeliveryEvent(envelope.data.detail, new Date(clock.now()))
      : ({ ok: false, reason: 'not an EventBridge event from SES' } as const);
    if (!read.ok) {
      const { ok: _, ...unreadable } = read;
      logger.warn('delivery event not recorded', { ...unreadable });
      count(METRIC.deliveryEventsUnreadable);
      return { recorded: false, reason: read.reason };
    }
    const { event } = read;
    const key = await recordDeliveryEvent(archive, event);
    countOutcome(event);
    logger.info('delivery event recorded', {
      reportId: event.reportId,
      eventType: event.record.eventType,
      messageId: event.record.messageId,
      key,
    });
    return { recorded: true, key };
  };
}

export const handler = wiredOnFirstEvent(() => createDeliveryEventsHandler(wireDeliveryEvents()));
