import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type CliRun, cliEnvironment } from '../../support/cli-io.ts';

export { type CliRun, CONFIG, cliEnvironment } from '../../support/cli-io.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = `${REPO}bin/sobot-reports.mjs`;

/**
 * `node bin/sobot-reports.mjs …` as a user runs it: its own process, cwd and environment (without the
 * variables a developer may have set, so the defaults, the simulator, apply). Each start costs a
 * Node.js boot and a TypeScript compile, so only the smoke tests of each command and the tests that
 * need a real process (signals, a live lease holder) start one; the rest run `runCliInProcess`.
 */
export function runCliProcess(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: cliEnvironment(options.env), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
