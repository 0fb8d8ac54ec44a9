import { vi } from 'vitest';
import type { RecordedRequest, RunningSimulator } from '../../simulator/index.ts';
import type { Fetch } from '../../src/adapters/sobot/transport.ts';

/**
 * The Sobot client's request timeout made an event. The transport times each HTTP exchange on real
 * time (`AbortSignal.timeout`), so a test that waits for it races the machine: a loaded machine may
 * answer a healthy request later than a short timeout, and a slow answer may come sooner than
 * expected. While installed, `AbortSignal.timeout` answers a signal that fires only when the test says
 * so, and `fetch` (the client's `fetch` option) tags every request it sends with a header that the
 * simulator records, so the test can fire the timeout of exactly the request it chose.
 */
export interface TimeoutsOnCue {
  readonly fetch: Fetch;
  /** Times out the request that carried these headers (as the simulator recorded them). */
  fire(headers: Readonly<Record<string, string>>): void;
  /**
   * Times out the request whose timeout was started last: for a client with one request in flight
   * (e.g. on undici's MockAgent, whose requests this fetch does not see).
   */
  fireLatest(): void;
  /** The durations the client asked `AbortSignal.timeout` for, in order. */
  requestedMs(): readonly number[];
  /** Puts `AbortSignal.timeout` back. */
  restore(): Promise<void>;
}

const TAG = 'x-test-request';

export function requestTimeoutsOnCue(): TimeoutsOnCue {
  let latest: AbortController | undefined;
  const requested: number[] = [];
  const spy = vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
    requested.push(ms);
    const cue = new AbortController();
    latest = cue;
    return cue.signal;
  });
  const timeOut = (cue: AbortController) =>
    cue.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  const sent = new Map<string, AbortController>();
  let tags = 0;
  // The transport starts an exchange's timeout just before it calls fetch, with no await between.
  const fetch: Fetch = (input, init) => {
    const tag = String(++tags);
    if (latest) sent.set(tag, latest);
    const headers = new Headers(init?.headers);
    headers.set(TAG, tag);
    return globalThis.fetch(input, { ...init, headers });
  };

  return {
    fetch,
    fire(headers) {
      const tag = headers[TAG];
      const cue = tag === undefined ? undefined : sent.get(tag);
      if (!cue) throw new Error(`requestTimeoutsOnCue: no timeout known for request ${tag ?? '(untagged)'}`);
      timeOut(cue);
    },
    fireLatest() {
      if (!latest) throw new Error('requestTimeoutsOnCue: no request has started a timeout yet');
      timeOut(latest);
    },
    requestedMs: () => [...requested],
    async restore() {
      spy.mockRestore();
    },
  };
}

/**
 * `fetch` whose first `slowCalls` requests time out as soon as they are sent, while their answers are
 * still on the way: a slow or silent server, with no real time spent waiting for it.
 */
export function timingOut(
  timeouts: TimeoutsOnCue,
  fetch: Fetch,
  slowCalls = Number.POSITIVE_INFINITY,
): Fetch {
  let calls = 0;
  return (input, init) => {
    const answer = fetch(input, init);
    if (++calls <= slowCalls) timeouts.fireLatest();
    return answer;
  };
}

/**
 * Calls `listener` with each request as the simulator records it on arrival, before it applies any
 * fault to it; returns the function that stops listening.
 */
export function onSimulatorArrival(
  sim: RunningSimulator,
  listener: (request: RecordedRequest) => void,
): () => void {
  const recorder = sim.stats as unknown as { record(request: RecordedRequest): void };
  const record = recorder.record;
  const own = Object.hasOwn(recorder, 'record');
  if (typeof record !== 'function') throw new Error('onSimulatorArrival: the simulator records no arrivals');
  recorder.record = function (this: unknown, request: RecordedRequest) {
    record.call(this, request);
    listener(request);
  };
  return () => {
    if (own) recorder.record = record;
    else delete (recorder as Partial<typeof recorder>).record;
  };
}
