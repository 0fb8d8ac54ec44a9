import { CommanderError } from 'commander';
import { ConfigError } from '../core/report/config.ts';
import { PeriodError } from '../core/report/periods.ts';
import { RunInputError, RunStepError } from '../core/report/run-errors.ts';

/** Exit codes: 0 done (already delivered included), 1 a run failed, 2 bad input (nothing was written). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Bad input found by the CLI itself; the message starts with the option or field it is about. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** A failure outside the use case's steps (an archive that cannot be read, an invocation that failed). */
export class CliFailureError extends Error {
  override readonly name = 'CliFailureError';
}

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
 * One line for a person: the option or field at fault, or the failed step and where its partial
 * results are. Never a stack, and nothing from deeper causes that a message did not already carry
 * (the Sobot client's errors are redacted, so their messages are safe to show).
 */
export function describeError(error: unknown): string {
  const period = periodErrorIn(error);
  if (period) return `--${period.message}`;
  if (error instanceof RunStepError) return error.message;
  if (error instanceof Error) return firstLine(error.message);
  return firstLine(String(error));
}

/** The use case wraps a PeriodError (`date: …`); the CLI names it as the option the user typed. */
function periodErrorIn(error: unknown): PeriodError | null {
  const found =
    error instanceof PeriodError
      ? error
      : error instanceof RunInputError && error.cause instanceof PeriodError
        ? error.cause
        : null;
  return found && found.field !== 'timezone' ? found : null;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
