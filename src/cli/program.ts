import { Command, CommanderError } from 'commander';
import { registerArchive } from './commands/archive.ts';
import { registerBackfill } from './commands/backfill.ts';
import { registerCheck } from './commands/check.ts';
import { registerHistory } from './commands/history.ts';
import { type InvokeDependencies, registerInvoke } from './commands/invoke.ts';
import { registerPreview } from './commands/preview.ts';
import { registerRun } from './commands/run.ts';
import { describeError, EXIT_OK, exitCodeOf, ReportedFailureError } from './errors.ts';
import type { CliIo } from './output.ts';

type CliDependencies = InvokeDependencies;

/** `sobot-reports`: a primary adapter over the same report use case the Lambda handlers call. */
function createProgram(io: CliIo, deps: CliDependencies = {}): Command {
  const program = new Command('sobot-reports')
    .description('Sobot live-chat statistics reports: Excel workbook + HTML email, archived and sent.')
    .showSuggestionAfterError(false)
    // Subcommands created below inherit these; errors come back as exceptions to map to exit codes.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerCheck(program, io);
  registerRun(program, io);
  registerInvoke(program, io, deps);
  registerArchive(program, io);
  registerHistory(program, io);
  registerBackfill(program, io);
  registerPreview(program, io);
  return program;
}

/** Runs the CLI and answers the exit code; errors become one line on stderr (and JSON with `--json`). */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  deps: CliDependencies = {},
): Promise<number> {
  try {
    await createProgram(io, deps).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    const code = exitCodeOf(error);
    // Commander has already printed its own one-line message (or the help).
    if (error instanceof CommanderError) return code;
    const message = describeError(error);
    io.stderr.write(`error: ${message}\n`);
    if (argv.includes('--json') && !(error instanceof ReportedFailureError))
      io.stdout.write(`${JSON.stringify({ ok: false, exitCode: code, error: message })}\n`);
    return code;
  }
}
