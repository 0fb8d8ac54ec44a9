import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleConfig, synthesize } from './stack-fixture.ts';

let stateless: Template;
let cloudFormationViolations: () => unknown[];
let synthError: unknown;

beforeAll(() => {
  try {
    ({ stateless, cloudFormationViolations } = synthesize());
  } catch (error) {
    synthError = error;
  }
});

type Resources = Record<string, { Properties: Record<string, unknown> }>;

/** Every function of the stack, by the start of its logical id. */
const FUNCTIONS = [
  'ScheduledReport',
  'OnDemandReport',
  'TokenRefresh',
  'DeliveryWatchdog',
  'DeliveryEventsRecorder',
];

function functionByHandler(handler: string): { id: string; properties: Record<string, unknown> } {
  const functions = stateless.findResources('AWS::Lambda::Function') as Resources;
  const entry = Object.entries(functions).find(([id]) => id.startsWith(handler));
  if (!entry) throw new Error(`no function ${handler}`);
  return { id: entry[0], properties: entry[1].Properties };
}

function policyStatementsOf(functionPrefix: string): Array<Record<string, unknown>> {
  const policies = stateless.findResources('AWS::IAM::Policy') as Resources;
  const entry = Object.entries(policies).find(([id]) => id.startsWith(`${functionPrefix}Role`));
  const document = entry?.[1].Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> };
  return document.Statement;
}

const statementFor = (statements: Array<Record<string, unknown>>, action: string) =>
  statements.filter((s) => ([] as unknown[]).concat(s.Action).includes(action));

const arn = (service: string, resource: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:${service}:`,
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:${resource}`,
    ],
  ],
});

