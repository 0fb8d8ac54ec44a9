import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { awsDelivery } from '../../../src/adapters/aws/delivery.ts';
import { localDelivery } from '../../../src/adapters/delivery.ts';
import { fileKeys } from '../../../src/core/delivery/layout.ts';
import { ManifestBuilder, parseManifest, sha256 } from '../../../src/core/delivery/manifest.ts';
import { archiveFile, saveManifest } from '../../../src/core/delivery/run-archive.ts';
import { fakeClock, weekW45 } from './helpers.ts';

describe('Function: archiveFile and saveManifest', () => {
  it('stores the file typed by its key, records it, and saves the manifest in the run folder', async () => {
    // Prepare
    const store = new MemoryArchiveStore();
    const manifest = new ManifestBuilder({
      reportId: 'weekly',
      runKey: 'weekly/2025-11-03_2025-11-09',
      period: weekW45,
      generatedAt: new Date('2025-11-10T01:00:00Z'),
    });
    const keys = fileKeys('weekly', weekW45, 'Department 1');

    // Act
    const location = await archiveFile(store, manifest, keys.html, '<p>hi</p>', 'Department 1');
    await saveManifest(store, manifest.step('archived', 'done'));

    // Assess
    expect(location).toBe(`memory://${keys.html}`);
    expect(store.objects.get(keys.html)?.contentType).toBe('text/html; charset=utf-8');
    const saved = parseManifest((await store.get(keys.manifest)) ?? '');
    expect(saved?.files).toEqual([
      expect.objectContaining({
        key: keys.html,
        slice: 'Department 1',
        size: 9,
        sha256: sha256('<p>hi</p>'),
      }),
    ]);
    expect(saved?.steps.archived).toBe('done');
  });
});

describe('Function: localDelivery', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'out-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('puts the archive and the ledger under <out>/archive and mail under <out>/outbox', async () => {
    // Prepare
    const delivery = localDelivery(out, fakeClock());

    // Act
    const claim = await delivery.ledger.acquire('weekly/2025-11-03_2025-11-09');

    // Assess
    expect(claim.status).toBe('acquired');
    expect(delivery.archive.locate('ledger/weekly/2025-11-03_2025-11-09/run.claim.json')).toBe(
      join(out, 'archive', 'ledger', 'weekly', '2025-11-03_2025-11-09', 'run.claim.json'),
    );
    expect(await delivery.archive.list('ledger/')).toHaveLength(1);
    expect(delivery.mailer.maxMessageBytes).toBe(40 * 1024 * 1024);
  });
});

describe('Function: awsDelivery', () => {
  it('archives to the bucket under its prefix and sends with SES', () => {
    // Act
    const delivery = awsDelivery({ bucket: 'archive', prefix: 'prod/', configurationSet: 'sobot-reports' });

    // Assess
    expect(delivery.archive.locate('reports/index.html')).toBe('s3://archive/prod/reports/index.html');
    expect(delivery.mailer.constructor.name).toBe('SesMailer');
  });
});
