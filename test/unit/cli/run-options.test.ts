import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.ts';
import { memoryIo } from '../../support/cli-io.ts';

/**
 * The CLI's run options go through the core's one run-request check; a problem comes back as one
 * line naming the option a person typed, exit 2, before anything is called. `invoke` shows it: a
 * request it let through would reach the (mocked) function.
 */

const CONFIG = fileURLToPath(new URL('../../../reports.config.json', import.meta.url));

describe('CLI: run options checked by the run-request schema', () => {
  const lambda = mockClient(LambdaClient);

  beforeEach(() => {
    lambda.reset();
  });

  async function invokeWith(options: readonly string[]) {
    const { io, written } = memoryIo();
    const argv = ['invoke', '--report', 'daily-channels', '--function-name', 'fn', '--config', CONFIG];
    const code = await runCli([...argv, ...options], io, {
      lambda: new LambdaClient({ region: 'ap-southeast-1' }),
    });
    return { code, stderr: written.stderr, stdout: written.stdout };
  }

  it.each([
    [['--date', '2025-02-30'], 'error: --date: 2025-02-30 is not a date in the form yyyy-MM-dd'],
    [['--from', '2025-11-01'], 'error: --to: is required with --from'],
    [['--to', '2025-11-01'], 'error: --from: is required with --to'],
    [
      ['--date', '2025-11-12', '--from', '2025-11-01', '--to', '2025-11-07'],
      'error: --date: give either --date or --from/--to, not both',
    ],
    [['--from', '2025-11-07', '--to', '2025-11-01'], 'error: --to: must not be before --from'],
    [
      ['--from', '2025-01-01', '--to', '2025-06-30'],
      'error: --to: 2025-01-01..2025-06-30 spans 181 days; the API allows at most 90',
    ],
    [['--date', '2999-01-01'], /^error: --date: 2999-01-01 is after today \(.* in Asia\/Shanghai\)$/],
    [
      ['--recipients', 'ok@example.com, not-an-address'],
      'error: --recipients: "not-an-address" is not a valid email address',
    ],
    [['--recipients', ' , '], 'error: --recipients: needs at least one address'],
  ])('refuses %j in one line naming the option, exit 2, invoking nothing', async (options, line) => {
    // Act
    const { code, stderr, stdout } = await invokeWith(options);

    // Assess
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    if (typeof line === 'string') expect(lines[0]).toBe(line);
    else expect(lines[0]).toMatch(line);
    expect(stdout).toBe('');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('names --report for a report the config does not have, with the known ones', async () => {
    // Prepare
    const { io, written } = memoryIo();

    // Act
    const code = await runCli(
      ['invoke', '--report', 'hourly', '--function-name', 'fn', '--config', CONFIG],
      io,
      { lambda: new LambdaClient({ region: 'ap-southeast-1' }) },
    );

    // Assess
    expect(code).toBe(2);
    expect(written.stderr.trim()).toMatch(
      /^error: --report: unknown report "hourly" \(known: daily-channels, /,
    );
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('prints the one-line error as JSON too with --json', async () => {
    // Act
    const { code, stdout } = await invokeWith(['--from', '2025-11-01', '--json']);

    // Assess
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      exitCode: 2,
      error: '--to: is required with --from',
    });
  });
});
