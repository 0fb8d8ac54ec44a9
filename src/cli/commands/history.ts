import type { Command } from 'commander';
import {
  type MessageState,
  messageState,
  type RunHistory,
  readRunHistories,
  runStatus,
  sentAt,
} from '../../core/delivery/history.ts';
import { newestFirst } from '../../core/delivery/index-page.ts';
import { REPORTS_ROOT } from '../../core/delivery/layout.ts';
import type { Manifest } from '../../core/delivery/manifest.ts';
import { REPORT_ID_PATTERN } from '../../core/report/config.ts';
import { CliInputError } from '../errors.ts';
import type { CliIo } from '../output.ts';
import { periodText } from '../run-summary.ts';
import { type DeliveryOptions, deliveryTargetFrom, openDelivery } from '../wiring.ts';
import { addTargetOptions } from './run.ts';

interface HistoryOptions extends DeliveryOptions {
  readonly report?: string;
  readonly json?: boolean;
}

/** Enough of a sha256 to tell a run's recipients apart, too little to look an address up. */
const SHOWN_HASH = 12;

export const LOCAL_EVENTS_NOTE =
  'delivery events (delivered, bounced, complained, rejected) come only from SES; locally every message shows as sent';

interface MessageRow {
  readonly recipient: string | null;
  readonly slice: string | null;
  readonly messageId: string;
  readonly sentAt: string | null;
  readonly state: MessageState | null;
}

interface RunRow {
  readonly reportId: string;
  readonly period: Pick<Manifest['period'], 'kind' | 'label' | 'from' | 'to'>;
  readonly generatedAt: string;
  readonly folder: string;
  readonly status: string;
  readonly messages: readonly MessageRow[];
}

export function registerHistory(program: Command, io: CliIo): void {
  addTargetOptions(
    program
      .command('history')
      .description('runs, newest first, and what became of each message (delivered, bounced…)'),
  )
    .option('--report <id>', 'only this report')
    .option('--json', 'print the history as one JSON document')
    .action((options: HistoryOptions) => historyCommand(options, io));
}

async function historyCommand(options: HistoryOptions, io: CliIo): Promise<void> {
  if (options.report !== undefined && !REPORT_ID_PATTERN.test(options.report)) {
    throw new CliInputError(
      `--report: "${options.report}" is not a report id (lowercase letters, digits, dashes)`,
    );
  }
  const target = deliveryTargetFrom(options, io.env);
  const { archive } = await openDelivery(target);
  const histories = await readRunHistories(archive, options.report);
  const runs = histories.sort((a, b) => newestFirst(a.manifest, b.manifest)).map(rowOf);
  // Only SES reports what became of a message; the local outbox has nothing to tell.
  const note =
    target.kind === 'local' && !histories.some((h) => h.events.length > 0) ? LOCAL_EVENTS_NOTE : undefined;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ ok: true, target: target.kind, ...(note ? { note } : {}), runs })}\n`,
    );
    return;
  }
  if (runs.length === 0) {
    io.stderr.write(`no runs archived in ${archive.locate(REPORTS_ROOT.slice(0, -1))}\n`);
    return;
  }
  io.stdout.write(`${runs.map(describeRun).join('\n\n')}\n`);
  if (note) io.stderr.write(`${note}\n`);
}

function rowOf(history: RunHistory): RunRow {
  const { manifest, events } = history;
  const { kind, label, from, to } = manifest.period;
  return {
    reportId: manifest.reportId,
    period: { kind, label, from, to },
    generatedAt: manifest.generatedAt,
    folder: history.folder,
    status: runStatus(manifest),
    messages: manifest.messages.map((message) => {
      const recipient =
        message.recipient ?? events.find((e) => e.messageId === message.messageId && e.recipient)?.recipient;
      return {
        recipient: recipient ?? null,
        slice: message.slice ?? null,
        messageId: message.messageId,
        sentAt: sentAt(events, message.messageId) ?? null,
        state: messageState(events, message.messageId),
      };
    }),
  };
}

function describeRun(run: RunRow): string {
  const head = `${run.reportId}  ${periodText(run.period)}  generated ${run.generatedAt}  ${run.status}`;
  if (run.messages.length === 0) return head;
  // Without any delivery event (always so locally) a "latest" column would stay empty.
  const settled = run.messages.some((m) => m.state !== null);
  const rows = run.messages.map((m) => [
    m.recipient?.slice(0, SHOWN_HASH) ?? '(unknown)',
    m.slice ?? '(whole report)',
    m.sentAt ? `sent ${m.sentAt}` : 'sent',
    ...(settled ? [m.state ? stateText(m.state) : ''] : []),
  ]);
  const header = ['recipient', 'slice', 'sent', ...(settled ? ['latest'] : [])];
  return [head, ...table([header, ...rows])].join('\n');
}

function stateText(state: MessageState): string {
  return `${state.outcome} ${state.at}${state.detail ? ` (${state.detail})` : ''}`;
}

/** Left-aligned columns, two spaces apart, indented under the run's line. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}
