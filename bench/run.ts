/**
 * `npm run bench` runs every benchmark, one after the other, each in a child process of its own (so
 * memory figures don't mix and a crash stops only that one), then prints one table of figures.
 * `npm run bench -- memory bundle` runs the named ones only. Exits 1 when a goal is missed.
 *
 * Benchmarks print figures; they are not tests. Other work on the same machine slows them down, so
 * read times as upper bounds.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, figureTable, missed, RESULT_FILE_VARIABLE } from './support/figures.ts';

const BENCHMARKS = {
  'api-efficiency': 'api-efficiency.ts',
  'rate-limit-floor': 'rate-limit-floor.ts',
  memory: 'memory.ts',
  bundle: 'bundle.ts',
  workbook: 'workbook-throughput.ts',
} as const;

type BenchmarkName = keyof typeof BENCHMARKS;

function isBenchmark(name: string): name is BenchmarkName {
  return Object.hasOwn(BENCHMARKS, name);
}

function selected(args: readonly string[]): BenchmarkName[] {
  const unknown = args.filter((name) => !isBenchmark(name));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    process.exit(2);
  }
  return args.length > 0 ? (args as BenchmarkName[]) : (Object.keys(BENCHMARKS) as BenchmarkName[]);
}

async function runOne(name: BenchmarkName, dir: string): Promise<Figure[]> {
  const script = fileURLToPath(new URL(BENCHMARKS[name], import.meta.url));
  const resultFile = join(dir, `${name}.json`);
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script], {
      stdio: 'inherit',
      env: { ...process.env, [RESULT_FILE_VARIABLE]: resultFile },
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  try {
    return JSON.parse(await readFile(resultFile, 'utf8')) as Figure[];
  } catch {
    return [
      { benchmark: name, label: 'run', value: `exited ${code} without figures`, goal: 'figures', met: false },
    ];
  }
}

const names = selected(process.argv.slice(2));
const dir = await mkdtemp(join(tmpdir(), 'sobot-bench-results-'));
const figures: Figure[] = [];
try {
  for (const name of names) figures.push(...(await runOne(name, dir)));
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(`\n=== figures (${new Date().toISOString()}) ===\n${figureTable(figures)}`);
const misses = missed(figures);
for (const figure of misses) {
  console.log(`MISSED GOAL: ${figure.benchmark} / ${figure.label}: ${figure.value} (goal ${figure.goal})`);
}
if (misses.length > 0) process.exitCode = 1;
