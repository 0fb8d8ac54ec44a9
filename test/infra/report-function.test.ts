import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { ReportFunction } from '../../infra/report-function.ts';

/**
 * A function in a stack that is neither bundled nor run through CDK's CloudFormation checks (they cost
 * seconds): these tests are about its environment and role.
 */
function reportFunction() {
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const fn = new ReportFunction(stack, 'Fn', {
    handler: 'delivery-events',
    description: 'test',
    timeout: Duration.seconds(30),
    logRetention: logs.RetentionDays.ONE_WEEK,
  });
  return { stack, fn };
}

const readQueue = new iam.PolicyStatement({
  actions: ['sqs:ReceiveMessage'],
  resources: ['arn:aws:sqs:eu-west-1:111122223333:queue'],
});

describe('Construct: ReportFunction', () => {
  it('connects a variable together with the access to what it names', () => {
    // Prepare
    const { stack, fn } = reportFunction();

    // Act
    fn.connect('QUEUE_URL', 'https://sqs/queue', readQueue);

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { QUEUE_URL: 'https://sqs/queue' } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:ReceiveMessage',
            Resource: 'arn:aws:sqs:eu-west-1:111122223333:queue',
          }),
        ]),
      },
    });
  });

  it('refuses to name a resource without granting any access to it', () => {
    // Prepare
    const { fn } = reportFunction();

    // Act
    const connecting = () => fn.connect('QUEUE_URL', 'https://sqs/queue', [] as never);

    // Assess
    expect(connecting).toThrow(/QUEUE_URL names a resource, so connect needs the access to it/);
  });
});
