import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { fileNameOf } from '../../core/delivery/layout.ts';
import type { ReportsConfig } from '../../core/report/config.ts';
import type { ArchiveStore } from '../../core/report/ports.ts';
import { renderSlice } from '../../core/report/render-run.ts';
import { archivedSnapshotOf, planRun } from '../../core/report/run-report.ts';
import type { RunRequest } from '../../core/report/run-types.ts';
import type { RouteSlice } from '../../core/report/slice.ts';
import { CliInputError } from '../errors.ts';
import type { CliIo } from '../output.ts';
import { periodText, shownPath } from '../run-summary.ts';
import { type DeliveryOptions, deliveryTargetFrom, openDelivery } from '../wiring.ts';
import { addTargetOptions } from './run.ts';
import { addSelectionOptions, type SelectionOptions, selectRuns } from './selection.ts';

interface PreviewOptions extends SelectionOptions, DeliveryOptions {
  readonly json?: boolean;
}

export function registerPreview(program: Command, io: CliIo): void {
  const command = program
    .command('preview')
    .description(
      're-render archived runs from their raw snapshots, without calling the API, into <out>/preview/',
    );
  addSelectionOptions(command);
  addTargetOptions(command)
    .option('--json', 'print the written paths as JSON')
    .action((options: PreviewOptions) => previewCommand(options, io));
}

async function previewCommand(options: PreviewOptions, io: CliIo): Promise<void> {
  const { config, requests } = await selectRuns(options, systemClock);
  const target = deliveryTargetFrom(options, io.env);
  const { archive } = await openDelivery(target, config);
  const folder = join(resolve(options.out), 'preview');
  const written: string[] = [];
  for (const request of requests) {
    const files = await previewRun(config, request, archive, folder);
    written.push(...files);
    if (!options.json) io.stdout.write(`${files.map((file) => shownPath(file)).join('\n')}\n`);
  }
  if (options.json) io.stdout.write(`${JSON.stringify({ ok: true, files: written })}\n`);
}

/** Renders every slice the run sends (the whole report and each route) and writes them to `folder`. */
async function previewRun(
  config: ReportsConfig,
  request: RunRequest,
  archive: ArchiveStore,
  folder: string,
): Promise<string[]> {
  const plan = planRun({ config, clock: systemClock }, request);
  const { report, period, keys, deliveries } = plan;
  const snapshot = (await archivedSnapshotOf(archive, plan))?.snapshot;
  if (!snapshot) {
    throw new CliInputError(
      `no archived snapshot of ${report.id} for ${periodText(period)} in ${archive.locate(keys.folder.slice(0, -1))}; run it first`,
    );
  }
  const slices = new Map<string, RouteSlice | null>();
  for (const delivery of deliveries) slices.set(delivery.sliceSlug, delivery.slice);

  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (const [sliceSlug, slice] of slices) {
    const rendered = await renderSlice(snapshot, report, slice, sliceSlug, archive);
    const workbook = join(folder, rendered.workbook.fileName);
    const html = join(folder, fileNameOf(rendered.html.key));
    await writeFile(workbook, rendered.workbook.content);
    await writeFile(html, rendered.html.content);
    files.push(html, workbook);
  }
  return files;
}
