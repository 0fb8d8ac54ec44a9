import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { runStatus } from '../../core/delivery/history.ts';
import { formatBytes } from '../../core/delivery/html.ts';
import { newestFirst } from '../../core/delivery/index-page.ts';
import { assertSafeKey, MANIFEST_FILE, REPORTS_ROOT } from '../../core/delivery/layout.ts';
import type { Manifest } from '../../core/delivery/manifest.ts';
import { readManifests } from '../../core/delivery/publish-indexes.ts';
import type { ArchiveStore } from '../../core/report/ports.ts';
import { CliInputError } from '../errors.ts';
import type { CliIo } from '../output.ts';
import { periodText } from '../run-summary.ts';
import { type DeliveryOptions, deliveryTargetFrom, openDelivery } from '../wiring.ts';
import { addTargetOptions } from './run.ts';

interface ListOptions extends DeliveryOptions {
  readonly report?: string;
  readonly json?: boolean;
}

interface GetOptions extends DeliveryOptions {
  readonly output?: string;
}

export function registerArchive(program: Command, io: CliIo): void {
  const archive = program
    .command('archive')
    .description('browse the archive: the local <out>/archive folder, or the S3 bucket with --target aws');
  addTargetOptions(archive.command('list').description('runs, newest first, with their files'))
    .option('--report <id>', 'only this report')
    .option('--json', 'print the manifests as JSON')
    .action((options: ListOptions) => listCommand(options, io));
  addTargetOptions(archive.command('get').description('one archived file, by key').argument('<key>'))
    .option('--output <file>', 'write to this file instead of stdout')
    .action((key: string, options: GetOptions) => getCommand(key, options, io));
}

async function openArchive(options: DeliveryOptions, io: CliIo): Promise<ArchiveStore> {
  return (await openDelivery(deliveryTargetFrom(options, io.env))).archive;
}

async function listCommand(options: ListOptions, io: CliIo): Promise<void> {
  const archive = await openArchive(options, io);
  const reportIds = options.report === undefined ? await archivedReportIds(archive) : [options.report];
  const manifests = (await Promise.all(reportIds.map((id) => readManifests(archive, id)))).flat();
  manifests.sort(newestFirst);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, runs: manifests })}\n`);
    return;
  }
  if (manifests.length === 0) {
    io.stderr.write(`no runs archived in ${archive.locate(REPORTS_ROOT.slice(0, -1))}\n`);
    return;
  }
  io.stdout.write(`${manifests.map(describeManifest).join('\n')}\n`);
}

/** Report ids that have at least one run folder (with a manifest) in the archive. */
async function archivedReportIds(archive: ArchiveStore): Promise<string[]> {
  const entries = await archive.list(REPORTS_ROOT);
  const ids = entries
    .filter((entry) => entry.key.endsWith(`/${MANIFEST_FILE}`))
    .map((entry) => entry.key.slice(REPORTS_ROOT.length).split('/', 1)[0] ?? '');
  return [...new Set(ids)].filter(Boolean);
}

function describeManifest(manifest: Manifest): string {
  const sent = manifest.messages.length;
  const status = sent > 0 ? `${runStatus(manifest)}, ${sent} email(s)` : runStatus(manifest);
  const head = `${manifest.reportId}  ${periodText(manifest.period)}  generated ${manifest.generatedAt}  ${status}`;
  const files = manifest.files.map((file) => `  ${file.key}  ${formatBytes(file.size)}`);
  return [head, ...files].join('\n');
}

async function getCommand(key: string, options: GetOptions, io: CliIo): Promise<void> {
  try {
    assertSafeKey(key);
  } catch (error) {
    throw new CliInputError(`<key>: "${key}" is not an archive key such as reports/<id>/…`, { cause: error });
  }
  const archive = await openArchive(options, io);
  const body = await archive.get(key);
  if (!body)
    throw new CliInputError(`<key>: nothing is archived at ${key} (see: sobot-reports archive list)`);
  if (options.output) {
    await writeFile(options.output, body);
    io.stderr.write(`wrote ${body.byteLength} bytes to ${options.output}\n`);
    return;
  }
  io.stdout.write(body);
}
