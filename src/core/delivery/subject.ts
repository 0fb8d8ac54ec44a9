import type { PeriodWindow } from '../report/snapshot.ts';

/**
 * `Weekly live-chat report · 2025-11-03 – 2025-11-09`; a single day shows once, and a routed
 * supervisor's slice is named: `Weekly live-chat report · Department 1 · 2025-11-03 – 2025-11-09`.
 */
export function subjectFor(
  title: string,
  period: Pick<PeriodWindow, 'from' | 'to'>,
  slice?: string,
  options: { readonly simulated?: boolean } = {},
): string {
  const range = period.from === period.to ? period.from : `${period.from} – ${period.to}`;
  const subject = [title, slice, range].filter(Boolean).join(' · ');
  return options.simulated ? `${SIMULATED_PREFIX} ${subject}` : subject;
}

/** Numbers from the embedded simulator are invented; nobody should mistake them for the account's. */
const SIMULATED_PREFIX = '[SIMULATED DATA]';
