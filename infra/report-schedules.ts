import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ReportConfig } from '../src/core/report/config.ts';

/** ISO weekday (1 = Monday, as in reports.config.json) to the cron name, which cannot be misread. */
const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** The send time of one report as a cron in its own timezone (EventBridge Scheduler handles DST). */
function sendCron(report: ReportConfig): scheduler.ScheduleExpression {
  const { hour, minute, weekday, dayOfMonth } = report.send;
  const timeZone = TimeZone.of(report.timezone);
  const time = { minute: String(minute), hour: String(hour), timeZone };
  switch (report.period) {
    case 'daily':
      return scheduler.ScheduleExpression.cron(time);
    case 'weekly':
      return scheduler.ScheduleExpression.cron({ ...time, weekDay: WEEKDAYS[(weekday ?? 1) - 1] ?? 'MON' });
    case 'monthly':
      return scheduler.ScheduleExpression.cron({ ...time, day: String(dayOfMonth ?? 1) });
  }
}

interface ReportSchedulesProps {
  readonly reports: readonly ReportConfig[];
  readonly reportFunction: lambda.IFunction;
  readonly tokenRefreshFunction: lambda.IFunction;
  readonly deliveryWatchdogFunction: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The watchdog runs mid-morning UTC, far from the daily bucket edges of its alarms (00:00 UTC), so each
 * 1-day bucket holds exactly one datapoint even when Scheduler retries it.
 */
const DELIVERY_WATCHDOG_CRON = { minute: '0', hour: '6' } as const;

/**
 * One schedule per report, the token refresh every 12 hours (the token lives 24 hours), and the daily
 * delivery watchdog (the weekly and monthly reports' missed-run alarms read its metric). The input
 * carries `<aws.scheduler.scheduled-time>`, the slot's own time, so a retried delivery names the same
 * period. Deliveries Scheduler cannot make land in the dead-letter queue.
 */
export class ReportSchedules extends Construct {
  readonly reportSchedules = new Map<string, scheduler.Schedule>();
  readonly tokenRefreshSchedule: scheduler.Schedule;
  readonly deliveryWatchdogSchedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ReportSchedulesProps) {
    super(scope, id);
    const delivery = {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 3,
      maxEventAge: Duration.hours(2),
    };

    for (const report of props.reports) {
      const schedule = new scheduler.Schedule(this, `Report-${report.id}`, {
        description: `${report.title} (${report.period}, ${report.timezone})`,
        schedule: sendCron(report),
        target: new targets.LambdaInvoke(props.reportFunction, {
          ...delivery,
          input: scheduler.ScheduleTargetInput.fromObject({
            reportId: report.id,
            scheduledTime: scheduler.ContextAttribute.scheduledTime,
          }),
        }),
      });
      this.reportSchedules.set(report.id, schedule);
    }

    for (const fn of [props.reportFunction, props.tokenRefreshFunction, props.deliveryWatchdogFunction]) {
      this.#acknowledgeVersions(fn);
    }

    this.tokenRefreshSchedule = new scheduler.Schedule(this, 'TokenRefresh', {
      description: 'Refresh the Sobot token well inside its 24-hour validity',
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(12)),
      target: new targets.LambdaInvoke(props.tokenRefreshFunction, {
        ...delivery,
        input: scheduler.ScheduleTargetInput.fromObject({}),
      }),
    });

    this.deliveryWatchdogSchedule = new scheduler.Schedule(this, 'DeliveryWatchdog', {
      description: 'Publish the hours since each report was last delivered',
      schedule: scheduler.ScheduleExpression.cron({ ...DELIVERY_WATCHDOG_CRON, timeZone: TimeZone.ETC_UTC }),
      target: new targets.LambdaInvoke(props.deliveryWatchdogFunction, {
        ...delivery,
        input: scheduler.ScheduleTargetInput.fromObject({}),
      }),
    });
  }

  /** The Scheduler target grants invoke on the function and its versions (`<arn>:*`). */
  #acknowledgeVersions(fn: lambda.IFunction): void {
    const stack = Stack.of(this);
    const logicalId = stack.resolve(stack.getLogicalId(fn.node.defaultChild as CfnElement));
    // The target's role is created at stack level, outside this construct.
    Validations.of(stack).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason: 'Scheduler may invoke the function and its published versions; no other function.',
    });
  }
}
