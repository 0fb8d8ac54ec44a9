import { randomUUID } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { type DeliveryAdapters, localDelivery } from '../adapters/delivery.ts';
import { statsSessions } from '../adapters/sobot/session.ts';
import { FetchingTokenProvider } from '../adapters/sobot/token-provider.ts';
import { systemClock } from '../core/clock.ts';
import type { ReportsConfig } from '../core/report/config.ts';
import type { RunDependencies } from '../core/report/run-types.ts';
import type { ClientEvents } from '../core/sobot/api.ts';
import { CliInputError } from './errors.ts';

/**
 * The CLI's adapters. Everything here is checked first (`…TargetFrom`) and opened only afterwards
 * (`open…`), so bad input stops the CLI before a server starts or a folder is created.
 */

/** Where statistics come from: the embedded simulator, or a Sobot API (real or compatible). */
type SobotTarget =
  | { readonly kind: 'simulator' }
  | { readonly kind: 'api'; readonly url: string; readonly appId: string; readonly appKey: string };

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * With `--target aws` the mail goes to real people through SES: the statistics must come from a named
 * Sobot API, never the simulator's invented numbers.
 */
export function sobotTargetFrom(
  url: string | undefined,
  env: NodeJS.ProcessEnv,
  delivery: DeliveryTarget['kind'] = 'local',
): SobotTarget {
  if (url === undefined && delivery === 'aws') {
    throw new CliInputError(
      '--sobot-url: --target aws sends to real recipients; name the Sobot API with --sobot-url or SOBOT_BASE_URL',
    );
  }
  if (url === undefined) return { kind: 'simulator' };
  if (!httpUrl.safeParse(url).success) throw new CliInputError(`--sobot-url: "${url}" is not an http(s) URL`);
  return { kind: 'api', url, appId: required(env, 'SOBOT_APPID'), appKey: required(env, 'SOBOT_APP_KEY') };
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

/** One token provider for the whole CLI run, shared by every report's client. */
export async function openStatsSource(
  target: SobotTarget,
  events: ClientEvents,
  signal?: AbortSignal,
): Promise<StatsSource> {
  const cancel = signal ? { signal } : {};
  if (target.kind === 'api') {
    const tokens = new FetchingTokenProvider({
      appId: target.appId,
      appKey: target.appKey,
      baseUrl: target.url,
    });
    return {
      openStats: statsSessions(tokens, { baseUrl: target.url, events, ...cancel }),
      description: new URL(target.url).origin,
      close: async () => {},
    };
  }
  // Loaded only when used, like the AWS clients below: the CLI starts faster without them.
  const { startSimulator } = await import('../../simulator/index.ts');
  const simulator = await startSimulator();
  const tokens = new FetchingTokenProvider({ ...simulator.credentials, baseUrl: simulator.url });
  const sessions = statsSessions(tokens, { baseUrl: simulator.url, events, ...cancel });
  return {
    openStats: (report) => ({ ...sessions(report), simulated: true }),
    description: `the embedded Sobot simulator (${simulator.url})`,
    close: () => simulator.close(),
  };
}

/** Where runs are archived and sent: `<out>/archive` + `<out>/outbox`, or the S3 bucket + SES. */
type DeliveryTarget =
  | { readonly kind: 'local'; readonly outDir: string }
  | { readonly kind: 'aws'; readonly bucket: string };

export interface DeliveryOptions {
  readonly target: 'local' | 'aws';
  readonly out: string;
  readonly bucket?: string;
}

export function deliveryTargetFrom(options: DeliveryOptions, env: NodeJS.ProcessEnv): DeliveryTarget {
  if (options.target === 'local') return { kind: 'local', outDir: resolve(options.out) };
  const bucket = options.bucket ?? env.REPORTS_BUCKET;
  if (!bucket) throw new CliInputError('--bucket: is required with --target aws (or set REPORTS_BUCKET)');
  return { kind: 'aws', bucket };
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
  return awsDelivery({ bucket: target.bucket, configurationSet: config?.email.configurationSet });
}
