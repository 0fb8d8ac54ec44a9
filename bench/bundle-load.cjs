// The bundle benchmark's probe, run by plain `node` in a fresh process per sample: how long loading a
// handler bundle takes, and (with --invoke) loading it plus one invocation that wires the handler's
// dependencies and then fails fast on a bad event, so no network call is made. The load's CPU time
// (every thread: compiling, collecting) is reported beside it: on a shared machine it moves far less.
const { performance } = require('node:perf_hooks');

async function main() {
  const [bundle, mode] = process.argv.slice(2);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const module = require(bundle);
  const loadedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const loadedCpuMs = (cpu.user + cpu.system) / 1000;
  let initMs = loadedMs;
  if (mode === '--invoke') {
    try {
      await module.handler({}, { getRemainingTimeInMillis: () => 900_000 });
    } catch {
      // Expected: the empty event is refused after the wiring ran.
    }
    initMs = performance.now() - started;
  }
  process.stdout.write(`${JSON.stringify({ loadedMs, loadedCpuMs, initMs })}\n`);
}

main();
