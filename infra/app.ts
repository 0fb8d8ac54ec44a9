import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig, type ReportsConfig } from '../src/core/report/config.ts';
import { PROJECT_ROOT } from './report-function.ts';
import { readSettings } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export const DEFAULT_CONFIGURATION_SET = 'sobot-reports';

export interface ReportStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Both stacks, environment-agnostic (no account or region, no lookups), so `cdk synth` works offline
 * on a fresh clone. The schedules come from the same reports.config.json the functions bundle.
 */
export function createStacks(app: App, config: ReportsConfig): ReportStacks {
  const settings = readSettings(app.node);
  const configurationSetName = config.email.configurationSet ?? DEFAULT_CONFIGURATION_SET;
  const stateful = new StatefulStack(app, 'SobotReportsStateful', {
    description: 'sobot-report-mailer: report archive and SES sender (retained)',
    settings,
    configurationSetName,
  });
  const stateless = new StatelessStack(app, 'SobotReports', {
    description: 'sobot-report-mailer: functions, schedules and alarms',
    config,
    settings,
    configurationSetName,
    logRetention: settings.logRetentionDays,
  });
  stateless.addStackDependency(stateful, 'the functions write to the archive bucket');
  return { stateful, stateless };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(PROJECT_ROOT, 'infra', 'app.ts')) {
  const app = new App();
  createStacks(app, await loadConfig(path.join(PROJECT_ROOT, 'reports.config.json')));
  // The same checks the tests run, so a finding stops `cdk synth`/`cdk deploy` too.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}
