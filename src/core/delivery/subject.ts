import type { PeriodWindow } from '../report/snapshot.ts';

/**
 * `Weekly live-chat report · 2025-11-03 – 2025-11-09`; a single day shows once, and a routed
 * supervisor's slice is named: `Weekly live-chat report · Department 1 · 2025-11-03 – 2025-11-09`. An
 * alert names its missed targets first: `Missed: Avg first response 46s > 30s · Daily … · 2025-11-09`.
 */
export function subjectFor(
  title: string,
  period: Pick<PeriodWindow, 'from' | 'to'>,
  slice?: string,
  options: { readonly simulated?: boolean; readonly alert?: string } = {},
): string {
  const range = period.from === period.to ? period.from : `${period.from} – ${period.to}`;
  // An alert leads with what was missed: it is what an inbox shows before the subject is cut.
  const subject = [options.alert, title, slice, range].filter(Boolean).join(' · ');
  return options.simulated ? `${SIMULATED_PREFIX} ${subject}` : subject;
}

/** Numbers from the embedded simulator are invented; nobody should mistake them for the account's. */
const SIMULATED_PREFIX = '[SIMULATED DATA]';
