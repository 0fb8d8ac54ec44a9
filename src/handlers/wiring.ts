import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import rawConfig from '../../reports.config.json' with { type: 'json' };
import { archiveS3Client, S3ArchiveStore } from '../adapters/archive/s3.ts';
import { lambdaLogger } from '../adapters/aws/logger.ts';
import { clientEventsFor, lambdaMetrics, meteredArchive } from '../adapters/aws/run-metrics.ts';
import { ssmParameters } from '../adapters/aws/ssm-parameters.ts';
import { SsmTokenProvider } from '../adapters/aws/ssm-token-provider.ts';
import { SsmTokenStore } from '../adapters/aws/ssm-token-store.ts';
import { SesMailer, sesClient } from '../adapters/mail/ses.ts';
import { statsSessions } from '../adapters/sobot/session.ts';
import { FetchingTokenProvider } from '../adapters/sobot/token-provider.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import { ArchiveLedger, lambdaProcess } from '../core/delivery/ledger.ts';
import { parseConfig } from '../core/report/config.ts';
import { runReport } from '../core/report/run-report.ts';
import type { IssuedToken, RefreshTokenDependencies, SobotCredentials } from '../core/token/refresh-token.ts';
import type { DeliveryEventsDependencies } from './delivery-events.ts';
import type { DeliveryWatchdogDependencies } from './delivery-watchdog.ts';
import { readEnvironment } from './environment.ts';
import type { ReportHandlerDependencies } from './report-invocation.ts';

/**
 * The composition root of the Lambda runtime: the one place the functions' adapters are built, one
 * wiring per handler, each called once per cold start by its handler. Every AWS client comes from its
 * adapter's factory (`archiveS3Client`, `sesClient`, `ssmParameters`) with the SDK's standard retries.
 *
 * Each function bundles only the wiring it calls: the handlers import theirs by name, and the project
 * declares its modules free of import side effects (`"sideEffects": false` in package.json), so esbuild
 * leaves out the rest (the delivery-events function carries no workbook writer and no Sobot client).
 * esbuild cannot drop a third-party import it cannot see is unused (Powertools, `@aws-sdk/*` left to
 * the runtime), so those are imported by the adapters' factories (`lambdaLogger`, `archiveS3Client`…),
 * never here: only the wirings that call a factory pull its package in.
 */

/** What the stack sets on the report functions: names and settings only, never a secret. */
export const reportEnvironmentSchema = z.object({
  ARCHIVE_BUCKET: z.string().min(3),
  TOKEN_PARAMETER: z.string().min(1),
  TOKEN_REFRESH_FUNCTION: z.string().min(1),
  SOBOT_BASE_URL: z.url().optional(),
  DEADLINE_MARGIN_MS: z.coerce.number().int().positive().default(30_000),
  /** The stack's configuration set (its events feed the delivery history); else the config's. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** How long a dead attempt blocks the run at most; the live one renews it every third of it. */
  LEDGER_LEASE_SECONDS: z.coerce.number().int().positive().default(60),
  /** Set by the Lambda runtime; names the bucket's region in the email's S3 console link. */
  AWS_REGION: z.string().min(1).optional(),
});

/** What the stack sets on token-refresh: parameter names, never their values. */
export const tokenRefreshEnvironmentSchema = z.object({
  APPID_PARAMETER: z.string().min(1),
  APP_KEY_PARAMETER: z.string().min(1),
  TOKEN_PARAMETER: z.string().min(1),
  SOBOT_BASE_URL: z.url().optional(),
  MIN_REFRESH_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
});

/** What the stack sets on the delivery-events and delivery-watchdog functions. */
export const archiveEnvironmentSchema = z.object({ ARCHIVE_BUCKET: z.string().min(3) });

/** "The validity period of token is currently 24 hours" (reference, "API Declaration"). */
export const TOKEN_LIFETIME_SECONDS = 86_400;

function observability(): { logger: Logger; metrics: Metrics } {
  return { logger: lambdaLogger(), metrics: lambdaMetrics() };
}

function archiveIn(bucket: string, region?: string): S3ArchiveStore {
  return new S3ArchiveStore({ client: archiveS3Client(), bucket, region });
}

