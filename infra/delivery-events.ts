import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deliveryHistoryWriteAccess } from './permissions.ts';
import { ReportFunction } from './report-function.ts';

/** The EventBridge detail types of the events the configuration set publishes (see DELIVERY_EVENTS). */
const DELIVERY_EVENT_DETAIL_TYPES = [
  'Email Sent',
  'Email Delivered',
  'Email Bounced',
  'Email Complaint Received',
  'Email Rejected',
  'Email Delivery Delayed',
] as const;

interface DeliveryEventsProps {
  readonly archiveBucket: s3.IBucket;
  /** As the archive's name appears in cdk-nag findings. */
  readonly archiveBucketNamePattern: string;
  readonly configurationSetName: string;
  readonly deadLetterQueue: sqs.IQueue;
  readonly logRetention: logs.RetentionDays;
}

/**
 * SES events of the report messages (from the configuration set, through the default bus) into each
 * run's delivery history. An event Lambda cannot record after its retries, or EventBridge cannot hand
 * to Lambda, lands in the dead-letter queue rather than being lost.
 */
export class DeliveryEvents extends Construct {
  readonly recorder: ReportFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: DeliveryEventsProps) {
    super(scope, id);
    this.recorder = new ReportFunction(this, 'Recorder', {
      handler: 'delivery-events',
      description: 'Records the SES events of report messages (delivered, bounced...) in each run history',
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      onFailure: new destinations.SqsDestination(props.deadLetterQueue),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.recorder.connect(
      'ARCHIVE_BUCKET',
      props.archiveBucket.bucketName,
      deliveryHistoryWriteAccess(props.archiveBucket),
    );
    Validations.of(this.recorder).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.archiveBucketNamePattern}/reports/*/deliveries/*]`,
      reason:
        'Writes one object per SES event under reports/<id>/…/deliveries/, whose run folders are made at run time; write only.',
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'SES events of the report configuration set to the delivery-events function',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...DELIVERY_EVENT_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
      },
      targets: [
        new targets.LambdaFunction(this.recorder.function, {
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
