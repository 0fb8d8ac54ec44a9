import type { Clock } from '../../../src/core/clock.ts';
import type { PeriodWindow } from '../../../src/core/report/snapshot.ts';

export const weekW45: PeriodWindow = {
  kind: 'weekly',
  start: '2025-11-03 00:00:00',
  end: '2025-11-09 23:59:59',
  from: '2025-11-03',
  to: '2025-11-09',
  timezone: 'Asia/Shanghai',
  label: '2025-W45',
  days: 7,
};

export function period(overrides: Partial<PeriodWindow>): PeriodWindow {
  return { ...weekW45, ...overrides };
}

/** A clock whose sleeps return at once and move time forward; `sleeps` lists what was asked. */
export function fakeClock(
  start = Date.parse('2025-11-10T01:00:00Z'),
): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}
