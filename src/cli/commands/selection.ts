import { type Command, Option } from 'commander';
import type { Clock } from '../../core/clock.ts';
import {
  ConfigError,
  findReport,
  loadConfig,
  type ReportsConfig,
  recipientsSchema,
} from '../../core/report/config.ts';
import { planRun } from '../../core/report/run-report.ts';
import type { RunRequest } from '../../core/report/run-types.ts';
import { CliInputError } from '../errors.ts';

/** The options that pick which runs a command is about (`run`, `invoke`, `preview`). */
export interface SelectionOptions {
  readonly config: string;
  readonly report?: string;
  readonly period?: 'daily' | 'weekly' | 'monthly';
  readonly date?: string;
  readonly from?: string;
  readonly to?: string;
}

/** The options that change what a run sends (`run`, `invoke`). */
export interface SendOptions {
  readonly recipients?: string;
  readonly dryRun?: boolean;
  readonly force?: boolean;
}

export const DEFAULT_PERIOD = 'weekly';

export function addSelectionOptions(command: Command): Command {
  return command
    .option('--report <id>', 'one report of the config, by id')
    .addOption(
      new Option('--period <period>', `every report of this period (default: ${DEFAULT_PERIOD})`).choices([
        'daily',
        'weekly',
        'monthly',
      ]),
    )
    .option(
      '--date <yyyy-MM-dd>',
      "reference date: the period before it is reported (default: today in the report's timezone)",
    )
    .option('--from <yyyy-MM-dd>', 'first day of an explicit range (with --to)')
    .option('--to <yyyy-MM-dd>', 'last day of an explicit range (with --from), at most 90 days')
    .option('--config <file>', 'the reports configuration', './reports.config.json');
}

export function addSendOptions(command: Command): Command {
  return command
    .option('--recipients <addresses>', 'send the whole report only to these comma-separated addresses')
    .option('--dry-run', 'collect, render and archive, but send nothing')
    .option('--force', 'send again a run that was already delivered');
}

export interface Selection {
  readonly config: ReportsConfig;
  readonly requests: readonly RunRequest[];
}

/**
 * Reads the config and turns the options into run requests, each checked by the use case's own plan
 * (dates, ranges, report ids), so every input problem surfaces here, before anything starts.
 */
export async function selectRuns(options: SelectionOptions & SendOptions, clock: Clock): Promise<Selection> {
  const config = await loadConfig(options.config);
  const request = {
    ...datesOf(options),
    ...(options.recipients === undefined ? {} : { recipients: recipientsOf(options.recipients) }),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.force ? { force: true } : {}),
  };
  const requests = reportIdsOf(config, options).map((reportId) => ({ reportId, ...request }));
  for (const each of requests) planRun({ config, clock }, each);
  return { config, requests };
}

function reportIdsOf(config: ReportsConfig, options: SelectionOptions): string[] {
  if (options.report !== undefined) {
    if (options.period !== undefined) throw new CliInputError('--period: give either --report or --period');
    try {
      return [findReport(config, options.report).id];
    } catch (error) {
      if (error instanceof ConfigError)
        throw new CliInputError(`--report: ${error.message}`, { cause: error });
      throw error;
    }
  }
  const period = options.period ?? DEFAULT_PERIOD;
  const ids = config.reports.filter((report) => report.period === period).map((report) => report.id);
  if (ids.length === 0) throw new CliInputError(`--period: ${options.config} has no ${period} report`);
  return ids;
}

function datesOf(options: SelectionOptions): Pick<RunRequest, 'date' | 'from' | 'to'> {
  const { date, from, to } = options;
  if (date !== undefined && (from !== undefined || to !== undefined)) {
    throw new CliInputError('--date: give either --date or --from and --to');
  }
  if (from !== undefined && to === undefined) throw new CliInputError('--to: is required with --from');
  if (to !== undefined && from === undefined) throw new CliInputError('--from: is required with --to');
  if (date !== undefined) return { date };
  return from !== undefined && to !== undefined ? { from, to } : {};
}

/** The config's own mailbox rule, so `--recipients` accepts what `recipients.to` accepts. */
const mailbox = recipientsSchema.shape.to.unwrap().element;

function recipientsOf(list: string): string[] {
  const addresses = list
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  if (addresses.length === 0) throw new CliInputError('--recipients: needs at least one address');
  for (const address of addresses) {
    const checked = mailbox.safeParse(address);
    if (!checked.success) {
      throw new CliInputError(
        `--recipients: "${address}" ${checked.error.issues[0]?.message ?? 'is invalid'}`,
      );
    }
  }
  return addresses;
}
