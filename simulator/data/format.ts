/** Value formats of the reference's examples: "75.00%", "00:10:28", MoM "-32.26%" or "NA". */

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export function percentText(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** Milliseconds as HH:mm:ss, seconds truncated (628769.25 ms is "00:10:28" in the reference). */
export function durationText(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Month-on-month change: "NA" when the previous period had nothing to compare with. */
export function momText(current: number, previous: number): string {
  return previous === 0 ? 'NA' : percentText((current - previous) / previous);
}
