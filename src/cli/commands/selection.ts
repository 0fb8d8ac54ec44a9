import { type Command, Option } from 'commander';
import type { Clock } from '../../core/clock.ts';
import { loadConfig, type ReportsConfig } from '../../core/report/config.ts';
import { MAX_RANGE_DAYS } from '../../core/report/periods.ts';
import { RunInputError } from '../../core/report/run-errors.ts';
import { resolveRunRequest } from '../../core/report/run-request.ts';
import type { RunRequest } from '../../core/report/run-types.ts';
import { CliInputError, describeFields, OPTION_NAMES } from '../errors.ts';

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

const DEFAULT_PERIOD = 'weekly';

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
    .option(
      '--to <yyyy-MM-dd>',
      `last day of an explicit range (with --from), at most ${MAX_RANGE_DAYS} days`,
    )
    .option('--config <file>', 'the reports configuration', './reports.config.json');
}

export function addSendOptions(command: Command): Command {
  return command
    .option('--recipients <addresses>', 'send the whole report only to these comma-separated addresses')
    .option('--dry-run', 'collect, render and archive, but send nothing')
    .option('--force', 'send again a run that was already delivered');
}

interface Selection {
  readonly config: ReportsConfig;
  readonly requests: readonly RunRequest[];
}

/**
 * Reads the config and turns the options into run requests, each checked by the core's one run-request
 * check (the same the on-demand function and the use case's plan apply), so every input problem
 * surfaces here, before anything starts, naming the option at fault.
 */
export async function selectRuns(options: SelectionOptions & SendOptions, clock: Clock): Promise<Selection> {
  const config = await loadConfig(options.config);
  const recipients = options.recipients === undefined ? undefined : listOf(options.recipients);
  const asked = {
    date: options.date,
    from: options.from,
    to: options.to,
    recipients,
    dryRun: options.dryRun,
    force: options.force,
  };
  const requests = reportIdsOf(config, options).map((reportId) => {
    try {
      return resolveRunRequest({ reportId, ...asked }, { config, clock }, OPTION_NAMES).request;
    } catch (error) {
      if (!(error instanceof RunInputError)) throw error;
      throw new CliInputError(describeFields(error.fields, typedAddress(recipients)), { cause: error });
    }
  });
  return { config, requests };
}

function reportIdsOf(config: ReportsConfig, options: SelectionOptions): string[] {
  if (options.report !== undefined) {
    if (options.period !== undefined) throw new CliInputError('--period: give either --report or --period');
    return [options.report];
  }
  const period = options.period ?? DEFAULT_PERIOD;
  const ids = config.reports.filter((report) => report.period === period).map((report) => report.id);
  if (ids.length === 0) throw new CliInputError(`--period: ${options.config} has no ${period} report`);
  return ids;
}

/**
 * The core names a bad address by its place in the list (`recipients[1]`), and keeps addresses out of
 * what it logs; here the person typed it, so the line shows it.
 */
function typedAddress(recipients: readonly string[] | undefined) {
  return (path: string): string | undefined => {
    const index = /^recipients\[(\d+)\]$/.exec(path)?.[1];
    return index === undefined ? undefined : recipients?.[Number(index)];
  };
}

/** `a@example.com, b@example.com` → the addresses; the request check says whether each is one. */
function listOf(text: string): string[] {
  return text
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
}
