import { randomUUID } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { type DeliveryAdapters, localDelivery } from '../adapters/delivery.ts';
import { statsSessions } from '../adapters/sobot/session.ts';
import { FetchingTokenProvider } from '../adapters/sobot/token-provider.ts';
import { systemClock } from '../core/clock.ts';
import type { Recording } from '../core/recording.ts';
import type { ReportsConfig } from '../core/report/config.ts';
import type { RunDependencies } from '../core/report/run-types.ts';
import type { ClientEvents, TokenProvider } from '../core/sobot/api.ts';
import { CliInputError } from './errors.ts';
import type { Progress } from './output.ts';

/**
 * The CLI's adapters. Everything here is checked first (`…TargetFrom`) and opened only afterwards
 * (`open…`), so bad input stops the CLI before a server starts or a folder is created.
 */

/**
 * Where statistics come from: the embedded simulator, the simulator replaying a recording
 * (`check --record`), a Sobot API with this machine's own credentials (it fetches its own token),
 * or, with `--target aws`, the API with the deployed token from SSM.
 */
type SobotTarget =
  | { readonly kind: 'simulator' }
  | { readonly kind: 'replay'; readonly file: string; readonly recording: Recording }
  | { readonly kind: 'api'; readonly url: string; readonly appId: string; readonly appKey: string }
  | {
      readonly kind: 'ssm';
      readonly url: string;
      readonly parameterName: string;
      readonly refreshFunction: string | undefined;
    };

/** The token parameter `cdk.json` names (`sobot-report-mailer:tokenParameter`). */
const DEFAULT_TOKEN_PARAMETER = '/sobot-report-mailer/token';

export interface TokenSourceOptions {
  readonly tokenParameter?: string;
  readonly tokenRefreshFunction?: string;
}

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * With `--target aws` the mail goes to real people through SES: the statistics must come from a named
 * Sobot API, never the simulator's invented numbers. And the token comes from SSM, where the deployed
 * token-refresh function is the only writer: a get_token here would void the token the deployed
 * functions hold ("regardless of the existence of token, a new token will be returned", reference,
 * "API Declaration").
 */
export function sobotTargetFrom(
  url: string | undefined,
  env: NodeJS.ProcessEnv,
  delivery: DeliveryTarget['kind'] = 'local',
  tokens: TokenSourceOptions = {},
): SobotTarget {
  if (url === undefined && delivery === 'aws') {
    throw new CliInputError(
      '--sobot-url: --target aws sends to real recipients; name the Sobot API with --sobot-url or SOBOT_BASE_URL',
    );
  }
  if (url === undefined) return { kind: 'simulator' };
  if (!httpUrl.safeParse(url).success) throw new CliInputError(`--sobot-url: "${url}" is not an http(s) URL`);
  if (delivery === 'aws') {
    return {
      kind: 'ssm',
      url,
      parameterName: tokens.tokenParameter ?? env.TOKEN_PARAMETER ?? DEFAULT_TOKEN_PARAMETER,
      refreshFunction: tokens.tokenRefreshFunction ?? env.TOKEN_REFRESH_FUNCTION,
    };
  }
  return { kind: 'api', url, appId: required(env, 'SOBOT_APPID'), appKey: required(env, 'SOBOT_APP_KEY') };
}

/**
 * `--replay FILE`: the embedded simulator answers from a recording. Refused with `--sobot-url` (two
 * sources) and with `--target aws`: a recording's names are placeholders, not for real recipients.
 */
