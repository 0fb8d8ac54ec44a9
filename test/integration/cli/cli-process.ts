import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = `${REPO}bin/sobot-reports.mjs`;
export const CONFIG = `${REPO}reports.config.json`;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node bin/sobot-reports.mjs …` as a user runs it: its own process, cwd and environment. */
export function runCliProcess(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  // Without the variables a developer may have set, so the defaults (the simulator) apply.
  const { SOBOT_BASE_URL, SOBOT_APPID, SOBOT_APP_KEY, REPORTS_BUCKET, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: { ...inherited, ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The environment `runCliProcess` gives the CLI, for tests that start and signal the process themselves. */
export function cliEnvironment(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { SOBOT_BASE_URL, SOBOT_APPID, SOBOT_APP_KEY, REPORTS_BUCKET, ...inherited } = process.env;
  return { ...inherited, ...env };
}
