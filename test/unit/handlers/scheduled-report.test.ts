import { describe, expect, it, vi } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { ArchiveLedger } from '../../../src/core/delivery/ledger.ts';
import { ConfigError } from '../../../src/core/report/config.ts';
import { RunHeldError } from '../../../src/core/report/run-errors.ts';
import { runReport } from '../../../src/core/report/run-report.ts';
import type { RunDependencies } from '../../../src/core/report/run-types.ts';
import {
  createScheduledReportHandler,
  referenceDate,
  ScheduledEventError,
} from '../../../src/handlers/scheduled-report.ts';
import { fakeHandlerDependencies, lambdaContext } from './report-handler-fixture.ts';

describe('Function: scheduled-report', () => {
  it("runs the report for the scheduled slot's date in the report's timezone", async () => {
    // Prepare
    const { deps, runReport } = fakeHandlerDependencies();
    const handle = createScheduledReportHandler(deps);

    // Act
    await handle({ reportId: 'daily-channels', scheduledTime: '2025-11-12T00:00:00Z' }, lambdaContext());

    // Assess
    expect(runReport.mock.calls[0]?.[1]).toEqual({ reportId: 'daily-channels', date: '2025-11-12' });
  });

  it('maps a retry delivered hours later to the same reference date', async () => {
    // Prepare
    const { deps, runReport } = fakeHandlerDependencies();
    const handle = createScheduledReportHandler(deps);
    const event = { reportId: 'daily-channels', scheduledTime: '2025-11-11T16:00:00Z' };

    // Act
    await handle(event, lambdaContext());
    await handle(event, lambdaContext());

    // Assess
    const dates = runReport.mock.calls.map(([, request]) => request.date);
    expect(dates).toEqual(['2025-11-12', '2025-11-12']);
  });

  it('passes a deadline signal and the logger to the use case', async () => {
    // Prepare
    const { deps, runReport, logger } = fakeHandlerDependencies();
    const handle = createScheduledReportHandler(deps);

    // Act
    await handle(
      { reportId: 'daily-channels', scheduledTime: '2025-11-12T00:00:00Z' },
      lambdaContext(10_000),
    );

    // Assess
    const given = runReport.mock.calls[0]?.[0];
    expect(given?.signal?.aborted).toBe(true);
    expect(given?.logger).toBe(logger);
    expect(given?.config).toBe(deps.config);
  });

  it('counts the delivery for the missed-run alarm, tagged with the report id', async () => {
    // Prepare
    const { deps, addMetric, addDimension, publish } = fakeHandlerDependencies();
    const handle = createScheduledReportHandler(deps);

    // Act
    await handle({ reportId: 'weekly-supervisors', scheduledTime: '2025-11-10T01:00:00Z' }, lambdaContext());

    // Assess
    expect(addDimension).toHaveBeenCalledWith('ReportId', 'weekly-supervisors');
    expect(addMetric).toHaveBeenCalledWith('ReportsDelivered', 'Count', 1);
    expect(addMetric).toHaveBeenCalledWith('ApiCalls', 'Count', 42);
    expect(addMetric).toHaveBeenCalledWith('EmailsSent', 'Count', 1);
    expect(publish).toHaveBeenCalledOnce();
  });

  it('publishes how many values the run could not read', async () => {
    // Prepare
    const { deps, addMetric } = fakeHandlerDependencies();
    const handle = createScheduledReportHandler(deps);

    // Act
    await handle({ reportId: 'weekly-supervisors', scheduledTime: '2025-11-10T01:00:00Z' }, lambdaContext());

    // Assess
    expect(addMetric).toHaveBeenCalledWith('UnreadValues', 'Count', 3);
  });

  it('rethrows a failed run so the invocation is retried, without counting a delivery', async () => {
    // Prepare
    const failing = vi.fn(async () => {
      throw new Error('Sobot unavailable');
    });
    const { deps, addMetric, publish } = fakeHandlerDependencies(failing);
    const handle = createScheduledReportHandler(deps);

    // Act
    const handling = handle(
      { reportId: 'daily-channels', scheduledTime: '2025-11-12T00:00:00Z' },
      lambdaContext(),
    );

    // Assess
    await expect(handling).rejects.toThrow('Sobot unavailable');
    expect(addMetric).not.toHaveBeenCalledWith('ReportsDelivered', 'Count', 1);
    expect(publish).toHaveBeenCalledOnce();
  });

  it('fails, so Lambda retries it, when another live attempt holds the run; no delivery is counted', async () => {
    // Prepare: a sandbox that is still working holds the run's lease.
    const { deps, addMetric } = fakeHandlerDependencies(vi.fn(runReport));
    const clock = { now: () => Date.parse('2025-11-12T00:00:10Z'), sleep: async () => {} };
    const archive = new MemoryArchiveStore(clock.now);
    const other = { host: 'sandbox-a', pid: 8, isAlive: () => true };
    await new ArchiveLedger({ store: archive, clock, identity: other }).acquire(
      'daily-channels/2025-11-11_2025-11-11',
    );
    const openStats = vi.fn();
    const handle = createScheduledReportHandler({
      ...deps,
      clock,
      adapters: () => ({
        archive,
        ledger: new ArchiveLedger({ store: archive, clock, identity: { ...other, host: 'sandbox-b' } }),
        mailer: { maxMessageBytes: 1, send: vi.fn() },
        openStats: openStats as RunDependencies['openStats'],
      }),
    });

    // Act
    const handling = handle(
      { reportId: 'daily-channels', scheduledTime: '2025-11-12T00:00:00Z' },
      lambdaContext(),
    );

    // Assess
    await expect(handling).rejects.toBeInstanceOf(RunHeldError);
    await expect(handling).rejects.toThrow(/host sandbox-a, pid 8\) until 2025-11-12T00:01:10.000Z/);
    expect(openStats).not.toHaveBeenCalled();
    expect(addMetric).not.toHaveBeenCalledWith('ReportsDelivered', 'Count', 1);
  });

  it('rejects an event without a valid scheduledTime, naming the field', async () => {
    // Prepare
    const { deps, runReport } = fakeHandlerDependencies();
    const handle = createScheduledReportHandler(deps);

    // Act
    const handling = handle({ reportId: 'daily-channels', scheduledTime: 'yesterday' }, lambdaContext());

    // Assess
    await expect(handling).rejects.toThrow(ScheduledEventError);
    await expect(handling).rejects.toThrow(/scheduledTime/);
    expect(runReport).not.toHaveBeenCalled();
  });

  it('rejects an unknown report id', async () => {
    // Prepare
    const { deps } = fakeHandlerDependencies();
    const handle = createScheduledReportHandler(deps);

    // Act
    const handling = handle({ reportId: 'nope', scheduledTime: '2025-11-12T00:00:00Z' }, lambdaContext());

    // Assess
    await expect(handling).rejects.toThrow(ConfigError);
  });
});

describe('Function: referenceDate', () => {
  it('takes the date in the report timezone, not in UTC', () => {
    // Prepare
    const scheduledTime = '2025-11-30T23:30:00Z';

    // Act
    const date = referenceDate(scheduledTime, 'Asia/Shanghai');

    // Assess
    expect(date).toBe('2025-12-01');
  });
});
