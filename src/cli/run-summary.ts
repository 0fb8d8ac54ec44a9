import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileNameOf, slug } from '../core/delivery/layout.ts';
import type { RunResult } from '../core/report/run-types.ts';
import type { PeriodWindow } from '../core/report/snapshot.ts';

/** What the CLI reports of a run: the use case's result plus, locally, the `.eml` files written. */
export type RunReport = RunResult & { readonly emlFiles?: readonly string[] };

/** The outbox names each file `…_<message-id slug>.eml` (see `OutboxMailer`). */
export async function emlFilesOf(outbox: string, messageIds: readonly string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  // No outbox folder means nothing was written; any other failure to read it is worth knowing.
  const names = await readdir(outbox).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const suffixes = messageIds.map((id) => `_${slug(id)}.eml`);
  return names
    .filter((name) => suffixes.some((suffix) => name.endsWith(suffix)))
    .sort()
    .map((name) => join(outbox, name));
}

export function periodText(period: Pick<PeriodWindow, 'label' | 'from' | 'to'>): string {
  return period.from === period.to ? period.label : `${period.label} (${period.from} to ${period.to})`;
}

/** Paths below the working directory are shown relative to it, the rest as they are. */
export function shownPath(path: string, cwd = process.cwd()): string {
  if (/^[a-z0-9]+:\/\//i.test(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : path;
}

export function describeRun(run: RunReport): string {
  const head = `${run.reportId} ${periodText(run.period)}: ${outcomeOf(run)}`;
  const rows: [string, string][] = [
    ['run key', run.runKey],
    ['archive', shownPath(run.location)],
  ];
  const summary = run.archive.find((key) => key.endsWith('.html'));
  if (summary) rows.push(['summary', shownPath(`${run.location}/${fileNameOf(summary)}`)]);
  if (!run.skipped) rows.push(['emails', emailsOf(run)]);
  for (const file of run.emlFiles ?? []) rows.push(['', shownPath(file)]);
  if (run.targetsMet && run.targetsMet.length > 0) {
    rows.push(['not sent', `targets met: ${run.targetsMet.join(', ')}`]);
  }
  const data = dataNotesOf(run);
  if (data) rows.push(['data', data]);
  rows.push([
    'API calls',
    !run.resumed
      ? `${run.apiCalls}`
      : run.apiCalls === 0
        ? '0 (re-rendered from the archived snapshot)'
        : `${run.apiCalls} (resumed from a checkpoint)`,
  ]);
  return [head, ...rows.map(([name, value]) => `  ${name.padEnd(10)} ${value}`)].join('\n');
}

/** What the API sent that the report could not use; the email footer and the manifest list it. */
function dataNotesOf(run: RunReport): string | undefined {
  const unread = run.unreadValues ?? 0;
  const missing = run.missingFields ?? [];
  const parts = [
    ...(unread > 0 ? [`${unread} ${unread === 1 ? 'value' : 'values'} could not be read`] : []),
    ...(missing.length > 0 ? [`missing from every row: ${missing.join(', ')}`] : []),
  ];
  return parts.length === 0 ? undefined : `${parts.join('; ')} (listed in the email and the manifest)`;
}

function outcomeOf(run: RunReport): string {
  switch (run.skipped) {
    case 'already-delivered':
      return 'already delivered, nothing sent (--force sends it again)';
    case 'empty':
      return 'no chats in the period and skipIfEmpty is set, nothing sent';
    case 'targets-met':
      return 'every target met and sendWhen is "targetMissed", nothing sent';
    default:
      return run.dryRun ? 'dry run, rendered and archived, nothing sent' : 'delivered';
  }
}

function emailsOf(run: RunReport): string {
  if (run.dryRun) return 'none (dry run)';
  const sent = run.emailsSent ?? run.messages.length;
  if (run.emlFiles) return `${sent} written as .eml files`;
  return `${sent} sent`;
}