/**
 * The scheduled and on-demand report functions: S3 archive and ledger, SES mailer, and Sobot clients
 * that share one SSM-backed token. The config is bundled with the code (the same file the stack reads
 * for the schedules), so the two cannot disagree.
 */
export function wireReportHandler(env: NodeJS.ProcessEnv = process.env): ReportHandlerDependencies {
  const settings = readEnvironment(reportEnvironmentSchema, env);
  const config = parseConfig(rawConfig);
  const clock = systemClock;
  const { logger, metrics } = observability();
  const ses = sesClient();
  const tokenProvider = new SsmTokenProvider({
    parameterName: settings.TOKEN_PARAMETER,
    refreshFunctionName: settings.TOKEN_REFRESH_FUNCTION,
  });
  const store = archiveIn(settings.ARCHIVE_BUCKET, settings.AWS_REGION);
  const ledger = new ArchiveLedger({
    store,
    clock,
    leaseMs: settings.LEDGER_LEASE_SECONDS * 1000,
    identity: lambdaProcess(env),
  });
  const events = clientEventsFor(metrics, logger);
  const configurationSet = settings.SES_CONFIGURATION_SET ?? config.email.configurationSet;

  return {
    config,
    clock,
    runReport,
    logger,
    metrics,
    deadlineMarginMs: settings.DEADLINE_MARGIN_MS,
    adapters: (signal) => ({
      openStats: statsSessions(tokenProvider, {
        events,
        signal,
        clock,
        ...(settings.SOBOT_BASE_URL ? { baseUrl: settings.SOBOT_BASE_URL } : {}),
      }),
      archive: meteredArchive(store, metrics),
      mailer: new SesMailer({ client: ses, configurationSet, signal }),
      ledger,
    }),
  };
}

/** Sobot's get_token with the credentials read from SSM, and how long the token it gave lives. */
function sobotTokenIssuer(baseUrl: string | undefined, clock: Clock) {
  return async (credentials: SobotCredentials): Promise<IssuedToken> => {
    const fetcher = new FetchingTokenProvider({ ...credentials, ...(baseUrl ? { baseUrl } : {}) });
    const token = await fetcher.token();
    // The API's own expires_in when it gave one; the documented 24 hours otherwise.
    const expiresAt = fetcher.expiresAt();
    const expiresInSeconds =
      expiresAt === undefined ? TOKEN_LIFETIME_SECONDS : Math.floor((expiresAt - clock.now()) / 1000);
    return { token, expiresInSeconds };
  };
}

/** token-refresh, the only writer of the token parameter. */
export function wireTokenRefresh(env: NodeJS.ProcessEnv = process.env): RefreshTokenDependencies {
  const settings = readEnvironment(tokenRefreshEnvironmentSchema, env);
  const clock = systemClock;
  return {
    tokenStore: new SsmTokenStore({
      parameters: ssmParameters(),
      names: {
        appId: settings.APPID_PARAMETER,
        appKey: settings.APP_KEY_PARAMETER,
        token: settings.TOKEN_PARAMETER,
      },
    }),
    fetchToken: sobotTokenIssuer(settings.SOBOT_BASE_URL, clock),
    clock,
    minRefreshIntervalMs: settings.MIN_REFRESH_INTERVAL_SECONDS * 1000,
    logger: lambdaLogger(),
  };
}

/** delivery-events: SES events into each run's delivery history in the archive bucket. */
export function wireDeliveryEvents(env: NodeJS.ProcessEnv = process.env): DeliveryEventsDependencies {
  const settings = readEnvironment(archiveEnvironmentSchema, env);
  return { archive: archiveIn(settings.ARCHIVE_BUCKET), clock: systemClock, ...observability() };
}

/** delivery-watchdog: the bundled config's reports and their manifests in the archive bucket. */
export function wireDeliveryWatchdog(env: NodeJS.ProcessEnv = process.env): DeliveryWatchdogDependencies {
  const settings = readEnvironment(archiveEnvironmentSchema, env);
  return {
    config: parseConfig(rawConfig),
    archive: archiveIn(settings.ARCHIVE_BUCKET),
    clock: systemClock,
    ...observability(),
  };
}
