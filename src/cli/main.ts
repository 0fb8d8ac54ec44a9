import { runCli } from './program.ts';

/**
 * Ctrl-C or SIGTERM asks the run to stop between steps: it records how far it got and gives its lease
 * up, so the same command run again continues at once. A second signal ends the process there and
 * then; its lease then lapses, or the next run on this host sees the process gone.
 */
const stop = new AbortController();
const EXIT_ON = { SIGINT: 130, SIGTERM: 143 } as const;
for (const name of Object.keys(EXIT_ON) as (keyof typeof EXIT_ON)[]) {
  process.on(name, () => {
    if (stop.signal.aborted) process.exit(EXIT_ON[name]);
    process.stderr.write(`\n${name}: stopping; press Ctrl-C again to quit at once\n`);
    stop.abort(new Error(`interrupted by ${name}`));
    process.exitCode = EXIT_ON[name];
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: stop.signal,
});
const interrupted = stop.signal.aborted ? (process.exitCode as number) : undefined;
if (interrupted !== undefined) process.stderr.write('stopped; run the same command again to continue\n');
process.exitCode = interrupted ?? code;
