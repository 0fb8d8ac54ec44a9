import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../src/adapters/aws/observability.ts';

const MEMORY_MB = 512;
const MAX_OLD_SPACE_MB = MEMORY_MB / 2;

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ReportFunctionProps {
  /** Handler file under `src/handlers/`, without extension. */
  readonly handler: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly reservedConcurrentExecutions?: number;
  readonly onFailure?: lambda.IDestination;
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
}

/** What a function may do with the resource a variable names: one statement or more. */
type Access = iam.PolicyStatement | readonly [iam.PolicyStatement, ...iam.PolicyStatement[]];

/**
 * The project's function defaults in one place: Node.js 22 on arm64, bundled by the local esbuild
 * (no Docker), minified with source maps, an explicit log group with retention, and a role holding
 * nothing but what `connect` (a resource and the access to it) and `allow` (the rest) add.
 */
export class ReportFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ReportFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, 'src', 'handlers', `${props.handler}.ts`),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: MEMORY_MB,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.onFailure ? { onFailure: props.onFailure } : {}),
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      ...(props.maxEventAge ? { maxEventAge: props.maxEventAge } : {}),
      // No --enable-source-maps: Node would parse and keep the map on every cold start (≈ 85 MB and
      // 160 ms, see BENCHMARKS.md); the map ships beside the bundle to decode a stack trace offline.
      // A heap ceiling at half the function's memory and a small young generation make V8 collect
      // early instead of growing towards the 512 MB limit: a 5,000-agent month peaks near 255 MB.
      environment: {
        NODE_OPTIONS: `--max-old-space-size=${MAX_OLD_SPACE_MB} --max-semi-space-size=4`,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
      },
    });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime this code is built and tested for; move with the next LTS upgrade.',
    });
  }

  /**
   * Sets an environment variable naming a resource and grants the function `access` to that resource
   * (least-privilege statements, see permissions.ts), so the name and the permission cannot drift
   * apart: there is no way to hand a function a resource it may not use.
   */
  connect(variable: string, value: string, access: Access): this {
    const statements = access instanceof iam.PolicyStatement ? [access] : access;
    if (statements.length === 0) {
      throw new Error(`${this.node.path}: ${variable} names a resource, so connect needs the access to it`);
    }
    this.function.addEnvironment(variable, value);
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);
    return this;
  }

  /** Sets a plain setting (no resource behind it). */
  configure(variable: string, value: string): this {
    this.function.addEnvironment(variable, value);
    return this;
  }

  allow(statement: iam.PolicyStatement): this {
    this.role.addToPrincipalPolicy(statement);
    return this;
  }
}
