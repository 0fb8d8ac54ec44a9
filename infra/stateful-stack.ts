import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ArchiveBucket } from './archive-bucket.ts';
import { SenderIdentity } from './sender-identity.ts';
import type { Settings } from './settings.ts';

interface StatefulStackProps extends StackProps {
  readonly settings: Settings;
  readonly configurationSetName: string;
}

/**
 * What a redeploy must never replace: the stored reports and the verified sender. Functions and
 * schedules live in the stateless stack, which can be destroyed and recreated freely.
 */
export class StatefulStack extends Stack {
  readonly archive: ArchiveBucket;
  readonly sender: SenderIdentity;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.archive = new ArchiveBucket(this, 'Archive', {
      infrequentAccessAfterDays: props.settings.infrequentAccessAfterDays,
      glacierAfterDays: props.settings.glacierAfterDays,
    });
    this.sender = new SenderIdentity(this, 'Sender', {
      identity: props.settings.senderIdentity,
      configurationSetName: props.configurationSetName,
    });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.archive.bucket.bucketName });
  }
}
