import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ReportsConfig } from '../src/core/report/config.ts';
import { ReportAlarms } from './alarms.ts';
import { ARCHIVE_BUCKET_NAME } from './archive-bucket.ts';
import { DeliveryEvents } from './delivery-events.ts';
import {
  archiveAccess,
  archiveReadAccess,
  invokeFunction,
  readParameters,
  sendEmail,
  useKeyThroughSsm,
  writeParameter,
} from './permissions.ts';
import { ReportFunction } from './report-function.ts';
import { ReportSchedules } from './report-schedules.ts';
import type { Settings } from './settings.ts';

interface StatelessStackProps extends StackProps {
  readonly config: ReportsConfig;
  readonly settings: Settings;
  readonly configurationSetName: string;
  readonly logRetention: logs.RetentionDays;
}

/** The archive name as cdk-nag prints it, pseudo parameters in angle brackets. */
const ARCHIVE_BUCKET_NAME_PATTERN = 'sobot-report-mailer-archive-<AWS::AccountId>-<AWS::Region>';

const REPORT_TIMEOUT = Duration.minutes(15);
/**
 * The run lease: renewed every third of it while the run lives, so a run whose function died (out of
 * memory, timeout) blocks its retry for a minute at most, inside Lambda's first retry delay.
 */
const LEDGER_LEASE = Duration.minutes(1);

