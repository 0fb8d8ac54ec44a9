import { describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { isDelivery, lastDeliveredAt } from '../../../src/core/delivery/last-delivery.ts';
import { fileKeys } from '../../../src/core/delivery/layout.ts';
import { type Manifest, ManifestBuilder, serializeManifest } from '../../../src/core/delivery/manifest.ts';
import { weekW45 } from './helpers.ts';

/** A weekly run of `weekly-supervisors` whose every step went as `sent` says. */
function run(sent: 'done' | 'skipped' | 'pending', overrides: Partial<Manifest> = {}): Manifest {
  const manifest = new ManifestBuilder({
    reportId: 'weekly-supervisors',
    runKey: `weekly-supervisors/${weekW45.from}_${weekW45.to}`,
    period: weekW45,
    generatedAt: new Date('2025-11-10T01:05:00Z'),
  })
    .step('collected', 'done')
    .step('rendered', 'done')
    .step('archived', 'done')
    .step('sent', sent)
    .build();
  return { ...manifest, ...overrides };
}

describe('Function: isDelivery', () => {
  it('counts a sent run of the report’s own period', () => {
    // Prepare
    const manifest = run('done');

    // Act
    const counted = isDelivery(manifest, 'weekly');

    // Assess
    expect(counted).toBe(true);
  });

  it('does not count a dry run', () => {
    // Prepare
    const manifest = run('skipped', { dryRun: true });

    // Act
    const counted = isDelivery(manifest, 'weekly');

    // Assess
    expect(counted).toBe(false);
  });

  it('does not count a run that failed, even one whose send step was done before', () => {
    // Prepare
    const manifest = run('done', { error: { step: 'sent', name: 'MailerError', message: 'SES said no' } });

    // Act
    const counted = isDelivery(manifest, 'weekly');

    // Assess
    expect(counted).toBe(false);
  });

  it('does not count a run sent to a --recipients override instead of the configured recipients', () => {
    // Prepare
    const manifest = run('done', { recipientsOverride: true });

    // Act
    const counted = isDelivery(manifest, 'weekly');

    // Assess
    expect(counted).toBe(false);
    expect(isDelivery(run('done', { recipientsOverride: false }), 'weekly')).toBe(true);
  });

  it('does not count a run of another period kind, such as a custom range', () => {
    // Prepare
    const custom = run('done', { period: { ...run('done').period, kind: 'custom' } });

    // Act
    const counted = [isDelivery(custom, 'weekly'), isDelivery(run('done'), 'monthly')];

    // Assess
    expect(counted).toEqual([false, false]);
  });

  it('counts an alert that sent nothing because every target was met', () => {
    // Prepare
    const manifest = run('skipped', { skipped: 'targetsMet', targetsMet: ['all'] });

    // Act
    const counted = isDelivery(manifest, 'weekly');

    // Assess
    expect(counted).toBe(true);
  });

  it('counts a run that sent nothing because its period had no chats (skipIfEmpty)', () => {
    // Prepare
    const manifest = run('skipped', { skipped: 'empty' });

    // Act
    const counted = isDelivery(manifest, 'weekly');

    // Assess
    expect(counted).toBe(true);
  });

  it('does not count a skipped send without a reason, nor one still pending', () => {
    // Prepare
    const skipped = run('skipped');
    const pending = run('pending');

    // Act
    const counted = [isDelivery(skipped, 'weekly'), isDelivery(pending, 'weekly')];

    // Assess
    expect(counted).toEqual([false, false]);
  });
});

describe('Function: lastDeliveredAt', () => {
  it('answers the generation time of the newest delivery, passing over newer runs that are not', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    const put = async (manifest: Manifest) => {
      const key = fileKeys(manifest.reportId, manifest.period).manifest;
      await store.put(key, { body: serializeManifest(manifest), contentType: 'application/json' });
    };
    const week = (label: string, from: string, to: string) => ({ ...run('done').period, label, from, to });
    await put(
      run('done', {
        period: week('2025-W44', '2025-10-27', '2025-11-02'),
        generatedAt: '2025-11-03T01:05:00Z',
      }),
    );
    await put(run('done', { recipientsOverride: true, generatedAt: '2025-11-10T01:05:00Z' }));
    await put(
      run('done', {
        period: week('2025-W46', '2025-11-10', '2025-11-16'),
        generatedAt: '2025-11-17T01:05:00Z',
        dryRun: true,
      }),
    );

    // Act
    const delivered = await lastDeliveredAt(store, 'weekly-supervisors', 'weekly');

    // Assess
    expect(delivered).toBe(Date.parse('2025-11-03T01:05:00Z'));
  });
});
