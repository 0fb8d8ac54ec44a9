import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** aws-cdk-lib's classes do not satisfy `exactOptionalPropertyTypes` against their own interfaces. */
function asIBucket(bucket: s3.Bucket): s3.IBucket {
  return bucket as unknown as s3.IBucket;
}

/**
 * The archive's name, known to both stacks without a CloudFormation export, so the stateless stack never
 * locks the stateful one (an export cannot change while imported).
 */
export const ARCHIVE_BUCKET_NAME = `sobot-report-mailer-archive-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

interface ArchiveBucketProps {
  readonly infrequentAccessAfterDays: number;
  readonly glacierAfterDays: number;
}

/** Where every workbook, email and ledger entry is kept; retained even if the stack is deleted. */
export class ArchiveBucket extends Construct {
  readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps) {
    super(scope, id);
    const common = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log destination; logging it into itself would loop.',
    });

    const bucket = new s3.Bucket(this, 'Bucket', {
      ...common,
      bucketName: ARCHIVE_BUCKET_NAME,
      versioned: true,
      serverAccessLogsBucket: asIBucket(accessLogs),
      serverAccessLogsPrefix: 'archive/',
      lifecycleRules: [
        {
          id: 'cheaper-storage-as-reports-age',
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(props.infrequentAccessAfterDays),
            },
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(props.glacierAfterDays),
            },
          ],
          noncurrentVersionExpiration: Duration.days(90),
        },
      ],
    });
    this.bucket = asIBucket(bucket);
  }
}
