import { createHash } from 'node:crypto';
import { type RunVariant, slug } from '../delivery/layout.ts';
import { addressOf, RESERVED_SLICES, type ReportConfig, WHOLE_ACCOUNT } from './config.ts';
import type { RouteSlice } from './slice.ts';
import type { PeriodWindow } from './snapshot.ts';

/**
 * Who gets what in one run. Every mailbox gets a personal message (nobody sees who else received
 * the report), and every message has its own key, so one rejected recipient never stops, or
 * repeats, the others.
 *
 * Identity: the run key names exactly what is sent. The scheduled period, a custom range of the same
 * days and a recipients override each have their own key, so none can mark another delivered.
 */

export interface Delivery {
  /** `<runKey>/<slice>/<recipient hash>`: what the ledger remembers. */
  readonly runKey: string;
  readonly mailbox: string;
  /** The routed supervisor's slice, or null for the whole account. */
  readonly slice: RouteSlice | null;
  /** Unique within a run (config validation refuses routes that slug alike or take a reserved name). */
  readonly sliceSlug: string;
}

/** `<reportId>/<from>_<to>` for the scheduled period, `<reportId>/custom/<from>_<to>` for a range. */
export function runKeyOf(
  reportId: string,
  period: Pick<PeriodWindow, 'kind' | 'from' | 'to'>,
  override?: readonly string[],
): string {
  const range =
    period.kind === 'custom' ? `custom/${period.from}_${period.to}` : `${period.from}_${period.to}`;
  const audience = override && override.length > 0 ? `/to-${overrideHash(override)}` : '';
  return `${reportId}/${range}${audience}`;
}

/** The run's variant folder (see layout.ts): its own for an override and for a dry run. */
export function variantOf(override: readonly string[] | undefined, dryRun: boolean): RunVariant {
  return {
    ...(override && override.length > 0 ? { override: overrideHash(override) } : {}),
    ...(dryRun ? { dryRun: true } : {}),
  };
}

/** The same set of addresses, in any order or case, gives the same hash. */
export function overrideHash(mailboxes: readonly string[]): string {
  const addresses = [...new Set(mailboxes.map((m) => addressOf(m).toLowerCase()))].sort();
  return createHash('sha256').update(addresses.join('\n')).digest('hex').slice(0, 12);
}

function recipientHash(mailbox: string): string {
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
  const taken = new Map<string, string>();
  for (const route of routes) {
    const sliceSlug = slug(route.name);
    // Config validation refuses this; checked again because a shared name would hand one team's
    // workbook to another.
    const other = taken.get(sliceSlug);
    if (other !== undefined) {
      throw new Error(`routes "${other}" and "${route.name}" share the slice name "${sliceSlug}"`);
    }
    if (RESERVED_SLICES.includes(sliceSlug)) {
      throw new Error(`route "${route.name}" takes the reserved slice name "${sliceSlug}"`);
    }
    taken.set(sliceSlug, route.name);
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
