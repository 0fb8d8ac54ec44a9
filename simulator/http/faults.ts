import type { Fault } from '../types.ts';

interface Armed {
  readonly fault: Fault;
  seen: number;
  left: number;
}

/** Injected faults, each counting the requests it matches so it fires after N calls, T times. */
export class FaultBook {
  private armed: Armed[] = [];

  add(fault: Fault): void {
    this.armed.push({ fault, seen: 0, left: fault.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The faults that fire for this request, in the order they were added. */
  take(endpoint: string): Fault[] {
    const firing: Fault[] = [];
    for (const entry of this.armed) {
      const target = entry.fault.endpoint ?? '*';
      if (target !== '*' && target !== endpoint) continue;
      entry.seen++;
      if (entry.seen > (entry.fault.afterCalls ?? 0) && entry.left > 0) {
        entry.left--;
        firing.push(entry.fault);
      }
    }
    this.armed = this.armed.filter((e) => e.left > 0);
    return firing;
  }
}
