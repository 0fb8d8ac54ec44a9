import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createStacks } from '../../infra/app.ts';
import { exampleConfig } from '../support/example-config.ts';

export { exampleConfig };

const root = new URL('../../', import.meta.url);
export const cdkContext: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('cdk.json', root), 'utf8'),
).context;

interface SynthOptions {
  readonly context?: Record<string, unknown>;
  /**
   * Skips esbuild and CDK's own CloudFormation template checks (a WebAssembly linter that takes about
   * two seconds to load); for tests about settings, not code.
   */
  readonly bundle?: boolean;
}

/**
 * Synthesizes both stacks once with cdk-nag's AwsSolutions pack as a validation plugin: `synth` throws
 * "Validation failed" on any unacknowledged finding (cdk-nag v3 reports through CDK policy validation,
 * not annotations).
 */
export function synthesize(options: SynthOptions = {}) {
  const app = new App({
    builtinCloudFormationValidation: options.bundle !== false,
    context: {
      ...cdkContext,
      ...options.context,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const stacks = createStacks(app, exampleConfig);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  const template = (name: string) => Template.fromJSON(assembly.getStackByName(name).template);
  const validationReport = join(assembly.directory, 'validation-report.json');
  return {
    stacks,
    assembly,
    /** What CDK's CloudFormation checks found (they only warn in a synth), when they ran. */
    cloudFormationViolations: (): unknown[] =>
      (
        JSON.parse(readFileSync(validationReport, 'utf8')) as { pluginReports: { violations: unknown[] }[] }
      ).pluginReports.flatMap((report) => report.violations),
    stateful: template(stacks.stateful.stackName),
    stateless: template(stacks.stateless.stackName),
  };
}
