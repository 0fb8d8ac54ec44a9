import { createHash } from 'node:crypto';
import { slug } from '../delivery/layout.ts';
import { addressOf, type ReportConfig } from './config.ts';
import type { RouteSlice } from './slice.ts';

/**
 * Who gets what in one run. Every mailbox gets a personal message (nobody sees who else received
 * the report), and every message has its own run key, so one rejected recipient never stops, or
 * repeats, the others.
 */

export interface Delivery {
  /** `<reportId>/<from>_<to>/<slice>/<recipient hash>`: what the ledger remembers. */
  readonly runKey: string;
  readonly mailbox: string;
  /** The routed supervisor's slice, or null for the whole account. */
  readonly slice: RouteSlice | null;
  readonly sliceSlug: string;
}

export const WHOLE_ACCOUNT = 'all';

/** `<reportId>/<from>_<to>` */
export function runKeyOf(reportId: string, period: { from: string; to: string }): string {
  return `${reportId}/${period.from}_${period.to}`;
}

export function recipientHash(mailbox: string): string {
  return createHash('sha256').update(addressOf(mailbox).toLowerCase()).digest('hex').slice(0, 16);
}

/** The deliveries of a run: the configured recipients and routes, or `override` for the whole report. */
export function planDeliveries(
  report: ReportConfig,
  runKey: string,
  override?: readonly string[],
): Delivery[] {
  const whole = (mailbox: string): Delivery => ({
    runKey: `${runKey}/${WHOLE_ACCOUNT}/${recipientHash(mailbox)}`,
    mailbox,
    slice: null,
    sliceSlug: WHOLE_ACCOUNT,
  });
  if (override && override.length > 0) return unique(override).map(whole);

  const { to, cc, bcc, routes } = report.recipients;
  const deliveries = unique([...to, ...cc, ...bcc]).map(whole);
  for (const route of routes) {
    const sliceSlug = slug(route.name);
    for (const mailbox of unique([...route.to, ...route.cc])) {
      deliveries.push({
        runKey: `${runKey}/${sliceSlug}/${recipientHash(mailbox)}`,
        mailbox,
        slice: route,
        sliceSlug,
      });
    }
  }
  return deliveries;
}

function unique(mailboxes: readonly string[]): string[] {
  const seen = new Set<string>();
  return mailboxes.filter((mailbox) => {
    const address = addressOf(mailbox).toLowerCase();
    if (seen.has(address)) return false;
    seen.add(address);
    return true;
  });
}
