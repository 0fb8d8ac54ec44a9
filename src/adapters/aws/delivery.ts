import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { type Clock, systemClock } from '../../core/clock.ts';
import { ArchiveLedger, type ProcessIdentity } from '../../core/delivery/ledger.ts';
import { archiveS3Client, S3ArchiveStore } from '../archive/s3.ts';
import type { DeliveryAdapters } from '../delivery.ts';
import { SesMailer, sesClient } from '../mail/ses.ts';

interface AwsDeliveryOptions {
  readonly bucket: string;
  readonly prefix?: string;
  /** The bucket's region, for the S3 console links in the email. */
  readonly region?: string | undefined;
  readonly configurationSet?: string | undefined;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly identity?: ProcessIdentity;
  /** Injected in tests; by default `archiveS3Client()` and `sesClient()`, with the SDK's standard retries. */
  readonly s3?: S3Client;
  readonly ses?: SESv2Client;
}

/** The Lambda run: the S3 archive bucket (archive and ledger) and SES. Create once, at cold start. */
export function awsDelivery(options: AwsDeliveryOptions): DeliveryAdapters {
  const clock = options.clock ?? systemClock;
  const archive = new S3ArchiveStore({
    client: options.s3 ?? archiveS3Client(),
    bucket: options.bucket,
    region: options.region,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  });
  return {
    archive,
    mailer: new SesMailer({
      client: options.ses ?? sesClient(),
      configurationSet: options.configurationSet,
      signal: options.signal,
    }),
    ledger: new ArchiveLedger({
      store: archive,
      clock,
      ...(options.identity ? { identity: options.identity } : {}),
    }),
  };
}
