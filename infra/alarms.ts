import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  METRIC,
  METRICS_NAMESPACE,
  REPORT_ID_DIMENSION,
  SERVICE_NAME,
} from '../src/adapters/aws/observability.ts';
import type { ReportConfig } from '../src/core/report/config.ts';

const DAY_HOURS = 24;

/**
 * How many hourly buckets must all be empty before a daily report counts as missed: a day plus grace.
 * Weekly and monthly reports are watched through the delivery watchdog's `HoursSinceDelivery` instead
 * (see `overdueThresholdHours`): CloudWatch evaluates at most 7 days of data (PutMetricAlarm), so a
 * `ReportsDelivered` window of a week plus grace cannot be expressed.
 */
export function missedRunWindowHours(report: ReportConfig, graceHours: number): number | undefined {
  return report.period === 'daily' ? DAY_HOURS + graceHours : undefined;
}

/** The longest period of each kind the watchdog watches: a week, and the longest month. */
const PERIOD_HOURS = { weekly: 7 * DAY_HOURS, monthly: 31 * DAY_HOURS } as const;

/**
 * How much later than one period after the previous one a delivery may still be on time: a DST shift
 * (1 h), Scheduler's retries (within 2 h), Lambda's asynchronous retries (within 6 h) and the run
 * itself (up to 15 min).
 */
const SEND_SLACK_HOURS = 10;

/**
 * The age of the newest delivery above which a weekly or monthly report counts as missed: its longest
 * period plus send slack plus grace; undefined for daily reports, which have the `ReportsDelivered`
 * alarm.
 */
export function overdueThresholdHours(report: ReportConfig, graceHours: number): number | undefined {
  if (report.period === 'daily') return undefined;
  return PERIOD_HOURS[report.period] + SEND_SLACK_HOURS + graceHours;
}

interface ReportAlarmsProps {
  readonly reports: readonly ReportConfig[];
  readonly functions: readonly lambda.IFunction[];
  readonly deadLetterQueue: sqs.IQueue;
  readonly alarmEmail: string;
  readonly missedRunGraceHours: number;
}

/**
 * Errors, dead letters, missed runs and undeliverable messages, all notifying one encrypted SNS topic. A
 * missed run is an empty `ReportsDelivered` window for daily reports, and a `HoursSinceDelivery`
 * (published daily by the delivery watchdog) above a period plus slack for weekly and monthly ones.
 */
export class ReportAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly missedRun = new Map<string, cloudwatch.Alarm>();
  readonly undeliverable = new Map<string, cloudwatch.Alarm>();

  constructor(scope: Construct, id: string, props: ReportAlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the sobot-report-mailer alarm topic',
      enableKeyRotation: true,
    });
    // CloudWatch publishes to an encrypted topic only with a customer-managed key it may use.
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);

    props.functions.forEach((fn, index) => {
      const alarm = fn
        .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
        .createAlarm(this, `Errors${index}`, {
          alarmDescription: `${fn.node.path}: the function reported errors`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
      alarm.addAlarmAction(notify);
    });

    const deadLetters = props.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLetters', {
        alarmDescription:
          'A scheduled invocation, a report run or a delivery event failed for good; see the dead-letter queue',
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    deadLetters.addAlarmAction(notify);

    for (const report of props.reports) {
      const threshold = overdueThresholdHours(report, props.missedRunGraceHours);
      if (threshold === undefined) continue;
      const hoursSince = new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.hoursSinceDelivery,
        dimensionsMap: { service: SERVICE_NAME, [REPORT_ID_DIMENSION]: report.id },
        statistic: 'Maximum',
        period: Duration.days(1),
      });
      // Missing data breaches: a watchdog that stopped publishing is as alarming as a late report.
      const alarm = hoursSince.createAlarm(this, `Overdue-${report.id}`, {
        alarmDescription: `${report.id}: no delivery in the last ${threshold} hours (or the delivery watchdog stopped)`,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(notify);
      this.missedRun.set(report.id, alarm);
    }

    for (const report of props.reports) {
      const hours = missedRunWindowHours(report, props.missedRunGraceHours);
      if (hours === undefined) continue;
      const delivered = new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.reportsDelivered,
        dimensionsMap: { service: SERVICE_NAME, [REPORT_ID_DIMENSION]: report.id },
        statistic: 'Sum',
        period: Duration.hours(1),
      });
      const alarm = delivered.createAlarm(this, `Missed-${report.id}`, {
        alarmDescription: `${report.id}: no scheduled delivery in the last ${hours} hours`,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: hours,
        datapointsToAlarm: hours,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(notify);
      this.missedRun.set(report.id, alarm);
    }

    for (const report of props.reports) {
      const alarm = this.#undeliverableAlarm(report.id);
      alarm.addAlarmAction(notify);
      this.undeliverable.set(report.id, alarm);
    }
  }

  /**
   * Any bounce or complaint in 5 minutes. A report goes to a few known people, so there is no normal
   * bounce rate to tolerate: each one means someone stopped getting the report (or marked it as spam,
   * which SES counts against the account). A short period lets the alarm return to OK, so the next
   * bounce notifies again; a daily sum would stay in ALARM and swallow it.
   */
  #undeliverableAlarm(reportId: string): cloudwatch.Alarm {
    const count = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME, [REPORT_ID_DIMENSION]: reportId },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    const undeliverable = new cloudwatch.MathExpression({
      expression: 'FILL(bounced, 0) + FILL(complained, 0)',
      usingMetrics: { bounced: count(METRIC.emailsBounced), complained: count(METRIC.emailsComplained) },
      label: 'Bounces and complaints',
      period: Duration.minutes(5),
    });
    return undeliverable.createAlarm(this, `Undeliverable-${reportId}`, {
      alarmDescription: `${reportId}: a report message bounced or drew a complaint; see sobot-reports history`,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
