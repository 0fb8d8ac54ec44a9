import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { missedRunWindowHours, overdueThresholdHours } from '../../infra/alarms.ts';
import { readSettings, SettingsError } from '../../infra/settings.ts';
import { cdkContext, exampleConfig, synthesize } from './stack-fixture.ts';

let stateful: Template;
let statelessWithEmail: Template;

beforeAll(() => {
  ({ stateful, stateless: statelessWithEmail } = synthesize({
    bundle: false,
    context: {
      'sobot-report-mailer:alarmEmail': 'oncall@example.com',
      'sobot-report-mailer:infrequentAccessAfterDays': 45,
    },
  }));
});

type Resources = Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: string }>;

function archiveBucket() {
  const buckets = stateful.findResources('AWS::S3::Bucket', {
    Properties: { BucketName: Match.anyValue() },
  }) as Resources;
  const [bucket] = Object.values(buckets);
  if (!bucket) throw new Error('no archive bucket');
  return bucket;
}

describe('Stack: stateful (archive, sender)', () => {
  it('blocks public access, encrypts, versions and retains the archive', () => {
    // Prepare
    const bucket = archiveBucket();

    // Act
    const { Properties: properties, DeletionPolicy: deletionPolicy } = bucket;

    // Assess
    expect(deletionPolicy).toBe('Retain');
    expect(properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: expect.anything(), LogFilePrefix: 'archive/' },
    });
  });

  it('moves reports to cheaper storage after the days set in context', () => {
    // Prepare
    const bucket = archiveBucket();

    // Act
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> })
      .Rules;

    // Assess
    expect(rules[0]?.Transitions).toEqual([
      { StorageClass: 'STANDARD_IA', TransitionInDays: 45 },
      { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
    ]);
  });

  it('refuses requests to the archive that do not use TLS', () => {
    // Prepare
    const policies = stateful.findResources('AWS::S3::BucketPolicy') as Resources;

    // Act
    const text = JSON.stringify(Object.values(policies));

    // Assess
    expect(Object.keys(policies)).toHaveLength(2);
    expect(text).toContain('"aws:SecureTransport":"false"');
  });

  it('creates the SES identity from context with the configuration set from reports.config.json', () => {
    // Prepare
    const configurationSet = exampleConfig.email.configurationSet;

    // Act
    const identities = stateful.findResources('AWS::SES::EmailIdentity') as Resources;

    // Assess
    stateful.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: configurationSet });
    expect(Object.values(identities)[0]?.Properties).toMatchObject({
      EmailIdentity: 'reports@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: expect.anything() },
    });
  });

  it('publishes the configuration set’s send, delivery, bounce, complaint, reject and delay events to the default bus', () => {
    // Prepare
    const configurationSets = stateful.findResources('AWS::SES::ConfigurationSet') as Resources;
    const [configurationSetId] = Object.keys(configurationSets);

    // Act
    const destinations = Object.values(
      stateful.findResources('AWS::SES::ConfigurationSetEventDestination') as Resources,
    ).map((d) => d.Properties);

    // Assess
    expect(destinations).toEqual([
      {
        ConfigurationSetName: { Ref: configurationSetId },
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['send', 'delivery', 'bounce', 'complaint', 'reject', 'deliveryDelay'],
          EventBridgeDestination: {
            EventBusArn: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':event-bus/default',
                ],
              ],
            },
          },
        },
      },
    ]);
  });

  it('refers to nothing of the stateless stack, which may be replaced at any deploy', () => {
    // Prepare
    const template = JSON.stringify(stateful.toJSON());

    // Act
    const imports = template.match(/Fn::ImportValue/g) ?? [];

    // Assess
    expect(imports).toEqual([]);
  });

  it('subscribes the alarm email from context to the alarm topic', () => {
    // Prepare
    const expected = { Protocol: 'email', Endpoint: 'oncall@example.com' };

    // Act
    const subscriptions = statelessWithEmail.findResources('AWS::SNS::Subscription') as Resources;

    // Assess
    expect(Object.values(subscriptions).map((s) => s.Properties)).toEqual([
      expect.objectContaining(expected),
    ]);
  });
});

