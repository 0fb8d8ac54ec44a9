import { describe, expect, it, vi } from 'vitest';
import { RunInputError } from '../../../src/core/report/run-errors.ts';
import { runReport } from '../../../src/core/report/run-report.ts';
import { createOnDemandReportHandler } from '../../../src/handlers/on-demand-report.ts';
import { fakeHandlerDependencies, lambdaContext } from './report-handler-fixture.ts';

describe('Function: on-demand-report', () => {
  it('runs the requested report and answers with its run key, period, archive and messages', async () => {
    // Prepare
    const { deps, runReport } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle({ reportId: 'daily-channels', date: '2025-11-12' }, lambdaContext());

    // Assess
    expect(runReport.mock.calls[0]?.[1]).toEqual({ reportId: 'daily-channels', date: '2025-11-12' });
    expect(response).toMatchObject({
      ok: true,
      runKey: 'daily-channels/2025-11-11_2025-11-11',
      period: { from: '2025-11-11', to: '2025-11-11' },
      archive: ['reports/daily-channels/2025-11-11/report.xlsx'],
      messages: ['message-1'],
      apiCalls: 42,
    });
  });

  it('passes a range, a test recipient list, dryRun and force through to the use case', async () => {
    // Prepare
    const { deps, runReport } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);
    const payload = {
      reportId: 'weekly-supervisors',
      from: '2025-11-01',
      to: '2025-11-07',
      recipients: ['Tester <qa@example.com>'],
      dryRun: true,
      force: true,
    };

    // Act
    const response = await handle(payload, lambdaContext());

    // Assess
    expect(runReport.mock.calls[0]?.[1]).toEqual(payload);
    expect(response).toMatchObject({ ok: true, dryRun: true, messages: [] });
  });

  it('names each bad field of an invalid payload without running anything', async () => {
    // Prepare
    const { deps, runReport } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle(
      {
        reportId: 'daily-channels',
        date: '2025-13-01',
        recipients: ['ok@example.com', 'not-an-address'],
        dryRun: 'yes',
      },
      lambdaContext(),
    );

    // Assess
    expect(response.ok).toBe(false);
    const paths = response.ok ? [] : response.error.fields.map((field) => field.path);
    expect(paths.sort()).toEqual(['date', 'dryRun', 'recipients[1]']);
    expect(runReport).not.toHaveBeenCalled();
  });

  it('rejects a date together with a range', async () => {
    // Prepare
    const { deps } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle(
      { reportId: 'daily-channels', date: '2025-11-12', from: '2025-11-01', to: '2025-11-07' },
      lambdaContext(),
    );

    // Assess
    expect(response).toEqual({
      ok: false,
      error: {
        message: 'invalid request: date',
        fields: [{ path: 'date', message: 'give either date or from/to, not both' }],
      },
    });
  });

  it('rejects half a range and a range that ends before it starts', async () => {
    // Prepare
    const { deps } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    const halfRange = await handle({ reportId: 'daily-channels', from: '2025-11-01' }, lambdaContext());
    const backwards = await handle(
      { reportId: 'daily-channels', from: '2025-11-07', to: '2025-11-01' },
      lambdaContext(),
    );

    // Assess
    expect(halfRange).toMatchObject({ ok: false, error: { fields: [{ path: 'to' }] } });
    expect(backwards).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'to', message: 'must not be before from' }] },
    });
  });

  it('rejects unknown fields and a missing reportId', async () => {
    // Prepare
    const { deps } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle({ reportID: 'daily-channels' }, lambdaContext());

    // Assess
    const paths = response.ok ? [] : response.error.fields.map((field) => field.path);
    expect(paths).toContain('reportId');
    expect(response.ok ? '' : response.error.message).toMatch(/reportId/);
  });

  it('names an unknown report with the known ones', async () => {
    // Prepare
    const { deps } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle({ reportId: 'quarterly' }, lambdaContext());

    // Assess
    expect(response).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'reportId', message: expect.stringContaining('daily-channels') }] },
    });
  });

  it('answers a failed run with its message and no stack trace', async () => {
    // Prepare
    const failing = vi.fn(async () => {
      throw new TypeError('archive unavailable');
    });
    const { deps } = fakeHandlerDependencies(failing);
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle({ reportId: 'daily-channels' }, lambdaContext());

    // Assess
    expect(response).toEqual({ ok: false, error: { message: 'TypeError: archive unavailable', fields: [] } });
    expect(JSON.stringify(response)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it.each([
    [{ reportId: 'daily-channels', date: '2025-11-13' }, 'date', /2025-11-13 is after today/],
    [
      { reportId: 'daily-channels', from: '2025-11-10', to: '2025-11-12' },
      'to',
      /has not ended yet in Asia\/Shanghai/,
    ],
  ])('refuses %j, a period not yet over, naming the field', async (payload, field, message) => {
    // Prepare
    const { deps } = fakeHandlerDependencies(vi.fn(runReport));
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle(payload, lambdaContext());

    // Assess
    expect(response.ok).toBe(false);
    const problem = response.ok ? undefined : response.error.fields[0];
    expect(problem?.path).toBe(field);
    expect(problem?.message).toMatch(message);
  });

  it.each([
    [
      { reportId: 'daily-channels', from: '2025-01-01', to: '2025-06-30' },
      'to',
      /^2025-01-01\.\.2025-06-30 spans 181 days/,
    ],
    [
      { reportId: 'daily-channels', from: '2025-11-12', to: '2025-11-12' },
      'from',
      /^2025-11-12 has not ended yet/,
    ],
    [{ reportId: 'daily-channels', date: '2025-11-20' }, 'date', /^2025-11-20 is after today/],
  ])('answers %j naming the field, without running the report', async (payload, field, message) => {
    // Prepare
    const { deps, runReport } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle(payload, lambdaContext());

    // Assess
    expect(response.ok).toBe(false);
    const fields = response.ok ? [] : response.error.fields;
    expect(fields).toEqual([{ path: field, message: expect.stringMatching(message) }]);
    expect(response.ok ? '' : response.error.message).toMatch(new RegExp(`^${field}: `));
    expect(runReport).not.toHaveBeenCalled();
  });

  it('logs a refused request as a warning with its fields, and no error or stack', async () => {
    // Prepare
    const { deps, logger } = fakeHandlerDependencies(vi.fn(runReport));
    const warn = vi.spyOn(logger, 'warn');
    const error = vi.spyOn(logger, 'error');
    const handle = createOnDemandReportHandler(deps);

    // Act
    await handle({ reportId: 'daily-channels', from: '2025-01-01', to: '2025-06-30' }, lambdaContext());
    await handle({ reportId: 'daily-channels', dryRun: 'yes' }, lambdaContext());

    // Assess
    expect(error).not.toHaveBeenCalled();
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      'on-demand request refused',
      'on-demand request refused',
    ]);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('"path":"to"');
    expect(logged).toContain('"path":"dryRun"');
    expect(logged).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('names the field when the use case itself refuses the request', async () => {
    // Prepare: a use case that refuses what the handler's own check let through.
    const refusing = vi.fn(async () => {
      throw new RunInputError([{ path: 'date', message: 'the period 2025-11-11 has not ended yet' }]);
    });
    const { deps, logger } = fakeHandlerDependencies(refusing);
    const error = vi.spyOn(logger, 'error');
    const handle = createOnDemandReportHandler(deps);

    // Act
    const response = await handle({ reportId: 'daily-channels' }, lambdaContext());

    // Assess
    expect(response).toEqual({
      ok: false,
      error: {
        message: 'date: the period 2025-11-11 has not ended yet',
        fields: [{ path: 'date', message: 'the period 2025-11-11 has not ended yet' }],
      },
    });
    expect(error).not.toHaveBeenCalled();
  });

  it('does not count an on-demand run as a scheduled delivery', async () => {
    // Prepare
    const { deps, addMetric } = fakeHandlerDependencies();
    const handle = createOnDemandReportHandler(deps);

    // Act
    await handle({ reportId: 'daily-channels' }, lambdaContext());

    // Assess
    expect(addMetric).toHaveBeenCalledWith('ApiCalls', 'Count', 42);
    expect(addMetric).not.toHaveBeenCalledWith('ReportsDelivered', 'Count', 1);
  });
});
