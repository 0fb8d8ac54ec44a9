import { fileURLToPath } from 'node:url';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.ts';
import { memoryIo } from '../../support/cli-io.ts';

const CONFIG = fileURLToPath(new URL('../../../reports.config.json', import.meta.url));

/** The SDK answers a Uint8Array subclass (a blob adapter); the CLI only decodes its bytes. */
const bytes = (payload: unknown) =>
  new TextEncoder().encode(JSON.stringify(payload)) as unknown as NonNullable<InvokeCommandOutput['Payload']>;

const answer = (payload: unknown) => ({ StatusCode: 200, Payload: bytes(payload) });

const delivered = {
  ok: true,
  runKey: 'daily-channels/2025-11-11_2025-11-11',
  period: { kind: 'daily', label: '2025-11-11', from: '2025-11-11', to: '2025-11-11' },
  archive: ['reports/daily-channels/daily/2025/2025-11-11/daily-channels_2025-11-11_2025-11-11.html'],
  messages: ['0100019a-1'],
  apiCalls: 22,
  dryRun: false,
  location: 's3://archive/reports/daily-channels/daily/2025/2025-11-11',
};

describe('CLI: sobot-reports invoke', () => {
  const lambda = mockClient(LambdaClient);

  beforeEach(() => {
    lambda.reset();
  });

  it('invokes the on-demand function with the run payload and prints its answer', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves(answer(delivered));
    const { io, written } = memoryIo({ ON_DEMAND_FUNCTION: 'on-demand-fn' });
    const argv = ['invoke', '--report', 'daily-channels', '--date', '2025-11-12', '--config', CONFIG];

    // Act
    const code = await runCli([...argv, '--recipients', 'me@example.com', '--dry-run', '--force'], io, {
      lambda: new LambdaClient({ region: 'ap-southeast-1' }),
    });

    // Assess
    expect(code).toBe(0);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.FunctionName).toBe('on-demand-fn');
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual({
      reportId: 'daily-channels',
      date: '2025-11-12',
      recipients: ['me@example.com'],
      dryRun: true,
      force: true,
    });
    expect(written.stdout).toContain('daily-channels 2025-11-11: delivered');
    expect(written.stdout).toContain('s3://archive/reports/daily-channels/daily/2025/2025-11-11');
  });

  it('prints the answers as one JSON document with --json', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves(answer(delivered));
    const { io, written } = memoryIo();
    const argv = ['invoke', '--period', 'daily', '--function-name', 'fn', '--json', '--config', CONFIG];

    // Act
    const code = await runCli(argv, io, { lambda: new LambdaClient({ region: 'ap-southeast-1' }) });

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(written.stdout)).toEqual({ ok: true, runs: [delivered] });
  });

  it('exits 2 with the function message when it refuses the payload field by field', async () => {
    // Prepare
    const refusal = {
      ok: false,
      error: {
        message: 'invalid request: recipients[0]',
        fields: [{ path: 'recipients[0]', message: 'bad' }],
      },
    };
    lambda.on(InvokeCommand).resolves(answer(refusal));
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(
      ['invoke', '--report', 'daily-channels', '--function-name', 'fn', '--config', CONFIG],
      io,
      { lambda: new LambdaClient({ region: 'ap-southeast-1' }) },
    );

    // Assess
    expect(code).toBe(2);
    expect(written.stderr.trim().split('\n').at(-1)).toBe('error: fn: invalid request: recipients[0]');
  });

  it('exits 1 naming the error when the function itself failed', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: bytes({ errorType: 'RunStepError', errorMessage: 'send failed' }),
    });
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(
      ['invoke', '--report', 'daily-channels', '--function-name', 'fn', '--config', CONFIG],
      io,
      { lambda: new LambdaClient({ region: 'ap-southeast-1' }) },
    );

    // Assess
    expect(code).toBe(1);
    expect(written.stderr.trim().split('\n').at(-1)).toBe('error: fn failed: RunStepError: send failed');
  });

  it('exits 2 without calling AWS when no function name is given', async () => {
    // Prepare
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(['invoke', '--report', 'daily-channels', '--config', CONFIG], io, {
      lambda: new LambdaClient({ region: 'ap-southeast-1' }),
    });

    // Assess
    expect(code).toBe(2);
    expect(written.stderr).toContain('--function-name');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
