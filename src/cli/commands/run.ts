import { type Command, Option } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { planRun, runReport } from '../../core/report/run-report.ts';
import { type CliIo, progressFor } from '../output.ts';
import { describeRun, emlFilesOf, type RunReport } from '../run-summary.ts';
import {
  assertWritable,
  type DeliveryOptions,
  deliveryTargetFrom,
  openDelivery,
  openStatsSourceFor,
  replayTargetFrom,
  sobotTargetFrom,
  type TokenSourceOptions,
} from '../wiring.ts';
import {
  addSelectionOptions,
  addSendOptions,
  type SelectionOptions,
  type SendOptions,
  selectRuns,
} from './selection.ts';

interface RunOptions extends SelectionOptions, SendOptions, DeliveryOptions, TokenSourceOptions {
  readonly sobotUrl?: string;
  readonly replay?: string;
  readonly json?: boolean;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option('--out <dir>', 'local output folder: <out>/archive and <out>/outbox', './out')
    .addOption(
      new Option('--target <target>', 'local files, or the S3 bucket and SES')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .option('--bucket <name>', 'archive bucket with --target aws (default: env REPORTS_BUCKET)');
}

/** Which Sobot API to call and, in AWS, with which deployed token: `run` and `backfill`. */
export function addSobotOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--sobot-url <url>',
        'a real or compatible Sobot API; credentials from SOBOT_APPID and SOBOT_APP_KEY',
      ).env('SOBOT_BASE_URL'),
    )
    .option(
      '--token-parameter <name>',
      'with --target aws, the SSM parameter holding the deployed token (default: env TOKEN_PARAMETER, else /sobot-report-mailer/token)',
    )
    .option(
      '--token-refresh-function <name>',
      'with --target aws, the deployed token-refresh function, asked for a new token when the API rejects it (default: env TOKEN_REFRESH_FUNCTION)',
    );
}

export function registerRun(program: Command, io: CliIo): void {
  const command = program
    .command('run')
    .description(
      'collect, render, archive and send reports (default: the weekly ones, against the embedded simulator)',
    );
  addSelectionOptions(command);
  addSendOptions(command);
  addSobotOptions(addTargetOptions(command))
    .option('--replay <file>', 'answer from a recording made by `check --record` instead of the simulator')
    .option('--json', 'print one JSON result on stdout, nothing else')
    .action((options: RunOptions) => runCommand(options, io));
}

async function runCommand(options: RunOptions, io: CliIo): Promise<void> {
  const clock = systemClock;
  const { config, requests } = await selectRuns(options, clock);
  const target = deliveryTargetFrom(options, io.env);
  const sobot =
    options.replay === undefined
      ? sobotTargetFrom(options.sobotUrl, io.env, target.kind, options)
      : await replayTargetFrom(options.replay, options.sobotUrl, target.kind);
  await assertWritable(target);

  const progress = progressFor(io, { json: options.json === true });
  const source = await openStatsSourceFor(sobot, progress, io.signal);
  const runs: RunReport[] = [];
  const failures: unknown[] = [];
  try {
    const delivery = await openDelivery(target, config);
    const deps = {
      config,
      clock,
      openStats: source.openStats,
      logger: progress.logger,
      ...delivery,
      ...(io.signal ? { signal: io.signal } : {}),
    };
    io.stderr.write(`Statistics from ${source.description}\n`);
    // One failed report does not keep the others of the same period from going out.
    for (const request of requests) {
      progress.begin(`${request.reportId} ${planRun(deps, request).period.label}`);
      try {
        const result = await runReport(deps, request);
        const emlFiles = delivery.outbox ? await emlFilesOf(delivery.outbox, result.messages) : undefined;
        runs.push(emlFiles ? { ...result, emlFiles } : result);
        if (!options.json) io.stdout.write(`${describeRun(runs.at(-1) as RunReport)}\n`);
      } catch (error) {
        failures.push(error);
        if (io.signal?.aborted) break;
      } finally {
        progress.end();
      }
    }
  } finally {
    await source.close();
  }
  if (failures.length > 0) throw failures[0];
  if (options.json) io.stdout.write(`${JSON.stringify({ ok: true, runs })}\n`);
}
