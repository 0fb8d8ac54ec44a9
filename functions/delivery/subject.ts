import type { PeriodWindow } from '../report/snapshot.ts';

/**
 * `Weekly live-chat report · 2025-11-03 – 2025-11-09`; a single day shows once, and a routed
 * supervisor's slice is named: `Weekly live-chat report · Department 1 · 2025-11-03 – 2025-11-09`.
 */
export function subjectFor(title: string, period: Pick<PeriodWindow, 'from' | 'to'>, slice?: string): string {
  const range = period.from === period.to ? period.from : `${period.from} – ${period.to}`;
  return [title, slice, range].filter(Boolean).join(' · ');
}
