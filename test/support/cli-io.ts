import type { CliIo } from '../../src/cli/output.ts';

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
