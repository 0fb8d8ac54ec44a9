/**
 * Memory: peak resident memory of a 5,000-agent monthly run of the shipped monthly report end to end
 * (collect, render, archive to a temp folder, outbox). The run is bundled the way the stack bundles
 * the functions and runs in a plain `node` child of its own, so its peak
 * (`process.resourceUsage().maxRSS`) is the run's alone: no simulator, no TypeScript loader; with
 * the NODE_OPTIONS the stack sets (source maps enabled, so the parsed map counts too). Rate
 * limits are off on both sides: pacing only adds waiting, not memory.
 *
 *   node bench/memory.ts [--agents 5000]
 *
 * Goal: under 300 MB with V8's default heap sizing. A second run with the old space capped at
 * 192 MB shows how much of the peak is garbage V8 had not yet collected (or that the live data alone
 * does not fit).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSimulator } from '../simulator/index.ts';
import { systemClock } from '../src/core/clock.ts';
import type { MemoryRunResult } from './memory-run.ts';
import { type Figure, mb, runBenchmark, seconds } from './support/figures.ts';
import { bundleLikeLambda, DEPLOYED_NODE_OPTIONS } from './support/lambda-bundle.ts';
import { accountOf, shippedConfigPath } from './support/simulated-run.ts';

const SEED = 7;
const DEFAULT_AGENTS = 5000;
const PEAK_GOAL_MB = 300;
const CAPPED_OLD_SPACE_MB = 192;
const NODE_MODULES = fileURLToPath(new URL('../node_modules', import.meta.url));

const execFileAsync = promisify(execFile);

async function runChild(
  bundle: string,
  env: NodeJS.ProcessEnv,
  nodeFlags: readonly string[],
): Promise<MemoryRunResult> {
  const { stdout } = await execFileAsync(process.execPath, [...nodeFlags, bundle], {
    // The bundle leaves @aws-sdk/* to the runtime, as on Lambda; here node_modules provides it.
    env: { ...process.env, ...env, NODE_PATH: NODE_MODULES, NODE_OPTIONS: DEPLOYED_NODE_OPTIONS },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as MemoryRunResult;
}

export async function benchmarkMemory(agents = DEFAULT_AGENTS): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sobot-bench-memory-'));
  const simulator = await startSimulator({
    seed: SEED,
    size: accountOf(agents),
    clock: systemClock,
    rateLimit: { calls: Number.POSITIVE_INFINITY, windowMs: 60_000 },
  });
  try {
    const { outfile } = await bundleLikeLambda(
      fileURLToPath(new URL('./memory-run.ts', import.meta.url)),
      join(dir, 'memory-run.cjs'),
    );
    const env = {
      SIM_URL: simulator.url,
      SIM_APP_ID: simulator.credentials.appId,
      SIM_APP_KEY: simulator.credentials.appKey,
      REPORTS_CONFIG: shippedConfigPath(),
    };
    const result = await runChild(outfile, env, []);
    const capped = await runChild(outfile, env, [`--max-old-space-size=${CAPPED_OLD_SPACE_MB}`]).catch(
      () => null,
    );
    const cappedPeak = capped ? mb(capped.peakRssBytes) : 'out of memory';
    const peakMb = result.peakRssBytes / 1024 / 1024;
    console.log(
      `\n${agents} agents, monthly ${result.period}: ${result.apiCalls} API calls, ${mb(result.bytesArchived)} archived, ` +
        `${result.emailsSent} email(s) to the outbox in ${seconds(result.ms)}; ` +
        `RSS ${mb(result.startRssBytes)} after start-up, peak ${mb(result.peakRssBytes)}; ` +
        `with --max-old-space-size=${CAPPED_OLD_SPACE_MB}: ${cappedPeak}`,
    );
    return [
      {
        benchmark: 'memory',
        label: `${agents} agents monthly: peak RSS`,
        value: `${peakMb.toFixed(0)} MB (${(result.startRssBytes / 1024 / 1024).toFixed(0)} MB at start)`,
        goal: `< ${PEAK_GOAL_MB} MB`,
        met: peakMb < PEAK_GOAL_MB,
      },
      {
        benchmark: 'memory',
        label: `same, old space capped at ${CAPPED_OLD_SPACE_MB} MB`,
        value: cappedPeak,
        goal: '',
        met: null,
      },
    ];
  } finally {
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function agentCount(): number {
  const index = process.argv.indexOf('--agents');
  return index < 0 ? DEFAULT_AGENTS : Number(process.argv[index + 1]);
}

await runBenchmark(import.meta.url, () => benchmarkMemory(agentCount()));