export async function replayTargetFrom(
  file: string,
  url: string | undefined,
  delivery: DeliveryTarget['kind'] = 'local',
): Promise<SobotTarget> {
  if (url !== undefined)
    throw new CliInputError('--replay: give either --replay or --sobot-url (or unset SOBOT_BASE_URL)');
  if (delivery === 'aws')
    throw new CliInputError('--replay: --target aws sends to real recipients; a replay is for local runs');
  const { loadRecording } = await import('../../simulator/replay.ts');
  try {
    return { kind: 'replay', file, recording: await loadRecording(file) };
  } catch (cause) {
    throw new CliInputError(`--replay: ${(cause as Error).message}`, { cause });
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new CliInputError(`${name}: environment variable is required with --sobot-url`);
  return value;
}

interface StatsSource {
  readonly openStats: RunDependencies['openStats'];
  /** For the summary: "the embedded simulator" or the API's origin. */
  readonly description: string;
  close(): Promise<void>;
}

/** A Sobot API to call, with the one token provider every call of this CLI run shares. */
interface SobotConnection {
  readonly baseUrl: string;
  readonly tokens: TokenProvider;
  /** The numbers are the simulator's (generated or replayed), not an account's live ones. */
  readonly simulated: boolean;
  /** "the embedded simulator", the replayed file, or the API's origin. */
  readonly description: string;
  close(): Promise<void>;
}

/** Printed as each get_token fetch begins, with real credentials: it names no secret. */
export const TOKEN_FETCH_WARNING =
  'fetching a new Sobot API token: this invalidates the token every other integration on these credentials holds, the deployed functions included';

interface ConnectOptions {
  /** Where the get_token warning goes (the run's progress). */
  readonly warn: (line: string) => void;
  /** What a replay says once, that it ignores the dates asked for. */
  readonly note?: (text: string) => void;
}

export async function connectSobot(target: SobotTarget, options: ConnectOptions): Promise<SobotConnection> {
  if (target.kind === 'ssm') {
    // Loaded only when used, like the AWS delivery: the CLI starts faster without the SDK.
    const { SsmTokenProvider } = await import('../adapters/aws/ssm-token-provider.ts');
    const tokens = new SsmTokenProvider({
      parameterName: target.parameterName,
      ...(target.refreshFunction ? { refreshFunctionName: target.refreshFunction } : {}),
    });
    const description = `${new URL(target.url).origin}, with the deployed token from SSM ${target.parameterName}`;
    return { baseUrl: target.url, tokens, simulated: false, description, close: async () => {} };
  }
  if (target.kind === 'api') {
    const tokens = new FetchingTokenProvider({
      appId: target.appId,
      appKey: target.appKey,
      baseUrl: target.url,
      beforeFetch: () => options.warn(TOKEN_FETCH_WARNING),
    });
    const description = new URL(target.url).origin;
    return { baseUrl: target.url, tokens, simulated: false, description, close: async () => {} };
  }
  const { startSimulator } = await import('../../simulator/index.ts');
  const replay =
    target.kind === 'replay'
      ? { recording: target.recording, onNote: options.note ?? (() => {}) }
      : undefined;
  const simulator = await startSimulator(replay ? { replay } : {});
  return {
    baseUrl: simulator.url,
    tokens: new FetchingTokenProvider({ ...simulator.credentials, baseUrl: simulator.url }),
    simulated: true,
    description:
      target.kind === 'replay'
        ? `the recording ${target.file} (${target.recording.day}), replayed by the embedded simulator`
        : `the embedded Sobot simulator (${simulator.url})`,
    close: () => simulator.close(),
  };
}

interface StatsSourceOptions extends ConnectOptions {
  readonly events: ClientEvents;
  readonly signal?: AbortSignal;
}

/** One token provider for the whole CLI run, shared by every report's client. */
export async function openStatsSource(
  target: SobotTarget,
  options: StatsSourceOptions,
): Promise<StatsSource> {
  const { events, signal } = options;
  const cancel = signal ? { signal } : {};
  const sobot = await connectSobot(target, options);
  const sessions = statsSessions(sobot.tokens, { baseUrl: sobot.baseUrl, events, ...cancel });
  return {
    openStats: sobot.simulated ? (report) => ({ ...sessions(report), simulated: true }) : sessions,
    description: sobot.description,
    close: () => sobot.close(),
  };
}

/** The stats source of a command that reports progress: its warnings and notes go to the progress. */
export function openStatsSourceFor(
  target: SobotTarget,
  progress: Pick<Progress, 'logger' | 'events'>,
  signal?: AbortSignal,
): Promise<StatsSource> {
  const warn = (line: string) => progress.logger.warn(line);
  return openStatsSource(target, {
    events: progress.events,
    warn,
    note: warn,
    ...(signal ? { signal } : {}),
  });
}

/** Where runs are archived and sent: `<out>/archive` + `<out>/outbox`, or the S3 bucket + SES. */
type DeliveryTarget =
  | { readonly kind: 'local'; readonly outDir: string }
  | { readonly kind: 'aws'; readonly bucket: string; readonly region?: string | undefined };

export interface DeliveryOptions {
  readonly target: 'local' | 'aws';
  readonly out: string;
  readonly bucket?: string;
}

export function deliveryTargetFrom(options: DeliveryOptions, env: NodeJS.ProcessEnv): DeliveryTarget {
  if (options.target === 'local') return { kind: 'local', outDir: resolve(options.out) };
  const bucket = options.bucket ?? env.REPORTS_BUCKET;
  if (!bucket) throw new CliInputError('--bucket: is required with --target aws (or set REPORTS_BUCKET)');
  return { kind: 'aws', bucket, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION };
}

/**
 * Bad input before anything starts: an `--out` that cannot hold the archive and outbox is named now,
 * not after the API calls. A probe file is written and removed.
 */
export async function assertWritable(target: DeliveryTarget): Promise<void> {
  if (target.kind !== 'local') return;
  const probe = join(target.outDir, `.write-check-${randomUUID()}`);
  try {
    await mkdir(target.outDir, { recursive: true });
    await writeFile(probe, '', { flag: 'wx' });
    await unlink(probe);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new CliInputError(`--out: cannot write to ${target.outDir} (${code})`, { cause });
  }
}

interface OpenedDelivery extends DeliveryAdapters {
  /** The local outbox folder; absent when SES sends. */
  readonly outbox?: string;
}

export async function openDelivery(target: DeliveryTarget, config?: ReportsConfig): Promise<OpenedDelivery> {
  if (target.kind === 'local') {
    return { ...localDelivery(target.outDir, systemClock), outbox: resolve(target.outDir, 'outbox') };
  }
  const { awsDelivery } = await import('../adapters/aws/delivery.ts');
  return awsDelivery({
    bucket: target.bucket,
    region: target.region,
    configurationSet: config?.email.configurationSet,
  });
}
