/**
 * Workbook benchmark: 2,000,000 cells through `renderWorkbook` against exceljs's own streaming
 * WorkbookWriter writing the same cells (same values, same number formats as column styles: the way
 * one uses exceljs directly). Each side runs in its own child process so peak RSS figures don't mix.
 *
 *   node bench/workbook.ts                        every side, best of 2 runs, then the ratios
 *   node bench/workbook.ts --cells 500000 --runs 1
 *
 * Goal: renderWorkbook at most 1.3× the raw time and at most 300 MB peak RSS.
 */
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { ColumnSpec } from '../src/core/render/columns.ts';
import { renderWorkbook } from '../src/core/render/workbook.ts';
import { NUMBER_FORMATS } from '../src/core/render/workbook-cells.ts';
import { emptyConditions, emptyDataset } from '../src/core/report/collect.ts';
import type { Dataset, RawSnapshot } from '../src/core/report/snapshot.ts';
import { AGENT_COLUMNS, type AgentWorkRow } from '../src/core/sections/agents.ts';

export const DEFAULT_CELLS = 2_000_000;
export const TIME_RATIO_GOAL = 1.3;
export const PEAK_RSS_GOAL_MB = 300;

/**
 * `raw`: exceljs used as its docs show (number formats as column styles).
 * `raw-shared`: exceljs tuned by hand the way renderWorkbook is (one style object per format, assigned
 * per cell, which exceljs's style registry recognises instead of re-hashing), the stricter baseline.
 */
type Side = 'render' | 'raw' | 'raw-shared';

export interface SideResult {
  readonly side: Side;
  readonly cells: number;
  readonly rows: number;
  readonly ms: number;
  /** The child's peak resident memory over its whole life (data included). */
  readonly peakRssMb: number;
  /** Resident memory with the synthetic data loaded, before writing. */
  readonly loadedRssMb: number;
  readonly bytes: number;
}

export interface WorkbookBenchResult {
  readonly render: SideResult;
  readonly raw: SideResult;
  readonly rawShared: SideResult;
  /** renderWorkbook time over plain exceljs time. */
  readonly timeRatio: number;
  /** renderWorkbook time over hand-tuned exceljs time. */
  readonly tunedTimeRatio: number;
  readonly withinGoals: boolean;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function syntheticValue(column: ColumnSpec, index: number, next: () => number): string | number {
  switch (column.type) {
    case 'text':
      return `${column.field} ${index} ${Math.floor(next() * 1e6).toString(36)}`;
    case 'rate':
      return Math.round(next() * 10_000) / 10_000;
    case 'durationMs':
      return Math.round(next() * 3_600_000);
    case 'score':
    case 'decimal':
      return Math.round(next() * 500) / 100;
    default:
      return Math.floor(next() * 1_000);
  }
}

/**
 * `count` agent rows with a value in every column of the Agents sheet, built through JSON.parse as a
 * snapshot read from raw.json.gz (or an API answer) would be.
 */
function syntheticAgents(count: number): AgentWorkRow[] {
  const next = random(42);
  return Array.from({ length: count }, (_, i) => {
    const row: Record<string, string | number> = {};
    for (const column of AGENT_COLUMNS) row[column.field] = syntheticValue(column, i, next);
    return JSON.parse(JSON.stringify(row)) as AgentWorkRow;
  });
}

function syntheticSnapshot(agents: AgentWorkRow[]): RawSnapshot {
  const empty: Dataset = { ...emptyDataset(), agents };
  const period = {
    kind: 'monthly',
    start: '2025-10-01 00:00:00',
    end: '2025-10-31 23:59:59',
    from: '2025-10-01',
    to: '2025-10-31',
    timezone: 'Asia/Shanghai',
    label: '2025-10',
    days: 31,
  } as const;
  return {
    version: 1,
    reportId: 'bench',
    dimension: 'skillGroup',
    language: 'en',
    period,
    previousPeriod: null,
    collectedAt: '2025-11-01T00:05:00.000Z',
    apiCalls: 0,
    conditions: emptyConditions(),
    current: empty,
    previous: null,
  };
}

/** Counts the bytes and drops them, so disk speed doesn't enter the comparison. */
function byteCounter(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, bytes: () => bytes };
}

const MS_PER_DAY = 86_400_000;

