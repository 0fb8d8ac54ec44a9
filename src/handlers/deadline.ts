/** What the handlers need from the Lambda context to know their deadline. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

export interface DeadlineSignal {
  readonly signal: AbortSignal;
  /** Clears the timer once the invocation ends, so it cannot fire into the next one. */
  dispose(): void;
}

/**
 * An `AbortSignal` that fires `marginMs` before Lambda would kill the invocation, so the run stops
 * cleanly between steps and the retry resumes from what was archived (Middy's timeout pattern).
 */
export function deadlineSignal(context: RemainingTime, marginMs: number): DeadlineSignal {
  const controller = new AbortController();
  const budget = context.getRemainingTimeInMillis() - marginMs;
  const reason = () => new DeadlineError(`stopping ${marginMs} ms before the Lambda timeout`);
  if (budget <= 0) {
    controller.abort(reason());
    return { signal: controller.signal, dispose: () => {} };
  }
  const timer = setTimeout(() => controller.abort(reason()), budget);
  timer.unref?.();
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}