/** Functions, schedules and alarms: safe to replace at any deploy; nothing here holds data. */
export class StatelessStack extends Stack {
  readonly scheduledReport: ReportFunction;
  readonly onDemandReport: ReportFunction;
  readonly tokenRefresh: ReportFunction;
  readonly deliveryWatchdog: ReportFunction;
  readonly deliveryEvents: DeliveryEvents;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedules: ReportSchedules;
  readonly alarms: ReportAlarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const archiveBucket = s3.Bucket.fromBucketName(this, 'Archive', ARCHIVE_BUCKET_NAME);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue; an alarm fires on its first message.',
    });

    this.tokenRefresh = new ReportFunction(this, 'TokenRefresh', {
      handler: 'token-refresh',
      description: 'The only writer of the Sobot token in SSM',
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      reservedConcurrentExecutions: 1,
    });
    this.tokenRefresh
      .connect('APPID_PARAMETER', settings.appIdParameter, readParameters(this, [settings.appIdParameter]))
      .connect(
        'APP_KEY_PARAMETER',
        settings.appKeyParameter,
        readParameters(this, [settings.appKeyParameter]),
      )
      // Its only writer: reads the token to decide, writes the new one.
      .connect('TOKEN_PARAMETER', settings.tokenParameter, [
        readParameters(this, [settings.tokenParameter]),
        writeParameter(this, settings.tokenParameter),
      ])
      .allow(useKeyThroughSsm(this, settings.ssmKmsKeyArn, true));

    const reportFunction = (id: string, handler: string, description: string, scheduled: boolean) => {
      const fn = new ReportFunction(this, id, {
        handler,
        description,
        timeout: REPORT_TIMEOUT,
        logRetention: props.logRetention,
        // Lambda retries a failed asynchronous (scheduled) run twice; the retry resumes from the archive.
        ...(scheduled
          ? {
              onFailure: new destinations.SqsDestination(this.deadLetterQueue),
              retryAttempts: 2,
              maxEventAge: Duration.hours(6),
            }
          : {}),
      });
      fn.connect('ARCHIVE_BUCKET', archiveBucket.bucketName, archiveAccess(archiveBucket))
        .connect('TOKEN_PARAMETER', settings.tokenParameter, readParameters(this, [settings.tokenParameter]))
        .connect(
          'TOKEN_REFRESH_FUNCTION',
          this.tokenRefresh.function.functionName,
          invokeFunction(this.tokenRefresh.function.functionArn),
        )
        // The set whose event destination records deliveries, bounces and complaints; the mail goes
        // from the verified sender identity through it.
        .connect(
          'SES_CONFIGURATION_SET',
          props.configurationSetName,
          sendEmail(this, settings.senderIdentity, props.configurationSetName),
        )
        .configure('LEDGER_LEASE_SECONDS', String(LEDGER_LEASE.toSeconds()))
        .configure('DEADLINE_MARGIN_MS', '30000')
        .allow(useKeyThroughSsm(this, settings.ssmKmsKeyArn, false));
      if (settings.sobotBaseUrl) fn.configure('SOBOT_BASE_URL', settings.sobotBaseUrl);
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${ARCHIVE_BUCKET_NAME_PATTERN}/*]`,
        reason:
          'Report and ledger keys are made at run time (reports/<id>/<period>/…, ledger/…); scoped to the archive bucket.',
      });
      return fn;
    };
    if (settings.sobotBaseUrl) this.tokenRefresh.configure('SOBOT_BASE_URL', settings.sobotBaseUrl);

    this.scheduledReport = reportFunction(
      'ScheduledReport',
      'scheduled-report',
      'Scheduled report run',
      true,
    );
    this.onDemandReport = reportFunction(
      'OnDemandReport',
      'on-demand-report',
      'Report run on request',
      false,
    );

    this.deliveryWatchdog = new ReportFunction(this, 'DeliveryWatchdog', {
      handler: 'delivery-watchdog',
      description:
        'Daily: hours since each report was last delivered, for the weekly and monthly missed-run alarms',
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
    });
    this.deliveryWatchdog.connect(
      'ARCHIVE_BUCKET',
      archiveBucket.bucketName,
      archiveReadAccess(archiveBucket),
    );
    Validations.of(this.deliveryWatchdog).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${ARCHIVE_BUCKET_NAME_PATTERN}/reports/*]`,
      reason: 'Reads the run manifests under reports/<id>/…, whose keys are made at run time; read only.',
    });

    // The configuration set (stateful stack) publishes to the default bus; this side only subscribes.
    this.deliveryEvents = new DeliveryEvents(this, 'DeliveryEvents', {
      archiveBucket,
      archiveBucketNamePattern: ARCHIVE_BUCKET_NAME_PATTERN,
      configurationSetName: props.configurationSetName,
      deadLetterQueue: this.deadLetterQueue,
      logRetention: props.logRetention,
    });

    this.schedules = new ReportSchedules(this, 'Schedules', {
      reports: props.config.reports,
      reportFunction: this.scheduledReport.function,
      tokenRefreshFunction: this.tokenRefresh.function,
      deliveryWatchdogFunction: this.deliveryWatchdog.function,
      deadLetterQueue: this.deadLetterQueue,
    });

    this.alarms = new ReportAlarms(this, 'Alarms', {
      reports: props.config.reports,
      functions: [
        this.scheduledReport.function,
        this.onDemandReport.function,
        this.tokenRefresh.function,
        this.deliveryWatchdog.function,
        this.deliveryEvents.recorder.function,
      ],
      deadLetterQueue: this.deadLetterQueue,
      alarmEmail: settings.alarmEmail,
      missedRunGraceHours: settings.missedRunGraceHours,
    });
    if (!settings.ssmKmsKeyArn) {
      for (const fn of [this.tokenRefresh, this.scheduledReport, this.onDemandReport]) {
        Validations.of(fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*]',
          reason:
            'The AWS-managed aws/ssm key id is account-specific and unknown offline; kms:ViaService limits use to SSM in this region. Set context ssmKmsKeyArn to name the key.',
        });
      }
    }

    // Names an operator needs for the commands in docs/deploy.md; nothing secret.
    new CfnOutput(this, 'OnDemandFunctionName', { value: this.onDemandReport.function.functionName });
    new CfnOutput(this, 'TokenRefreshFunctionName', { value: this.tokenRefresh.function.functionName });
    new CfnOutput(this, 'ScheduledReportLogGroup', { value: this.scheduledReport.logGroup.logGroupName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
