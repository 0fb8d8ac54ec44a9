/**
 * Bundle: each Lambda handler bundled the way the stack bundles it (support/lambda-bundle.ts mirrors
 * infra/report-function.ts), its minified size, and the time a fresh `node` takes to load it (median
 * of 5 fresh processes, with the NODE_OPTIONS the stack sets; its CPU time beside it). For the
 * report functions, also load + first invocation: their handlers wire the AWS clients lazily on the
 * first event, which is part of every cold start.
 *
 *   node bench/bundle.ts
 *
 * Goal for the report functions: ≤ 1.0 MB minified and ≤ 60 ms to load. Load + first invocation (the
 * AWS clients wired) is printed beside it, without a goal.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { analyzeMetafile, type Metafile } from 'esbuild';
import { type Figure, mb, runBenchmark } from './support/figures.ts';
import { bundleLikeLambda, DEPLOYED_NODE_OPTIONS } from './support/lambda-bundle.ts';

const HANDLERS = [
  { name: 'scheduled-report', report: true },
  { name: 'on-demand-report', report: true },
  { name: 'token-refresh', report: false },
  { name: 'delivery-watchdog', report: false },
  { name: 'delivery-events', report: false },
] as const;

const SIZE_GOAL_BYTES = 1024 * 1024;
const LOAD_GOAL_MS = 60;
const SAMPLES = 5;
const ROOT = new URL('../', import.meta.url);
const NODE_MODULES = fileURLToPath(new URL('node_modules', ROOT));
const PROBE = fileURLToPath(new URL('./bundle-load.cjs', import.meta.url));

/** What the stack sets; names only, nothing is called during the measured wiring. */
const HANDLER_ENVIRONMENT = {
  AWS_REGION: 'eu-west-1',
  ARCHIVE_BUCKET: 'bench-archive',
  TOKEN_PARAMETER: '/sobot/bench/token',
  TOKEN_REFRESH_FUNCTION: 'bench-token-refresh',
  POWERTOOLS_SERVICE_NAME: 'sobot-report-mailer',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const execFileAsync = promisify(execFile);

interface LoadSample {
  readonly loadedMs: number;
  readonly loadedCpuMs: number;
  readonly initMs: number;
}

async function sample(bundle: string, invoke: boolean, nodeOptions: string): Promise<LoadSample> {
  const { stdout } = await execFileAsync(process.execPath, [PROBE, bundle, ...(invoke ? ['--invoke'] : [])], {
    // @aws-sdk/* is left to the runtime, as on Lambda; here node_modules provides it.
    env: { ...process.env, ...HANDLER_ENVIRONMENT, NODE_PATH: NODE_MODULES, NODE_OPTIONS: nodeOptions },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LoadSample;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Bytes in the output by package (or `project` for our own files), largest first. */
export function weightByPackage(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const key = match?.[1] ?? 'project';
      totals.set(key, (totals.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].sort(([, a], [, b]) => b - a);
}

async function measure(handler: (typeof HANDLERS)[number], dir: string): Promise<Figure[]> {
  const entry = fileURLToPath(new URL(`src/handlers/${handler.name}.ts`, ROOT));
  const { outfile, bytes, metafile } = await bundleLikeLambda(entry, join(dir, handler.name, 'index.js'));
  const deployed: LoadSample[] = [];
  // One at a time: on a shared machine, parallel processes would time each other.
  for (let i = 0; i < SAMPLES; i++)
    deployed.push(await sample(outfile, handler.report, DEPLOYED_NODE_OPTIONS));
  const loadMs = median(deployed.map((s) => s.loadedMs));
  const loadCpuMs = median(deployed.map((s) => s.loadedCpuMs));
  const load = `${loadMs.toFixed(0)} ms (CPU ${loadCpuMs.toFixed(0)} ms)`;
  const initMs = median(deployed.map((s) => s.initMs));

  const packages = weightByPackage(metafile).slice(0, 8);
  console.log(
    `\n${handler.name}: ${mb(bytes)} minified; load ${load}` +
      (handler.report ? `, load + wiring ${initMs.toFixed(0)} ms` : '') +
      ` (medians of ${SAMPLES} fresh processes)`,
  );
  console.log(
    `  by package: ${packages.map(([name, size]) => `${name} ${(size / 1024).toFixed(0)} KB`).join(', ')}`,
  );
  if (process.argv.includes('--verbose')) console.log(await analyzeMetafile(metafile, { verbose: false }));

  const benchmark = 'bundle';
  if (!handler.report) {
    return [
      { benchmark, label: `${handler.name}: minified size`, value: mb(bytes), goal: '', met: null },
      {
        benchmark,
        label: `${handler.name}: load`,
        value: load,
        goal: '',
        met: null,
      },
    ];
  }
  return [
    {
      benchmark,
      label: `${handler.name}: minified size`,
      value: mb(bytes),
      goal: `≤ ${mb(SIZE_GOAL_BYTES)}`,
      met: bytes <= SIZE_GOAL_BYTES,
    },
    {
      benchmark,
      label: `${handler.name}: load`,
      value: load,
      goal: `≤ ${LOAD_GOAL_MS} ms`,
      met: loadMs <= LOAD_GOAL_MS,
    },
    {
      benchmark,
      label: `${handler.name}: load + first invocation`,
      value: `${initMs.toFixed(0)} ms`,
      goal: '',
      met: null,
    },
  ];
}

export async function benchmarkBundles(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sobot-bench-bundle-'));
  try {
    const figures: Figure[] = [];
    for (const handler of HANDLERS) figures.push(...(await measure(handler, dir)));
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await runBenchmark(import.meta.url, benchmarkBundles);