describe('Stack: stateless (functions, schedules, alarms)', () => {
  it('synthesizes with no unacknowledged cdk-nag AwsSolutions finding', () => {
    // Prepare
    const failure = synthError instanceof Error ? synthError.message : synthError;

    // Act
    const synthesized = stateless !== undefined;

    // Assess
    expect(failure).toBeUndefined();
    expect(synthesized).toBe(true);
  });

  it('passes CDK’s own CloudFormation template checks with no finding in either stack', () => {
    // Prepare: the synth ran them; they report through warnings that a synth does not fail on.

    // Act
    const violations = cloudFormationViolations();

    // Assess
    expect(violations).toEqual([]);
  });

  it('gives every function the project defaults: Node.js 22, arm64, 512 MB, source maps, JSON logs', () => {
    // Prepare
    const handlers = FUNCTIONS;

    // Act
    const functions = handlers.map((handler) => functionByHandler(handler).properties);

    // Assess
    for (const fn of functions) {
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      });
      // A heap ceiling below the function's memory; source maps ship but are not loaded at start-up.
      expect(fn).toHaveProperty(
        'Environment.Variables.NODE_OPTIONS',
        '--max-old-space-size=256 --max-semi-space-size=4',
      );
    }
  });

  it('keeps each function log group for the configured retention', () => {
    // Prepare
    const groups = stateless.findResources('AWS::Logs::LogGroup') as Resources;

    // Act
    const retentions = Object.values(groups).map((group) => group.Properties.RetentionInDays);

    // Assess
    expect(retentions).toEqual([90, 90, 90, 90, 90]);
  });

  it('gives report runs 15 minutes and token-refresh 30 seconds with reserved concurrency 1', () => {
    // Prepare
    const scheduled = functionByHandler('ScheduledReport').properties;

    // Act
    const tokenRefresh = functionByHandler('TokenRefresh').properties;

    // Assess
    expect(scheduled.Timeout).toBe(900);
    expect(tokenRefresh).toMatchObject({ Timeout: 30, ReservedConcurrentExecutions: 1 });
    expect(scheduled.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('gives report runs a one-minute run lease and the configuration set whose events are recorded', () => {
    for (const handler of ['ScheduledReport', 'OnDemandReport']) {
      // Act
      const { properties } = functionByHandler(handler);

      // Assess: a dead run blocks its retry for a minute at most, inside Lambda's first retry delay.
      expect(properties).toHaveProperty('Environment.Variables.LEDGER_LEASE_SECONDS', '60');
      expect(properties).toHaveProperty('Environment.Variables.SES_CONFIGURATION_SET', 'sobot-reports');
    }
  });

  it('sets parameter names, never values, on token-refresh', () => {
    // Prepare
    const variables = (functionByHandler('TokenRefresh').properties.Environment as { Variables: object })
      .Variables;

    // Act
    const names = Object.keys(variables);

    // Assess
    expect(variables).toMatchObject({
      APPID_PARAMETER: '/sobot-report-mailer/appid',
      APP_KEY_PARAMETER: '/sobot-report-mailer/app-key',
      TOKEN_PARAMETER: '/sobot-report-mailer/token',
    });
    expect(names.some((name) => /KEY$|SECRET|TOKEN$/.test(name))).toBe(false);
  });

  it('schedules each report at its send time in its own timezone, with the scheduled time as input', () => {
    // Prepare
    const expected = {
      'daily-channels': 'cron(0 8 * * ? *)',
      'weekly-supervisors': 'cron(0 9 ? * MON *)',
      'monthly-groups': 'cron(30 7 1 * ? *)',
    };

    // Act
    const schedules = Object.values(stateless.findResources('AWS::Scheduler::Schedule') as Resources);

    // Assess
    // Plus the token refresh and the delivery watchdog.
    expect(schedules).toHaveLength(exampleConfig.reports.length + 2);
    for (const [reportId, cron] of Object.entries(expected)) {
      stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: cron,
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        Target: Match.objectLike({
          Input: JSON.stringify({ reportId, scheduledTime: '<aws.scheduler.scheduled-time>' }),
        }),
      });
    }
  });

  it('retries every scheduled delivery and dead-letters the ones that fail', () => {
    // Prepare
    const schedules = Object.values(stateless.findResources('AWS::Scheduler::Schedule') as Resources);

    // Act
    const targets = schedules.map((schedule) => schedule.Properties.Target as Record<string, unknown>);

    // Assess
    for (const target of targets) {
      expect(target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetters/), 'Arn'] } },
      });
    }
  });

  it('refreshes the token every 12 hours', () => {
    // Prepare
    const tokenRefresh = functionByHandler('TokenRefresh');

    // Act
    const matching = stateless.findResources('AWS::Scheduler::Schedule', {
      Properties: {
        ScheduleExpression: 'rate(12 hours)',
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [tokenRefresh.id, 'Arn'] } }),
      },
    });

    // Assess
    expect(Object.keys(matching)).toHaveLength(1);
  });

  it('runs the delivery watchdog once a day at 06:00 UTC', () => {
    // Prepare
    const watchdog = functionByHandler('DeliveryWatchdog');

    // Act
    const matching = stateless.findResources('AWS::Scheduler::Schedule', {
      Properties: {
        ScheduleExpression: 'cron(0 6 * * ? *)',
        ScheduleExpressionTimezone: 'Etc/UTC',
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [watchdog.id, 'Arn'] }, Input: '{}' }),
      },
    });

    // Assess
    expect(Object.keys(matching)).toHaveLength(1);
    expect(watchdog.properties).toHaveProperty('Environment.Variables.ARCHIVE_BUCKET');
  });

  it('lets the delivery watchdog only read the reports of the archive bucket', () => {
    // Prepare
    const statements = policyStatementsOf('DeliveryWatchdog');
    const archive = (suffix: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':s3:::sobot-report-mailer-archive-',
          { Ref: 'AWS::AccountId' },
          '-',
          { Ref: 'AWS::Region' },
          ...(suffix ? [suffix] : []),
        ],
      ],
    });

    // Act
    const actions = statements.flatMap((s) => ([] as unknown[]).concat(s.Action));

    // Assess
    expect(actions.filter((action) => !String(action).startsWith('logs:')).sort()).toEqual([
      's3:GetObject',
      's3:ListBucket',
    ]);
    expect(statementFor(statements, 's3:GetObject')).toEqual([
      expect.objectContaining({ Resource: archive('/reports/*') }),
    ]);
    expect(statementFor(statements, 's3:ListBucket')).toEqual([
      expect.objectContaining({
        Resource: archive(''),
        Condition: { StringLike: { 's3:prefix': 'reports/*' } },
      }),
    ]);
  });

  it('sends failed asynchronous report runs to the same dead-letter queue after two retries', () => {
    // Prepare
    const scheduled = functionByHandler('ScheduledReport');

    // Act
    const config = stateless.findResources('AWS::Lambda::EventInvokeConfig') as Resources;

    // Assess
    expect(Object.values(config).map((c) => c.Properties)).toContainEqual(
      expect.objectContaining({
        FunctionName: { Ref: scheduled.id },
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetters/), 'Arn'] } },
        },
      }),
    );
  });

  it('encrypts the dead-letter queue and refuses non-TLS access to it', () => {
    // Prepare
    const queues = Object.values(stateless.findResources('AWS::SQS::Queue') as Resources);

    // Act
    const policies = Object.values(stateless.findResources('AWS::SQS::QueuePolicy') as Resources);

    // Assess
    expect(queues).toHaveLength(1);
    expect(queues[0]?.Properties.SqsManagedSseEnabled).toBe(true);
    expect(JSON.stringify(policies)).toContain('"aws:SecureTransport":"false"');
  });

  it('lets token-refresh read the three parameters and write only the token', () => {
    // Prepare
    const statements = policyStatementsOf('TokenRefresh');

    // Act
    const reads = statementFor(statements, 'ssm:GetParameter');
    const writes = statementFor(statements, 'ssm:PutParameter');

    // Assess: one statement per parameter, each granted with the variable that names it.
    expect(reads.map((s) => s.Action)).toEqual(reads.map(() => 'ssm:GetParameter'));
    expect(reads.flatMap((s) => ([] as unknown[]).concat(s.Resource))).toEqual([
      arn('ssm', 'parameter/sobot-report-mailer/appid'),
      arn('ssm', 'parameter/sobot-report-mailer/app-key'),
      arn('ssm', 'parameter/sobot-report-mailer/token'),
    ]);
    expect(writes).toEqual([
      expect.objectContaining({
        Action: 'ssm:PutParameter',
        Resource: arn('ssm', 'parameter/sobot-report-mailer/token'),
      }),
    ]);
  });

  it('grants each function access to every resource its environment names', () => {
    // Prepare
    const handlers = FUNCTIONS;
    /** Variables that are settings, with no resource behind them. */
    const settings = new Set([
      'NODE_OPTIONS',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_LOG_LEVEL',
      'LEDGER_LEASE_SECONDS',
      'DEADLINE_MARGIN_MS',
      'SOBOT_BASE_URL',
    ]);
    /** Whether a granted resource (as JSON) is the one a resource variable names. */
    const names = (name: string, value: unknown): ((resource: string) => boolean) => {
      const is = (expected: unknown) => (resource: string) => resource === JSON.stringify(expected);
      if (name.endsWith('_PARAMETER')) return is(arn('ssm', `parameter${String(value)}`));
      if (name === 'TOKEN_REFRESH_FUNCTION')
        return is({ 'Fn::GetAtt': [(value as { Ref: string }).Ref, 'Arn'] });
      if (name === 'SES_CONFIGURATION_SET') return is(arn('ses', `configuration-set/${String(value)}`));
      // The bucket's ARN or its objects' (…:s3:::<name>/reports/*), both built from its name.
      if (name === 'ARCHIVE_BUCKET')
        return (resource) => resource.includes(':s3:::sobot-report-mailer-archive-');
      throw new Error(`${name}: a new variable; say here what it names, or list it among the settings`);
    };

    for (const handler of handlers) {
      // Act
      const { Variables: variables } = functionByHandler(handler).properties.Environment as {
        Variables: Record<string, unknown>;
      };
      const granted = policyStatementsOf(handler)
        .filter((s) => !([] as unknown[]).concat(s.Action).every((a) => String(a).startsWith('logs:')))
        .flatMap((s) => ([] as unknown[]).concat(s.Resource))
        .map((resource) => JSON.stringify(resource));

      // Assess
      for (const [name, value] of Object.entries(variables)) {
        if (settings.has(name)) continue;
        expect(granted.some(names(name, value)), `${handler}: ${name} is named but not granted`).toBe(true);
      }
    }
  });

  it('lets report functions read only the token, decrypt only through SSM, and never write parameters', () => {
    // Prepare
    const statements = policyStatementsOf('ScheduledReport');

    // Act
    const reads = statementFor(statements, 'ssm:GetParameter');
    const decrypt = statementFor(statements, 'kms:Decrypt');

    // Assess
    expect(reads).toEqual([
      expect.objectContaining({ Resource: arn('ssm', 'parameter/sobot-report-mailer/token') }),
    ]);
    expect(statementFor(statements, 'ssm:PutParameter')).toEqual([]);
    expect(decrypt).toEqual([
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Condition: {
          StringEquals: {
            'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          },
        },
      }),
    ]);
  });

  it('scopes S3, SES and Lambda permissions of report functions to the exact resources', () => {
    // Prepare
    const statements = policyStatementsOf('OnDemandReport');

    // Act
    const s3Objects = statementFor(statements, 's3:PutObject');
    const ses = statementFor(statements, 'ses:SendRawEmail');
    const invoke = statementFor(statements, 'lambda:InvokeFunction');

    // Assess
    expect(JSON.stringify(s3Objects)).toContain(':s3:::sobot-report-mailer-archive-');
    expect(s3Objects[0]?.Action).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(ses).toEqual([
      expect.objectContaining({
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [arn('ses', 'identity/reports@example.com'), arn('ses', 'configuration-set/sobot-reports')],
      }),
    ]);
    expect(invoke).toEqual([
      expect.objectContaining({ Resource: { 'Fn::GetAtt': [functionByHandler('TokenRefresh').id, 'Arn'] } }),
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"|"Action":"[a-z0-9]+:\*"/);
  });

  it('alarms on errors of each function and on any message in the dead-letter queue', () => {
    // Prepare
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm') as Resources);

    // Act
    const errors = alarms.filter((alarm) => alarm.Properties.MetricName === 'Errors');
    const deadLetters = alarms.filter(
      (alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );

    // Assess
    expect(errors).toHaveLength(5);
    expect(deadLetters).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' }),
      }),
    ]);
  });

  it('alarms when a daily report was not delivered within a day plus grace', () => {
    // Prepare
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm') as Resources);

    // Act
    const missed = alarms
      .filter((alarm) => alarm.Properties.MetricName === 'ReportsDelivered')
      .map((alarm) => alarm.Properties);

    // Assess
    expect(missed).toEqual([
      expect.objectContaining({
        Namespace: 'SobotReports',
        Dimensions: expect.arrayContaining([{ Name: 'ReportId', Value: 'daily-channels' }]),
        Period: 3600,
        EvaluationPeriods: 26,
        DatapointsToAlarm: 26,
        TreatMissingData: 'breaching',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
      }),
    ]);
  });

  it('alarms when a weekly or monthly report was not delivered within its period plus slack and grace, or the watchdog stopped', () => {
    // Prepare
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm') as Resources);
    const reportOf = (properties: Record<string, unknown>) =>
      (properties.Dimensions as Array<{ Name: string; Value: string }>).find((d) => d.Name === 'ReportId')
        ?.Value;

    // Act
    const overdue = alarms
      .filter((alarm) => alarm.Properties.MetricName === 'HoursSinceDelivery')
      .map((alarm) => alarm.Properties);

    // Assess
    expect(overdue.map(reportOf).sort()).toEqual(['monthly-groups', 'weekly-supervisors']);
    for (const properties of overdue) {
      expect(properties).toMatchObject({
        Namespace: 'SobotReports',
        Dimensions: expect.arrayContaining([{ Name: 'service', Value: 'sobot-report-mailer' }]),
        Statistic: 'Maximum',
        Period: 86_400,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      });
    }
    const threshold = (id: string) => overdue.find((p) => reportOf(p) === id)?.Threshold;
    // A week or 31 days, 10 hours of send-time slack, 2 hours of grace (cdk.json's default).
    expect(threshold('weekly-supervisors')).toBe(7 * 24 + 10 + 2);
    expect(threshold('monthly-groups')).toBe(31 * 24 + 10 + 2);
  });

  it('alarms on any bounce or complaint of a report’s messages within 5 minutes, per report', () => {
    // Prepare
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm') as Resources);

    // Act
    const undeliverable = alarms
      .map((alarm) => alarm.Properties)
      .filter((properties) => JSON.stringify(properties.Metrics ?? []).includes('EmailsBounced'));

    // Assess
    expect(undeliverable).toHaveLength(exampleConfig.reports.length);
    for (const report of exampleConfig.reports) {
      expect(undeliverable).toContainEqual(
        expect.objectContaining({
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          EvaluationPeriods: 1,
          TreatMissingData: 'notBreaching',
          Metrics: expect.arrayContaining([
            expect.objectContaining({ Expression: 'FILL(bounced, 0) + FILL(complained, 0)' }),
            ...['EmailsBounced', 'EmailsComplained'].map((metricName) =>
              expect.objectContaining({
                ReturnData: false,
                MetricStat: {
                  Metric: {
                    Namespace: 'SobotReports',
                    MetricName: metricName,
                    Dimensions: expect.arrayContaining([{ Name: 'ReportId', Value: report.id }]),
                  },
                  Period: 300,
                  Stat: 'Sum',
                },
              }),
            ),
          ]),
        }),
      );
    }
  });

  it('routes the configuration set’s SES events from the default bus to the delivery-events function', () => {
    // Prepare
    const recorder = functionByHandler('DeliveryEventsRecorder');

    // Act
    const rules = Object.values(stateless.findResources('AWS::Events::Rule') as Resources).map(
      (r) => r.Properties,
    );

    // Assess
    expect(rules).toEqual([
      expect.objectContaining({
        EventPattern: {
          source: ['aws.ses'],
          'detail-type': [
            'Email Sent',
            'Email Delivered',
            'Email Bounced',
            'Email Complaint Received',
            'Email Rejected',
            'Email Delivery Delayed',
          ],
          detail: { mail: { tags: { 'ses:configuration-set': [exampleConfig.email.configurationSet] } } },
        },
        Targets: [
          expect.objectContaining({
            Arn: { 'Fn::GetAtt': [recorder.id, 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetters/), 'Arn'] } },
          }),
        ],
      }),
    ]);
    expect(rules[0]).not.toHaveProperty('EventBusName');
    stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [recorder.id, 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
    expect(recorder.properties).toHaveProperty('Environment.Variables.ARCHIVE_BUCKET');
  });

  it('lets the delivery-events function only write delivery histories, and dead-letters what it cannot record', () => {
    // Prepare
    const statements = policyStatementsOf('DeliveryEventsRecorder');
    const recorder = functionByHandler('DeliveryEventsRecorder');

    // Act
    const actions = statements.flatMap((s) => ([] as unknown[]).concat(s.Action));
    const config = Object.values(stateless.findResources('AWS::Lambda::EventInvokeConfig') as Resources);

    // Assess
    expect(actions.filter((action) => !/^(logs|sqs):/.test(String(action)))).toEqual(['s3:PutObject']);
    // The asynchronous invocation's on-failure destination: the dead-letter queue, nothing else.
    expect(statementFor(statements, 'sqs:SendMessage')).toEqual([
      expect.objectContaining({ Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetters/), 'Arn'] } }),
    ]);
    expect(JSON.stringify(statementFor(statements, 's3:PutObject'))).toMatch(
      /:s3:::sobot-report-mailer-archive-.*"\/reports\/\*\/deliveries\/\*"/,
    );
    expect(config.map((c) => c.Properties)).toContainEqual(
      expect.objectContaining({
        FunctionName: { Ref: recorder.id },
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^DeadLetters/), 'Arn'] } },
        },
      }),
    );
  });

  it('notifies an encrypted SNS topic from every alarm', () => {
    // Prepare
    const topics = stateless.findResources('AWS::SNS::Topic') as Resources;
    const [topicId] = Object.keys(topics);

    // Act
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm') as Resources);

    // Assess
    expect(Object.values(topics)[0]?.Properties.KmsMasterKeyId).toBeDefined();
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    stateless.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('Plugin: cdk-nag AwsSolutions', () => {
  it('fails the synth on an unacknowledged finding', () => {
    // Prepare: cdk-nag alone, without CDK's own CloudFormation checks.
    const app = new App({ builtinCloudFormationValidation: false });
    new s3.Bucket(new Stack(app, 'Careless'), 'Bucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/S3 Bucket has server access logs disabled|Validation failed/);
  });
});
