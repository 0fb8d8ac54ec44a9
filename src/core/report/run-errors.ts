import type { LeaseHolder } from './ports.ts';
import type { RunStep } from './run-types.ts';

/**
 * The use case's errors, apart from it: the handlers tell bad input from a failure at load time, and
 * importing the use case itself there would load all of it (the workbook writer included) at every
 * cold start instead of at the first run.
 */

/** Bad input (unknown report, impossible or unservable period): nothing was called or written. */
export class RunInputError extends Error {
  override readonly name = 'RunInputError';
}

/** A step failed; what was archived before it stays, and `location` says where. */
export class RunStepError extends Error {
  override readonly name = 'RunStepError';
  constructor(
    readonly step: RunStep,
    readonly location: string,
    options: ErrorOptions,
  ) {
    super(`${step} failed: ${messageOf(options.cause)} (partial results: ${location})`, options);
  }
}

/** Another attempt holds the run's lease: this one did nothing, and says who to wait for. */
export class RunHeldError extends Error {
  override readonly name = 'RunHeldError';
  constructor(
    readonly runKey: string,
    readonly holder: LeaseHolder,
  ) {
    super(
      `another attempt holds ${runKey} (host ${holder.host}, pid ${holder.pid}) until ${holder.expiresAt}; ` +
        'it finishes the run, or if it stopped, a retry after that time continues it',
    );
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
