import { CommanderError } from 'commander';
import { ConfigError } from '../core/report/config.ts';
import { PeriodError } from '../core/report/periods.ts';
import { type FieldProblem, RunInputError, RunStepError } from '../core/report/run-errors.ts';
import { type FieldNames, fieldOf } from '../core/report/run-request.ts';

/** Exit codes: 0 done (already delivered included), 1 a run failed, 2 bad input (nothing was written). */
export const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_BAD_INPUT = 2;

/** Bad input found by the CLI itself; the message starts with the option or field it is about. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** A failure outside the use case's steps (an archive that cannot be read, an invocation that failed). */
export class CliFailureError extends Error {
  override readonly name = 'CliFailureError';
}

/** A failure the command has already written its result for (a table, or `--json`'s document). */
export class ReportedFailureError extends Error {
  override readonly name = 'ReportedFailureError';
}

/** The option a person types for each run-request field, so problems name what to change. */
export const OPTION_NAMES: FieldNames = {
  reportId: '--report',
  date: '--date',
  from: '--from',
  to: '--to',
  recipients: '--recipients',
  dryRun: '--dry-run',
  force: '--force',
};

export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  if (isBadInput(error)) return EXIT_BAD_INPUT;
  return EXIT_FAILED;
}

function isBadInput(error: unknown): boolean {
  return (
    error instanceof CliInputError ||
    error instanceof RunInputError ||
    error instanceof ConfigError ||
    error instanceof PeriodError
  );
}

/**
 * Run-request problems as one line, each named by its option: `--to: is required with --from`. A
 * problem with one element of a list (`recipients[1]`) shows the value when `typed` knows what was
 * typed there, else the element's place (`--recipients[1]`).
 */
export function describeFields(
  fields: readonly FieldProblem[],
  typed: (path: string) => string | undefined = () => undefined,
): string {
  return fields
    .map(({ path, message }) => {
      const field = fieldOf(path);
      if (!field) return `${path}: ${message}`;
      const option = OPTION_NAMES[field];
      const value = path === field ? undefined : typed(path);
      if (value === undefined) return `${option}${path.slice(field.length)}: ${message}`;
      return `${option}: "${value}" ${message}`;
    })
    .join('; ');
}

/**
 * One line for a person: the option or field at fault, or the failed step and where its partial
 * results are. Never a stack, and nothing from deeper causes that a message did not already carry
 * (the Sobot client's errors are redacted, so their messages are safe to show).
 */
export function describeError(error: unknown): string {
  if (error instanceof RunInputError) return firstLine(describeFields(error.fields));
  if (error instanceof PeriodError && error.field !== 'timezone') {
    return firstLine(describeFields([{ path: error.field, message: error.detail }]));
  }
  if (error instanceof RunStepError) return error.message;
  if (error instanceof Error) return firstLine(error.message);
  return firstLine(String(error));
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
