import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { loadConfig } from '../../core/report/config.ts';
import { isDay, notADay, PeriodError } from '../../core/report/periods.ts';
import {
  BackfillInputError,
  type BackfillResult,
  backfillHistory,
  MAX_BACKFILL_PERIODS,
} from '../../core/trend/backfill.ts';
import { CliInputError } from '../errors.ts';
import { type CliIo, progressFor } from '../output.ts';
import {
  assertWritable,
  type DeliveryOptions,
  deliveryTargetFrom,
  openDelivery,
  openStatsSourceFor,
  sobotTargetFrom,
  type TokenSourceOptions,
} from '../wiring.ts';
import { addSobotOptions, addTargetOptions } from './run.ts';

interface BackfillOptions extends DeliveryOptions, TokenSourceOptions {
  readonly config: string;
  readonly report?: string;
  readonly periods?: string;
  readonly date?: string;
  readonly sobotUrl?: string;
  readonly json?: boolean;
}

export function registerBackfill(program: Command, io: CliIo): void {
  const command = program
    .command('backfill')
    .description(
      "fill a report's history (the email's trend) for the periods before its next run, from getStat",
    )
    .option('--report <id>', 'the report, by id (required)')
    .option(
      '--periods <n>',
      `how many periods, up to the next run's (1–${MAX_BACKFILL_PERIODS}; default: the report's trendPeriods)`,
    )
    .option('--date <yyyy-MM-dd>', "the next run's reference date (default: today in the report's timezone)")
    .option('--config <file>', 'the reports configuration', './reports.config.json');
  addSobotOptions(addTargetOptions(command))
    .option('--json', 'print one JSON result on stdout, nothing else')
    .action((options: BackfillOptions) => backfillCommand(options, io));
}

/** `--periods 8` as a number; anything else is named before the config is read. */
function periodsOf(text: string): number {
  const periods = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(periods) || periods < 1 || periods > MAX_BACKFILL_PERIODS) {
    throw new CliInputError(
      `--periods: must be a whole number from 1 to ${MAX_BACKFILL_PERIODS}, got "${text}"`,
    );
  }
  return periods;
}

async function backfillCommand(options: BackfillOptions, io: CliIo): Promise<void> {
  if (options.report === undefined) throw new CliInputError('--report: is required');
  const periods = options.periods === undefined ? undefined : periodsOf(options.periods);
  if (options.date !== undefined && !isDay(options.date))
    throw new CliInputError(`--date: ${notADay(options.date)}`);
  const clock = systemClock;
  const config = await loadConfig(options.config);
  if (!config.reports.some((report) => report.id === options.report)) {
    const known = config.reports.map((report) => report.id).join(', ');
    throw new CliInputError(
      `--report: no report "${options.report}" in ${options.config} (it has: ${known})`,
    );
  }
  const target = deliveryTargetFrom(options, io.env);
  const sobot = sobotTargetFrom(options.sobotUrl, io.env, target.kind, options);
  await assertWritable(target);

  const progress = progressFor(io, { json: options.json === true });
  const source = await openStatsSourceFor(sobot, progress, io.signal);
  let result: BackfillResult;
  try {
    const delivery = await openDelivery(target, config);
    io.stderr.write(`Statistics from ${source.description}\n`);
    result = await backfillHistory(
      {
        config,
        clock,
        archive: delivery.archive,
        openStats: source.openStats,
        ...(io.signal ? { signal: io.signal } : {}),
      },
      {
        reportId: options.report,
        ...(periods ? { periods } : {}),
        ...(options.date ? { date: options.date } : {}),
      },
    ).catch((error: unknown) => {
      if (error instanceof BackfillInputError)
        throw new CliInputError(`--${error.message}`, { cause: error });
      if (error instanceof PeriodError)
        throw new CliInputError(`--${error.field}: ${error.detail}`, { cause: error });
      throw error;
    });
  } finally {
    await source.close();
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
    return;
  }
  io.stdout.write(
    `${result.reportId} history ${result.first.label} … ${result.last.label} (${result.scopes.join(', ')}): ` +
      `${result.written} record(s) written, ${result.found} already there, ${result.apiCalls} API call(s)\n`,
  );
}
