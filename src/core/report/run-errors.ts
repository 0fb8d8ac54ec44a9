import type { LeaseHolder } from './ports.ts';
import type { RunStep } from './run-types.ts';

/**
 * The use case's errors, apart from it: the handlers tell bad input from a failure at load time, and
 * importing the use case itself there would load all of it (the workbook writer included) at every
 * cold start instead of at the first run.
 */

/**
 * One problem with a run request: `path` starts with the request field it is about (`date`,
 * `recipients[1]`, or `(payload)` for the request as a whole); `message` says what is wrong, without
 * repeating the path.
 */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Bad input (unknown report, malformed request, impossible or unservable period): nothing was called
 * or written. `fields` names each problem, so every caller can point at what to fix.
 */
export class RunInputError extends Error {
  override readonly name = 'RunInputError';
  readonly fields: readonly FieldProblem[];

  constructor(fields: readonly FieldProblem[], options?: ErrorOptions) {
    super(describeProblems(fields), options);
    this.fields = fields;
  }
}

/** `date: 2025-02-30 is not a date…; recipients[1]: is not a valid email address`. */
function describeProblems(fields: readonly FieldProblem[]): string {
  return fields.map((field) => `${field.path}: ${field.message}`).join('; ') || 'invalid run request';
}

/** A step failed; what was archived before it stays, and `location` says where. */
export class RunStepError extends Error {
  override readonly name = 'RunStepError';
  readonly step: RunStep;
  readonly location: string;

  constructor(step: RunStep, location: string, options: ErrorOptions) {
    super(`${step} failed: ${messageOf(options.cause)} (partial results: ${location})`, options);
    this.step = step;
    this.location = location;
  }
}

/** Another attempt holds the run's lease: this one did nothing, and says who to wait for. */
export class RunHeldError extends Error {
  override readonly name = 'RunHeldError';
  readonly runKey: string;
  readonly holder: LeaseHolder;

  constructor(runKey: string, holder: LeaseHolder) {
    super(
      `another attempt holds ${runKey} (host ${holder.host}, pid ${holder.pid}) until ${holder.expiresAt}; ` +
        'it finishes the run, or if it stopped, a retry after that time continues it',
    );
    this.runKey = runKey;
    this.holder = holder;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
