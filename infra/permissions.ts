import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** Least-privilege statements, each scoped to the exact resources it names. */

function parameterArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: name.replace(/^\//, ''),
  });
}

export function readParameters(scope: Construct, names: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['ssm:GetParameter'],
    resources: names.map((name) => parameterArn(scope, name)),
  });
}

export function writeParameter(scope: Construct, name: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['ssm:PutParameter'], resources: [parameterArn(scope, name)] });
}

/** Decrypt (and, for the writer, encrypt) SecureStrings: only through SSM, in this region. */
export function useKeyThroughSsm(
  scope: Construct,
  keyArn: string | undefined,
  write: boolean,
): iam.PolicyStatement {
  const anyKey = Stack.of(scope).formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
  return new iam.PolicyStatement({
    actions: write ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
    resources: [keyArn ?? anyKey],
    conditions: { StringEquals: { 'kms:ViaService': `ssm.${Aws.REGION}.amazonaws.com` } },
  });
}

/** Read, write and list the whole archive: reports, ledger and delivery histories (the report runs). */
export function archiveAccess(bucket: s3.IBucket): [iam.PolicyStatement, iam.PolicyStatement] {
  return [
    new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [bucket.arnForObjects('*')],
    }),
    new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  ];
}

/** Read only, and only the published reports (`reports/…`): no writes, no ledger, no other bucket. */
export function archiveReadAccess(bucket: s3.IBucket): [iam.PolicyStatement, iam.PolicyStatement] {
  return [
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('reports/*')] }),
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': 'reports/*' } },
    }),
  ];
}

/** Write only, and only a run's delivery history (`reports/<id>/…/deliveries/…`): no reads, no ledger. */
export function deliveryHistoryWriteAccess(bucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('reports/*/deliveries/*')],
  });
}

export function sendEmail(scope: Construct, identity: string, configurationSet: string): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    resources: [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet }),
    ],
  });
}

export function invokeFunction(functionArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [functionArn] });
}
