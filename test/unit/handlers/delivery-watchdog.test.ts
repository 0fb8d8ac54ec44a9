import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { S3ArchiveStore } from '../../../src/adapters/archive/s3.ts';
import { runFolder } from '../../../src/core/delivery/layout.ts';
import { ManifestBuilder, serializeManifest } from '../../../src/core/delivery/manifest.ts';
import { NEVER_DELIVERED_HOURS } from '../../../src/core/delivery/watchdog.ts';
import type { ReportConfig } from '../../../src/core/report/config.ts';
import { reportWindow } from '../../../src/core/report/periods.ts';
import type { ArchiveStore } from '../../../src/core/report/ports.ts';
import {
  createDeliveryWatchdogHandler,
  DeliveryWatchdogError,
} from '../../../src/handlers/delivery-watchdog.ts';
import { exampleConfig as config, exampleReport } from '../../support/example-config.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { recordSingleMetrics } from '../../support/published-metrics.ts';

const NOW = Date.parse('2025-11-20T06:00:00Z');
const HOUR = 3_600_000;

const monthly = exampleReport('monthly');
const weekly = exampleReport('weekly');

type RunOutcome = 'sent' | 'dry-run' | 'failed' | 'override';

function manifestFor(
  reference: string,
  generatedAt: number,
  outcome: RunOutcome,
  report: ReportConfig = monthly,
) {
  const period = reportWindow(report.period, reference, report.timezone);
  const builder = new ManifestBuilder({
    reportId: report.id,
    runKey: `${report.id}/${period.from}_${period.to}`,
    period,
    generatedAt: new Date(generatedAt),
    dryRun: outcome === 'dry-run',
  })
    .step('collected', 'done')
    .step('rendered', 'done')
    .step('archived', 'done');
  if (outcome === 'sent' || outcome === 'override') builder.step('sent', 'done');
  if (outcome === 'dry-run') builder.step('sent', 'skipped');
  if (outcome === 'failed') builder.fail('sent', new Error('SES said no'));
  const manifest = { ...builder.build(), ...(outcome === 'override' ? { recipientsOverride: true } : {}) };
  const folder = `${runFolder(manifest.reportId, manifest.period)}${outcome === 'override' ? 'to-0123456789ab/' : ''}`;
  return { key: `${folder}manifest.json`, manifest };
}

async function archiveRun(
  store: ArchiveStore,
  reference: string,
  generatedAt: number,
  outcome: RunOutcome,
  report: ReportConfig = monthly,
) {
  const { key, manifest } = manifestFor(reference, generatedAt, outcome, report);
  await store.put(key, { body: serializeManifest(manifest), contentType: 'application/json' });
}

function setup(archive: ArchiveStore) {
  const metrics = new Metrics({ namespace: 'SobotReports', serviceName: 'test' });
  const published = recordSingleMetrics(metrics);
  const handle = createDeliveryWatchdogHandler({
    config,
    archive,
    clock: createFakeClock(NOW),
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics,
  });
  const hoursOf = (reportId: string) => published.find((p) => p.reportId === reportId)?.value;
  return { handle, published, hoursOf };
}

describe('Function: delivery-watchdog', () => {
  it('publishes the hours since the newest delivery, per report, from the clock', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    await archiveRun(store, '2025-10-01', NOW - 50 * 24 * HOUR, 'sent');
    await archiveRun(store, '2025-11-01', NOW - 19 * 24 * HOUR - 30 * 60_000, 'sent');
    const { handle, published, hoursOf } = setup(store);

    // Act
    const ages = await handle();

    // Assess
    expect(hoursOf(monthly.id)).toBe(19 * 24 + 0.5);
    expect(published.every((p) => p.name === 'HoursSinceDelivery')).toBe(true);
    expect(published.map((p) => p.reportId).sort()).toEqual(config.reports.map((r) => r.id).sort());
    expect(ages).toContainEqual({
      reportId: monthly.id,
      lastDeliveredAt: new Date(NOW - 19 * 24 * HOUR - 30 * 60_000).toISOString(),
      hoursSinceDelivery: 456.5,
    });
  });

  it('does not count dry runs or failed runs as deliveries', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    await archiveRun(store, '2025-09-01', NOW - 80 * 24 * HOUR, 'sent');
    await archiveRun(store, '2025-10-01', NOW - 40 * 24 * HOUR, 'failed');
    await archiveRun(store, '2025-11-01', NOW - 2 * HOUR, 'dry-run');
    const { handle, hoursOf } = setup(store);

    // Act
    await handle();

    // Assess
    expect(hoursOf(monthly.id)).toBe(80 * 24);
  });

  it('publishes a weekly report’s age from its newest weekly delivery, not from a recipients override', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    await archiveRun(store, '2025-11-10', NOW - 9 * 24 * HOUR, 'sent', weekly);
    await archiveRun(store, '2025-11-17', NOW - 2 * 24 * HOUR, 'override', weekly);
    const { handle, hoursOf } = setup(store);

    // Act
    await handle();

    // Assess
    expect(hoursOf(weekly.id)).toBe(9 * 24);
  });

  it('reports a report that never delivered as overdue beyond any threshold', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    await archiveRun(store, '2025-11-01', NOW - 2 * HOUR, 'dry-run');
    const { handle, hoursOf } = setup(store);

    // Act
    const ages = await handle();

    // Assess
    expect(hoursOf(monthly.id)).toBe(NEVER_DELIVERED_HOURS);
    expect(ages).toContainEqual({
      reportId: monthly.id,
      lastDeliveredAt: null,
      hoursSinceDelivery: NEVER_DELIVERED_HOURS,
    });
  });

  describe('against S3', () => {
    const s3 = mockClient(S3Client);
    beforeEach(() => s3.reset());

    function s3Store() {
      return new S3ArchiveStore({
        client: new S3Client({ region: 'eu-west-1' }),
        bucket: 'archive',
      });
    }

    it('reads the manifests of the archive bucket with list and get only', async () => {
      // Prepare
      const { key, manifest } = manifestFor('2025-11-01', NOW - 10 * HOUR, 'sent');
      s3.on(ListObjectsV2Command).resolves({ Contents: [] });
      s3.on(ListObjectsV2Command, { Prefix: `reports/${monthly.id}/` }).resolves({
        Contents: [{ Key: key, Size: 1 }],
      });
      s3.on(GetObjectCommand, { Key: key }).resolves({
        Body: { transformToByteArray: async () => Buffer.from(serializeManifest(manifest)) } as never,
      });
      const { handle, hoursOf } = setup(s3Store());

      // Act
      await handle();

      // Assess
      expect(hoursOf(monthly.id)).toBe(10);
      const commands = s3.calls().map((call) => call.args[0].constructor.name);
      expect(new Set(commands)).toEqual(new Set(['ListObjectsV2Command', 'GetObjectCommand']));
    });

    it('publishes the other reports and then fails when one report cannot be read', async () => {
      // Prepare
      s3.on(ListObjectsV2Command).resolves({ Contents: [] });
      s3.on(ListObjectsV2Command, { Prefix: `reports/${monthly.id}/` }).rejects(new Error('AccessDenied'));
      const { handle, published } = setup(s3Store());

      // Act
      const run = handle();

      // Assess
      await expect(run).rejects.toThrow(DeliveryWatchdogError);
      await expect(run).rejects.toThrow(monthly.id);
      expect(published.map((p) => p.reportId)).not.toContain(monthly.id);
      expect(published).toHaveLength(config.reports.length - 1);
    });
  });
});
