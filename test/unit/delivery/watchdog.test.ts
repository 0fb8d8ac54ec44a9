import { describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { runFolder } from '../../../src/core/delivery/layout.ts';
import { ManifestBuilder, serializeManifest } from '../../../src/core/delivery/manifest.ts';
import { deliveryAges, NEVER_DELIVERED_HOURS } from '../../../src/core/delivery/watchdog.ts';
import type { ReportConfig } from '../../../src/core/report/config.ts';
import { reportWindow } from '../../../src/core/report/periods.ts';
import type { ArchiveStore } from '../../../src/core/report/ports.ts';
import { exampleConfig as config, exampleReport } from '../../support/example-config.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

const NOW = Date.parse('2025-11-20T06:00:00Z');
const HOUR = 3_600_000;

const monthly = exampleReport('monthly');
const weekly = exampleReport('weekly');

/** Archives a sent run of `report` for the period before `reference`, generated at `generatedAt`. */
async function archiveDelivery(
  store: ArchiveStore,
  report: ReportConfig,
  reference: string,
  generatedAt: number,
) {
  const period = reportWindow(report.period, reference, report.timezone);
  const manifest = new ManifestBuilder({
    reportId: report.id,
    runKey: `${report.id}/${period.from}_${period.to}`,
    period,
    generatedAt: new Date(generatedAt),
  })
    .step('collected', 'done')
    .step('rendered', 'done')
    .step('archived', 'done')
    .step('sent', 'done')
    .build();
  await store.put(`${runFolder(report.id, period)}manifest.json`, {
    body: serializeManifest(manifest),
    contentType: 'application/json',
  });
}

/** An archive whose listing of one report's folder fails, as S3 does without s3:ListBucket on it. */
function failingFor(store: ArchiveStore, reportId: string, error: Error): ArchiveStore {
  return {
    put: (key, object) => store.put(key, object),
    putIfAbsent: (key, object) => store.putIfAbsent(key, object),
    get: (key) => store.get(key),
    list: async (prefix) => {
      if (prefix.startsWith(`reports/${reportId}/`)) throw error;
      return store.list(prefix);
    },
    locate: (key) => store.locate(key),
    browseUrl: (folder) => store.browseUrl(folder),
  };
}

describe('Function: deliveryAges', () => {
  it('gives every configured report an age, in the config’s order', async () => {
    // Prepare
    const store = new MemoryArchiveStore();

    // Act
    const { ages, failures } = await deliveryAges(config, store, createFakeClock(NOW));

    // Assess
    expect(ages.map((age) => age.reportId)).toEqual(config.reports.map((report) => report.id));
    expect(failures).toEqual([]);
  });

  it('measures the age to a tenth of an hour from the clock', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    const deliveredAt = NOW - 10 * HOUR - 20 * 60_000; // 10 h 20 min: 10.333… h
    await archiveDelivery(store, monthly, '2025-11-01', deliveredAt);
    const clock = createFakeClock(NOW);

    // Act
    const before = await deliveryAges(config, store, clock);
    await clock.advance(3 * HOUR);
    const after = await deliveryAges(config, store, clock);

    // Assess
    const ageOf = (result: typeof before) => result.ages.find((age) => age.reportId === monthly.id);
    expect(ageOf(before)).toEqual({
      reportId: monthly.id,
      lastDeliveredAt: new Date(deliveredAt).toISOString(),
      hoursSinceDelivery: 10.3,
    });
    expect(ageOf(after)?.hoursSinceDelivery).toBe(13.3);
  });

  it('ages a report from its own newest delivery, not another report’s', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    await archiveDelivery(store, weekly, '2025-11-17', NOW - 2 * 24 * HOUR);
    await archiveDelivery(store, monthly, '2025-10-01', NOW - 50 * 24 * HOUR);
    await archiveDelivery(store, monthly, '2025-11-01', NOW - 19 * 24 * HOUR);

    // Act
    const { ages } = await deliveryAges(config, store, createFakeClock(NOW));

    // Assess
    const hoursOf = (reportId: string) => ages.find((age) => age.reportId === reportId)?.hoursSinceDelivery;
    expect(hoursOf(weekly.id)).toBe(2 * 24);
    expect(hoursOf(monthly.id)).toBe(19 * 24);
  });

  it('gives a report without a delivery no date and an age beyond any threshold', async () => {
    // Prepare
    const store = new MemoryArchiveStore();

    // Act
    const { ages } = await deliveryAges(config, store, createFakeClock(NOW));

    // Assess
    expect(ages).toContainEqual({
      reportId: weekly.id,
      lastDeliveredAt: null,
      hoursSinceDelivery: NEVER_DELIVERED_HOURS,
    });
  });

  it('returns a report it cannot read as a failure with its error, and still ages the others', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    await archiveDelivery(store, weekly, '2025-11-17', NOW - 2 * 24 * HOUR);
    const denied = new Error('AccessDenied');

    // Act
    const { ages, failures } = await deliveryAges(
      config,
      failingFor(store, monthly.id, denied),
      createFakeClock(NOW),
    );

    // Assess
    expect(failures).toEqual([{ reportId: monthly.id, error: denied }]);
    expect(ages.map((age) => age.reportId)).not.toContain(monthly.id);
    expect(ages).toHaveLength(config.reports.length - 1);
    expect(ages).toContainEqual(expect.objectContaining({ reportId: weekly.id, hoursSinceDelivery: 48 }));
  });
});
