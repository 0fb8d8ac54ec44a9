import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import type { CliIo } from '../../src/cli/output.ts';
import { runCli } from '../../src/cli/program.ts';

/** The repository's own reports.config.json, as the CLI tests run it. */
export const CONFIG = fileURLToPath(new URL('../../reports.config.json', import.meta.url));

/** The CLI's streams in memory, for running commands in-process through `runCli`. */
export function memoryIo(env: NodeJS.ProcessEnv = {}) {
  const written = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') =>
    ({
      write: (chunk: string | Uint8Array) => {
        written[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  const io: CliIo = { stdout: stream('stdout'), stderr: stream('stderr'), env };
  return { io, written };
}

/** What a run of the CLI answered: its exit code and everything it wrote. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables a developer may have set that would point the CLI away from its defaults (the simulator). */
const DEVELOPER_VARIABLES = [
  'SOBOT_BASE_URL',
  'SOBOT_APPID',
  'SOBOT_APP_KEY',
  'REPORTS_BUCKET',
  'ON_DEMAND_FUNCTION',
] as const;

/** The environment the tests give the CLI: this one without `DEVELOPER_VARIABLES`, plus `env`. */
export function cliEnvironment(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of DEVELOPER_VARIABLES) delete inherited[name];
  return { ...inherited, ...env };
}

/**
 * `sobot-reports …` in this process, through `runCli`, with the environment a test subprocess gets
 * (`cliEnvironment`). The same code as the binary runs, without a Node.js start and a TypeScript
 * compile per case; the subprocess smoke tests cover starting the real binary.
 */
export async function runCliInProcess(
  argv: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  // Commander reads `--sobot-url`'s SOBOT_BASE_URL from process.env itself, not from the injected env.
  if (process.env.SOBOT_BASE_URL !== undefined) vi.stubEnv('SOBOT_BASE_URL', undefined);
  const { io, written } = memoryIo(cliEnvironment(options.env));
  const code = await runCli(argv, io);
  return { code, stdout: written.stdout, stderr: written.stderr };
}
