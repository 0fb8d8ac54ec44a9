import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import rawConfig from '../../reports.config.json' with { type: 'json' };
import { archiveS3Client, S3ArchiveStore } from '../adapters/archive/s3.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../adapters/aws/observability.ts';
import { clientEventsFor, meteredArchive } from '../adapters/aws/run-metrics.ts';
import { SsmTokenProvider } from '../adapters/aws/ssm-token-provider.ts';
import { SesMailer, sesClient } from '../adapters/mail/ses.ts';
import { statsSessions } from '../adapters/sobot/session.ts';
import { systemClock } from '../core/clock.ts';
import { ArchiveLedger, lambdaProcess } from '../core/delivery/ledger.ts';
import { parseConfig } from '../core/report/config.ts';
import { runReport } from '../core/report/run-report.ts';
import { readEnvironment } from './environment.ts';
import type { ReportHandlerDependencies } from './report-invocation.ts';

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
});

/**
 * Builds the report handlers' dependencies for Lambda, once per cold start: S3 archive and ledger, SES
 * mailer, and Sobot clients that share one SSM-backed token. The config is bundled with the code (the
 * same file the stack reads for the schedules), so the two cannot disagree.
 */
export function wireReportHandler(env: NodeJS.ProcessEnv = process.env): ReportHandlerDependencies {
  const settings = readEnvironment(reportEnvironmentSchema, env);
  const config = parseConfig(rawConfig);
  const clock = systemClock;
  const logger = new Logger({ serviceName: SERVICE_NAME });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  // The SDK's standard retries (AWS_RETRY): the adapters send each call once.
  const ses = sesClient();
  const tokenProvider = new SsmTokenProvider({
    parameterName: settings.TOKEN_PARAMETER,
    refreshFunctionName: settings.TOKEN_REFRESH_FUNCTION,
  });
  const store = new S3ArchiveStore({ client: archiveS3Client(), bucket: settings.ARCHIVE_BUCKET });
  const ledger = new ArchiveLedger({
    store,
    clock,
    leaseMs: settings.LEDGER_LEASE_SECONDS * 1000,
    identity: lambdaProcess(env),
  });
  const events = clientEventsFor(metrics);
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
