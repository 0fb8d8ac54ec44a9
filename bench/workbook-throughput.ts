/**
 * Workbook throughput for the runner: bench/workbook.ts's comparison (2,000,000 cells through
 * renderWorkbook against exceljs's own streaming writer, each side in its own child) as figures.
 *
 *   node bench/workbook-throughput.ts      (or node bench/workbook.ts for its own report)
 *
 * Goal: at most 1.3× exceljs's time and at most 300 MB peak RSS.
 */

import { type Figure, runBenchmark } from './support/figures.ts';
import { benchmarkWorkbook, DEFAULT_CELLS, PEAK_RSS_GOAL_MB, TIME_RATIO_GOAL } from './workbook.ts';

export async function benchmarkWorkbookThroughput(): Promise<Figure[]> {
  const result = await benchmarkWorkbook(DEFAULT_CELLS, 2);
  const { render, raw, rawShared } = result;
  const cells = render.cells.toLocaleString('en-US');
  console.log(
    `\n${cells} cells: renderWorkbook ${render.ms} ms, exceljs ${raw.ms} ms, hand-tuned exceljs ${rawShared.ms} ms (best of 2); ` +
      `peak RSS ${render.peakRssMb} MB (data loaded: ${render.loadedRssMb} MB), exceljs ${raw.peakRssMb} MB`,
  );
  const benchmark = 'workbook';
  return [
    {
      benchmark,
      label: `${cells} cells: time vs exceljs`,
      value: `${result.timeRatio.toFixed(2)}× (${render.ms} / ${raw.ms} ms)`,
      goal: `≤ ${TIME_RATIO_GOAL}×`,
      met: result.timeRatio <= TIME_RATIO_GOAL,
    },
    {
      benchmark,
      label: `${cells} cells: time vs hand-tuned exceljs`,
      value: `${result.tunedTimeRatio.toFixed(2)}× (${render.ms} / ${rawShared.ms} ms)`,
      goal: '',
      met: null,
    },
    {
      benchmark,
      label: `${cells} cells: peak RSS`,
      value: `${render.peakRssMb} MB`,
      goal: `≤ ${PEAK_RSS_GOAL_MB} MB`,
      met: render.peakRssMb <= PEAK_RSS_GOAL_MB,
    },
  ];
}

await runBenchmark(import.meta.url, benchmarkWorkbookThroughput);
