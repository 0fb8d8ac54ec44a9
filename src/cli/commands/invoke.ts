import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import type { OnDemandResponse } from '../../core/report/run-request.ts';
import type { RunRequest } from '../../core/report/run-types.ts';
import { CliFailureError, CliInputError } from '../errors.ts';
import type { CliIo } from '../output.ts';
import { describeRun, type RunReport } from '../run-summary.ts';
import {
  addSelectionOptions,
  addSendOptions,
  type SelectionOptions,
  type SendOptions,
  selectRuns,
} from './selection.ts';

export interface InvokeDependencies {
  /** Injected in tests; by default a client from the environment's AWS credentials and region. */
  readonly lambda?: LambdaClient;
}

interface InvokeOptions extends SelectionOptions, SendOptions {
  readonly functionName?: string;
  readonly json?: boolean;
}

export function registerInvoke(program: Command, io: CliIo, deps: InvokeDependencies): void {
  const command = program
    .command('invoke')
    .description('run reports in AWS through the deployed on-demand function, and print its answers');
  addSelectionOptions(command);
  addSendOptions(command)
    .option('--function-name <name>', 'the on-demand function (default: env ON_DEMAND_FUNCTION)')
    .option('--json', 'print the function answers as JSON, nothing else')
    .action((options: InvokeOptions) => invokeCommand(options, io, deps));
}

async function invokeCommand(options: InvokeOptions, io: CliIo, deps: InvokeDependencies): Promise<void> {
  const { requests } = await selectRuns(options, systemClock);
  const functionName = options.functionName ?? io.env.ON_DEMAND_FUNCTION;
  if (!functionName) {
    throw new CliInputError('--function-name: is required (or set ON_DEMAND_FUNCTION)');
  }
  const lambda = deps.lambda ?? new LambdaClient({});
  const answers: OnDemandResponse[] = [];
  for (const request of requests) {
    io.stderr.write(`invoking ${functionName} for ${request.reportId}\n`);
    const answer = await invoke(lambda, functionName, request);
    answers.push(answer);
    if (!answer.ok) {
      // The function checks the payload itself; a refusal naming fields is bad input, anything else a failure.
      const ErrorClass = answer.error.fields.length > 0 ? CliInputError : CliFailureError;
      throw new ErrorClass(`${functionName}: ${answer.error.message}`);
    }
    if (!options.json)
      io.stdout.write(`${describeRun({ ...answer, reportId: request.reportId } as RunReport)}\n`);
  }
  if (options.json) io.stdout.write(`${JSON.stringify({ ok: true, runs: answers })}\n`);
}

/** The payload the on-demand handler parses: `{ reportId, date? | from?, to?, recipients?, dryRun?, force? }`. */
async function invoke(
  lambda: LambdaClient,
  functionName: string,
  request: RunRequest,
): Promise<OnDemandResponse> {
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      Payload: new TextEncoder().encode(JSON.stringify(request)),
    }),
  );
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
  if (response.FunctionError) {
    const reason = errorMessageOf(text) ?? response.FunctionError;
    throw new CliFailureError(`${functionName} failed: ${reason}`);
  }
  try {
    return JSON.parse(text) as OnDemandResponse;
  } catch (cause) {
    throw new CliFailureError(`${functionName} answered something that is not JSON`, { cause });
  }
}

function errorMessageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { errorType?: string; errorMessage?: string };
    return parsed.errorMessage ? `${parsed.errorType ?? 'Error'}: ${parsed.errorMessage}` : undefined;
  } catch {
    return undefined;
  }
}