/** What one would write with exceljs alone: number formats, values converted inline. */
async function writeRaw(
  agents: readonly AgentWorkRow[],
  sink: Writable,
  sharedStyles: boolean,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet('Agents', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  worksheet.columns = AGENT_COLUMNS.map((column) => ({
    header: column.header.en,
    key: column.field,
    width: column.width,
    ...(sharedStyles ? {} : { style: { numFmt: NUMBER_FORMATS[column.type] } }),
  }));
  const styles = AGENT_COLUMNS.map((column) => ({ numFmt: NUMBER_FORMATS[column.type] }));
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: AGENT_COLUMNS.length } };
  const fields = AGENT_COLUMNS.map((column) => column.field);
  const durations = AGENT_COLUMNS.map((column) => column.type === 'durationMs');
  for (const agent of agents) {
    const source = agent as Record<string, unknown>;
    const values = fields.map((field, i) => {
      const value = source[field] as string | number;
      return durations[i] ? (value as number) / MS_PER_DAY : value;
    });
    const row = worksheet.addRow(values);
    if (sharedStyles) {
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i] as Partial<ExcelJS.Style>;
    }
    row.commit();
  }
  worksheet.commit();
  await workbook.commit();
  return agents.length;
}

async function runSide(side: Side, cells: number): Promise<SideResult> {
  const agents = syntheticAgents(Math.ceil(cells / AGENT_COLUMNS.length));
  const snapshot = syntheticSnapshot(agents);
  // The garbage of building the data must not count as the writer's peak.
  (globalThis as { gc?: () => void }).gc?.();
  const loadedRssMb = Math.round(process.memoryUsage.rss() / 1024 / 1024);
  const { sink, bytes } = byteCounter();
  const started = performance.now();
  const rows =
    side === 'render'
      ? (
          await renderWorkbook(snapshot, {
            title: 'Bench',
            language: 'en',
            sections: ['agents'],
            output: sink,
          })
        ).rows
      : await writeRaw(agents, sink, side === 'raw-shared');
  const ms = performance.now() - started;
  return {
    side,
    cells: rows * AGENT_COLUMNS.length,
    rows,
    ms: Math.round(ms),
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadedRssMb,
    bytes: bytes(),
  };
}

const run = promisify(execFile);

async function inChild(side: Side, cells: number): Promise<SideResult> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await run(
    process.execPath,
    [...process.execArgv, '--expose-gc', script, '--child', side, '--cells', String(cells)],
    {
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as SideResult;
}

/** The fastest of `runs` runs (a shared machine only ever adds time), and the highest peak. */
async function measure(side: Side, cells: number, runs: number): Promise<SideResult> {
  const results: SideResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await inChild(side, cells));
  const fastest = results.reduce((best, r) => (r.ms < best.ms ? r : best));
  return { ...fastest, peakRssMb: Math.max(...results.map((r) => r.peakRssMb)) };
}

export async function benchmarkWorkbook(cells = DEFAULT_CELLS, runs = 2): Promise<WorkbookBenchResult> {
  // Sequential: on a shared 2-core machine, parallel children would time each other.
  const raw = await measure('raw', cells, runs);
  const rawShared = await measure('raw-shared', cells, runs);
  const render = await measure('render', cells, runs);
  const timeRatio = render.ms / raw.ms;
  const tunedTimeRatio = render.ms / rawShared.ms;
  return {
    render,
    raw,
    rawShared,
    timeRatio,
    tunedTimeRatio,
    withinGoals: timeRatio <= TIME_RATIO_GOAL && render.peakRssMb <= PEAK_RSS_GOAL_MB,
  };
}

function describe(result: SideResult): string {
  const label = {
    render: 'renderWorkbook     ',
    raw: 'exceljs            ',
    'raw-shared': 'exceljs hand-tuned ',
  }[result.side];
  const mb = (result.bytes / 1024 / 1024).toFixed(1);
  return `${label}  ${result.cells.toLocaleString('en-US')} cells  ${result.ms} ms  peak RSS ${result.peakRssMb} MB (data loaded: ${result.loadedRssMb} MB)  xlsx ${mb} MB`;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  const cells = Number(argument('--cells') ?? DEFAULT_CELLS);
  const child = argument('--child') as Side | undefined;
  if (child) {
    process.stdout.write(`${JSON.stringify(await runSide(child, cells))}\n`);
    return;
  }
  const result = await benchmarkWorkbook(cells, Number(argument('--runs') ?? 2));
  console.log(describe(result.raw));
  console.log(describe(result.rawShared));
  console.log(describe(result.render));
  console.log(
    `time ratio ${result.timeRatio.toFixed(2)}× exceljs, ${result.tunedTimeRatio.toFixed(2)}× hand-tuned exceljs (goal ≤ ${TIME_RATIO_GOAL}×); peak ${result.render.peakRssMb} MB (goal ≤ ${PEAK_RSS_GOAL_MB} MB): ${result.withinGoals ? 'OK' : 'OVER GOAL'}`,
  );
  if (!result.withinGoals) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
