import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * A benchmark's output: named figures, each against its goal. `met` is null for figures shown for
 * context only. `bench/run.ts` collects them from each child through BENCH_RESULT_FILE.
 */
export interface Figure {
  readonly benchmark: string;
  readonly label: string;
  readonly value: string;
  readonly goal: string;
  readonly met: boolean | null;
}

export const RESULT_FILE_VARIABLE = 'BENCH_RESULT_FILE';

function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

export function figureTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.benchmark,
    f.label,
    f.value,
    f.goal,
    f.met === null ? '' : f.met ? 'met' : 'MISSED',
  ]);
  const header = ['benchmark', 'figure', 'value', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function missed(figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => f.met === false);
}

/** Runs a benchmark as a script: prints its figures, hands them to the runner, exits 1 on a missed goal. */
export async function runBenchmark(moduleUrl: string, body: () => Promise<Figure[]>): Promise<void> {
  if (!isMain(moduleUrl)) return;
  const figures = await body();
  console.log(`\n${figureTable(figures)}`);
  for (const figure of missed(figures)) {
    console.log(`MISSED GOAL: ${figure.benchmark} / ${figure.label}: ${figure.value} (goal ${figure.goal})`);
  }
  const resultFile = process.env[RESULT_FILE_VARIABLE];
  if (resultFile) writeFileSync(resultFile, JSON.stringify(figures));
  if (missed(figures).length > 0) process.exitCode = 1;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
