import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { DateTime, IANAZone } from 'luxon';
import { runContractCheck } from '../../adapters/sobot/contract/check.ts';
import { redactedRecording, writeRecording } from '../../adapters/sobot/contract/record.ts';
import { ConfigError, loadConfig } from '../../core/report/config.ts';
import { describeCheck, failedEndpoints } from '../check-report.ts';
import { CliInputError, ReportedFailureError } from '../errors.ts';
import { type CliIo, progressFor } from '../output.ts';
import { connectSobot, sobotTargetFrom, type TokenSourceOptions } from '../wiring.ts';

interface CheckOptions extends TokenSourceOptions {
  readonly sobotUrl?: string;
  readonly date?: string;
  readonly timezone?: string;
  readonly config: string;
  readonly record?: string;
  readonly json?: boolean;
}

const DEFAULT_CONFIG = './reports.config.json';
/** The API's own default zone (reference, request headers: "timezoneid … default Asia/Shanghai"). */
const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export function registerCheck(program: Command, io: CliIo): void {
  program
    .command('check')
    .description(
      'call each Sobot statistics endpoint once and compare the answers with the API reference ' +
        '(run this first with real credentials)',
    )
    .addOption(
      new Option(
        '--sobot-url <url>',
        'the Sobot API to check; credentials from SOBOT_APPID and SOBOT_APP_KEY (default: the embedded simulator)',
      ).env('SOBOT_BASE_URL'),
    )
    .option('--date <yyyy-MM-dd>', 'the day to ask for (default: yesterday in the timezone)')
    .option(
      '--timezone <zone>',
      `IANA zone sent as timezoneid (default: the config's, else ${DEFAULT_TIMEZONE})`,
    )
    .option('--config <file>', 'the reports configuration, for its timezone and language', DEFAULT_CONFIG)
    .option('--record <file>', 'write every exchange, redacted, to this file (for `run --replay`)')
    .option(
      '--token-parameter <name>',
      'with a deployment: check with the deployed token from this SSM parameter instead of fetching one, which would void it',
    )
    .option(
      '--token-refresh-function <name>',
      'with --token-parameter, the deployed token-refresh function, asked for a new token when the API rejects it',
    )
    .option('--json', 'print one JSON result on stdout, nothing else')
    .action((options: CheckOptions) => checkCommand(options, io));
}

async function checkCommand(options: CheckOptions, io: CliIo): Promise<void> {
  // Bad input first, before a server starts or a call is made.
  const target = checkTargetFrom(options, io.env);
  const { timezone, language } = await zoneAndLanguage(options);
  const day = dayFrom(options.date, timezone);
  const record = options.record === undefined ? undefined : await writableFile(options.record);

  const progress = progressFor(io, { json: options.json === true });
  const sobot = await connectSobot(target, { warn: (line) => progress.logger.warn(line) });
  try {
    if (sobot.simulated && !options.json) {
      io.stderr.write(
        'No --sobot-url: checking the embedded simulator, not your account. Set SOBOT_BASE_URL, ' +
          'SOBOT_APPID and SOBOT_APP_KEY (or pass --sobot-url) to check your own.\n',
      );
    }
    progress.begin(`check ${day}`);
    const check = await runContractCheck({
      tokenProvider: sobot.tokens,
      baseUrl: sobot.baseUrl,
      timezone,
      language,
      day,
      events: progress.events,
      ...(io.signal ? { signal: io.signal } : {}),
    }).finally(() => progress.end());

    if (record) {
      const recording = redactedRecording(check.exchanges, {
        day,
        timezone,
        recordedAt: new Date().toISOString(),
        secrets: [...(sobot.tokens.secrets?.() ?? []), ...check.tokensSent()],
      });
      await writeRecording(record, recording);
    }
    const failed = failedEndpoints(check);
    if (options.json) {
      const { exchanges: _exchanges, tokensSent: _tokens, ...result } = check;
      const source = { source: sobot.description, simulated: sobot.simulated, timezone };
      io.stdout.write(
        `${JSON.stringify({ ok: failed.length === 0, ...source, ...result, ...(record ? { recorded: record } : {}) })}\n`,
      );
    } else {
      io.stdout.write(describeCheck(check, sobot.description, timezone));
      if (record) io.stdout.write(`Recorded ${check.exchanges.length} exchanges, redacted, to ${record}\n`);
    }
    if (failed.length > 0) {
      throw new ReportedFailureError(
        `check: ${failed.length} of ${check.endpoints.length} endpoints did not answer in the documented shape`,
      );
    }
  } finally {
    await sobot.close();
  }
}

/**
 * The run's own rules (`--sobot-url` or SOBOT_BASE_URL, credentials from the environment), plus one:
 * credentials without a URL are refused rather than quietly checking the simulator, because whoever set
 * them means to check their account and would read the simulator's table as theirs.
 */
function checkTargetFrom(options: CheckOptions, env: NodeJS.ProcessEnv) {
  const url = options.sobotUrl;
  // The deployed token, read where the token-refresh function writes it: `--target aws`'s source.
  if (options.tokenParameter !== undefined) {
    if (url === undefined)
      throw new CliInputError('--sobot-url: --token-parameter checks a real API; name it with --sobot-url');
    return sobotTargetFrom(url, env, 'aws', options);
  }
  if (options.tokenRefreshFunction !== undefined)
    throw new CliInputError('--token-refresh-function: is used only with --token-parameter');
  if (url === undefined && (env.SOBOT_APPID || env.SOBOT_APP_KEY)) {
    throw new CliInputError(
      '--sobot-url: SOBOT_APPID or SOBOT_APP_KEY is set but no API is named; pass --sobot-url ' +
        '(e.g. https://sg.sobot.io) or set SOBOT_BASE_URL',
    );
  }
  return sobotTargetFrom(url, env);
}

/** `--timezone`, else the config's first report's (a missing default config is fine on day one). */
async function zoneAndLanguage(options: CheckOptions): Promise<{ timezone: string; language: 'en' | 'zh' }> {
  const report = await firstReport(options.config);
  const timezone = options.timezone ?? report?.timezone ?? DEFAULT_TIMEZONE;
  if (!IANAZone.isValidZone(timezone))
    throw new CliInputError(`--timezone: "${timezone}" is not an IANA time zone`);
  return { timezone, language: report?.language ?? 'en' };
}

async function firstReport(file: string) {
  try {
    return (await loadConfig(file)).reports[0];
  } catch (error) {
    const missing = error instanceof ConfigError && (error.cause as NodeJS.ErrnoException)?.code === 'ENOENT';
    if (missing && file === DEFAULT_CONFIG) return undefined;
    throw error;
  }
}

function dayFrom(date: string | undefined, timezone: string): string {
  const today = DateTime.now().setZone(timezone).startOf('day');
  if (date === undefined) return today.minus({ days: 1 }).toISODate() ?? '';
  const parsed = DateTime.fromFormat(date, 'yyyy-MM-dd', { zone: timezone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !parsed.isValid)
    throw new CliInputError(`--date: "${date}" is not a yyyy-MM-dd date`);
  if (parsed > today) throw new CliInputError(`--date: ${date} is in the future in ${timezone}`);
  return date;
}

/** The recording's folder must exist and take a file; nothing is written until the check is done. */
async function writableFile(file: string): Promise<string> {
  const path = resolve(file);
  const folder = dirname(path);
  try {
    await access(folder, constants.W_OK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new CliInputError(`--record: cannot write to ${folder} (${code})`, { cause });
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new CliInputError(`--record: ${path} is a folder`);
  return path;
}