describe('Function: readSettings', () => {
  it('names the context key that is wrong', () => {
    // Prepare
    const app = new App({ context: { 'sobot-report-mailer:tokenParameter': 'no-leading-slash' } });

    // Act
    const reading = () => readSettings(app.node);

    // Assess
    expect(reading).toThrow(SettingsError);
    expect(reading).toThrow(/sobot-report-mailer:tokenParameter/);
  });
});

describe('Function: readSettings (unknown keys)', () => {
  const valid = {
    'sobot-report-mailer:senderIdentity': 'reports@example.com',
    'sobot-report-mailer:appIdParameter': '/a',
    'sobot-report-mailer:appKeyParameter': '/b',
    'sobot-report-mailer:tokenParameter': '/c',
  };

  it('refuses a sobot-report-mailer: key it does not know, naming it in one line', () => {
    // Prepare
    const app = new App({
      context: { ...valid, 'sobot-report-mailer:fromAddress': 'Reports <r@example.com>' },
    });

    // Act
    const error = (() => {
      try {
        readSettings(app.node);
      } catch (e) {
        return e;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toMatch(/^unknown context sobot-report-mailer:fromAddress \(known: /);
    expect((error as Error).message).not.toContain('\n');
  });

  it('leaves the context keys of other tools alone', () => {
    // Prepare
    const app = new App({ context: { ...valid, '@aws-cdk/core:newStyleStackSynthesis': true, other: 1 } });

    // Act
    const settings = readSettings(app.node);

    // Assess
    expect(settings.tokenParameter).toBe('/c');
  });

  it('knows every key cdk.json sets', () => {
    // Prepare
    const app = new App({ context: cdkContext });

    // Act
    const settings = readSettings(app.node);

    // Assess
    expect(settings.senderIdentity).toBe('reports@example.com');
    expect(Object.keys(cdkContext)).not.toContain('sobot-report-mailer:fromAddress');
  });
});

describe('Function: missedRunWindowHours', () => {
  it('is a day plus grace for daily reports, and absent for weekly and monthly ones', () => {
    // Prepare
    const [daily, weekly, monthly] = exampleConfig.reports;

    // Act
    const windows = [daily, weekly, monthly].map((report) => report && missedRunWindowHours(report, 2));

    // Assess
    expect([daily?.period, weekly?.period, monthly?.period]).toEqual(['daily', 'weekly', 'monthly']);
    expect(windows).toEqual([26, undefined, undefined]);
  });
});

describe('Function: overdueThresholdHours', () => {
  it('is the longest period plus send slack plus grace for weekly and monthly reports, absent for daily', () => {
    // Prepare
    const [daily, weekly, monthly] = exampleConfig.reports;

    // Act
    const thresholds = [daily, weekly, monthly].map((report) => report && overdueThresholdHours(report, 5));

    // Assess
    expect(thresholds).toEqual([undefined, 7 * 24 + 10 + 5, 31 * 24 + 10 + 5]);
  });
});

describe('Function: readSettings (log retention)', () => {
  it('rejects a retention CloudWatch Logs does not offer', () => {
    // Prepare
    const app = new App({
      context: {
        'sobot-report-mailer:senderIdentity': 'reports@example.com',
        'sobot-report-mailer:appIdParameter': '/a',
        'sobot-report-mailer:appKeyParameter': '/b',
        'sobot-report-mailer:tokenParameter': '/c',
        'sobot-report-mailer:logRetentionDays': 42,
      },
    });

    // Act
    const reading = () => readSettings(app.node);

    // Assess
    expect(reading).toThrow(/sobot-report-mailer:logRetentionDays/);
  });
});
