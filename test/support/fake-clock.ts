import type { Clock } from '../../src/core/clock.ts';

/**
 * A Clock whose time moves only when a test says so. `sleep` resolves once time is advanced past its
 * deadline; sleepers wake in deadline order, and pending I/O and promise callbacks get a chance to run
 * between wake-ups, so code that sleeps again in response is woken in the same `advance`.
 */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, waking every sleeper whose deadline falls within it. */
  advance(ms: number): Promise<void>;
  /** Keeps jumping to the next deadline whenever the code under test sleeps; returns a stop function. */
  autoAdvance(): () => void;
  /** Sleeps not yet woken. */
  pendingSleeps(): number;
  /** Background timers run as time is advanced past them; autoAdvance never jumps ahead for them. */
  every(ms: number, task: () => void): () => void;
}

interface Repeater {
  next: number;
  readonly ms: number;
  readonly task: () => void;
}

interface Sleeper {
  readonly at: number;
  readonly order: number;
  readonly wake: () => void;
}

/** Lets promise callbacks and in-process I/O (undici MockAgent, loopback sockets already readable) run. */
async function settleFor(turns: number): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

interface FakeClockOptions {
  /**
   * Event-loop turns given to in-process I/O before time jumps (default 20). With dozens of loopback
   * requests in flight against a large simulated account, 20 turns can end before the simulator has
   * read some of them: time then jumps a rate-limit window ahead and the simulator stamps them in the
   * next window, refusing calls the client sent inside the limit. The API-efficiency benchmark gives 200.
   */
  readonly settleTurns?: number;
}

export function createFakeClock(
  start = Date.UTC(2025, 10, 12, 1, 0, 0),
  options: FakeClockOptions = {},
): FakeClock {
  const settleTurns = options.settleTurns ?? 20;
  const settle = () => settleFor(settleTurns);
  let now = start;
  let order = 0;
  const sleepers: Sleeper[] = [];
  // Background timers run as time passes; unlike sleepers, autoAdvance never jumps ahead for them.
  const repeaters = new Set<Repeater>();
  const runRepeaters = () => {
    // Like setInterval after a blocked event loop: one run for the ticks missed, not one per tick.
    for (const repeater of repeaters) {
      if (repeater.next > now) continue;
      repeater.next = now + repeater.ms;
      repeater.task();
    }
  };
  let onNewSleeper: (() => void) | undefined;

  const earliest = (): Sleeper | undefined =>
    sleepers.reduce<Sleeper | undefined>(
      (first, s) => (!first || s.at < first.at || (s.at === first.at && s.order < first.order) ? s : first),
      undefined,
    );

  const wakeNext = (): boolean => {
    const next = earliest();
    if (!next) return false;
    sleepers.splice(sleepers.indexOf(next), 1);
    now = Math.max(now, next.at);
    runRepeaters();
    next.wake();
    return true;
  };

  return {
    now: () => now,

    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (ms <= 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(signal?.reason);
        };
        const sleeper: Sleeper = {
          at: now + ms,
          order: order++,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
        onNewSleeper?.();
      });
    },

    async advance(ms) {
      const target = now + ms;
      await settle();
      while ((earliest()?.at ?? Number.POSITIVE_INFINITY) <= target) {
        wakeNext();
        await settle();
      }
      now = Math.max(now, target);
      runRepeaters();
      await settle();
    },

    every(ms, task) {
      const repeater: Repeater = { next: now + ms, ms, task };
      repeaters.add(repeater);
      return () => repeaters.delete(repeater);
    },

    autoAdvance() {
      let running = true;
      const loop = async () => {
        while (running) {
          await settle();
          if (!running) return;
          if (!wakeNext()) {
            await new Promise<void>((resolve) => {
              onNewSleeper = resolve;
            });
            onNewSleeper = undefined;
          }
        }
      };
      void loop();
      return () => {
        running = false;
        onNewSleeper?.();
      };
    },

    pendingSleeps: () => sleepers.length,
  };
}
