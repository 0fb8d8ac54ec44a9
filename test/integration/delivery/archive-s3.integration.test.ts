import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ArchiveStore } from '../../../src/adapters/archive/s3.ts';
import { archiveObjectFor, XLSX_CONTENT_TYPE } from '../../../src/core/delivery/archive-object.ts';
import { fileKeys, REPORTS_INDEX_KEY, reportIndexKey } from '../../../src/core/delivery/layout.ts';
import { ArchiveLedger } from '../../../src/core/delivery/ledger.ts';
import { ManifestBuilder, serializeManifest } from '../../../src/core/delivery/manifest.ts';
import { publishIndexes } from '../../../src/core/delivery/publish-indexes.ts';
import { type S3Emulator, startS3Emulator } from '../../support/emulators.ts';
import { fakeClock, weekW45 } from '../../unit/delivery/helpers.ts';

describe('Class: S3ArchiveStore against s3rver', () => {
  let s3: S3Emulator;
  let store: S3ArchiveStore;

  beforeAll(async () => {
    s3 = await startS3Emulator();
    store = new S3ArchiveStore({
      client: s3.client,
      bucket: s3.bucket,
      conditionalWrites: s3.supportsConditionalWrites ? 'if-none-match' : 'check-then-put',
    });
  });
  afterAll(async () => {
    await s3.close();
  });

  it('archives a run through the S3 API with browsable keys, types, dispositions and metadata', async () => {
    // Prepare
    const keys = fileKeys('weekly-supervisors', weekW45);
    const slice = fileKeys('weekly-supervisors', weekW45, 'Département 1');
    const workbook = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]);
    const manifest = new ManifestBuilder({
      reportId: 'weekly-supervisors',
      title: 'Weekly live-chat report',
      runKey: 'weekly-supervisors/2025-11-03_2025-11-09',
      period: weekW45,
      generatedAt: new Date('2025-11-10T01:00:00Z'),
    });

    // Act
    for (const [key, body] of [
      [keys.workbook, workbook],
      [slice.workbook, workbook],
      [keys.html, '<html><body>report</body></html>'],
      [keys.raw, new Uint8Array([0x1f, 0x8b, 8, 0])],
    ] as const) {
      const object = archiveObjectFor(key, body, { 'report-id': 'weekly-supervisors' });
      await store.put(key, object);
      manifest.file(key, object);
    }
    await store.put(keys.manifest, archiveObjectFor(keys.manifest, serializeManifest(manifest.build())));
    await publishIndexes(store, 'weekly-supervisors', 'Weekly live-chat report');

    // Assess
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'reports/' }));
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(
      [
        keys.html,
        keys.manifest,
        keys.raw,
        keys.workbook,
        slice.workbook,
        REPORTS_INDEX_KEY,
        reportIndexKey('weekly-supervisors'),
        'reports/weekly-supervisors/report.json',
      ].sort(),
    );
    const xlsx = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: slice.workbook }));
    expect(xlsx.ContentType).toBe(XLSX_CONTENT_TYPE);
    expect(xlsx.ContentDisposition).toBe(
      `attachment; filename="weekly-supervisors_2025-11-03_2025-11-09_departement-1.xlsx"`,
    );
    expect(xlsx.Metadata).toEqual({ 'report-id': 'weekly-supervisors' });
    const raw = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: keys.raw }));
    expect(raw.ContentEncoding).toBe('gzip');
    expect(raw.ContentType).toBe('application/json');
    const index = await s3.client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: reportIndexKey('weekly-supervisors') }),
    );
    expect(index.ContentType).toBe('text/html; charset=utf-8');
    expect(await index.Body?.transformToString()).toContain(
      'href="weekly/2025/2025-W45/weekly-supervisors_2025-11-03_2025-11-09.xlsx"',
    );
  });

  it('reads back the exact bytes and lists them through the store', async () => {
    // Prepare
    const key = 'reports/bytes/daily/2025/2025-11-12/x.xlsx';
    const body = new Uint8Array(256).map((_, i) => i);

    // Act
    await store.put(key, archiveObjectFor(key, body));

    // Assess
    expect(await store.get(key)).toEqual(body);
    expect(await store.get('reports/bytes/none')).toBeNull();
    expect((await store.list('reports/bytes/')).map((e) => [e.key, e.size])).toEqual([[key, 256]]);
    expect(store.locate(key)).toBe(`s3://${s3.bucket}/${key}`);
  });

  it('keeps the ledger on the bucket: one lease holder, then the delivery record', async () => {
    // Prepare
    const ledger = new ArchiveLedger({ store, clock: fakeClock(), leaseMs: 60_000 });
    const runKey = 'weekly-supervisors/2025-11-03_2025-11-09';
    const messageKey = `${runKey}/all/0123456789abcdef`;

    // Act
    const first = await ledger.acquire(runKey);
    const second = await ledger.acquire(runKey);
    await ledger.complete({
      runKey: messageKey,
      deliveredAt: '2025-11-10T01:00:00.000Z',
      messageIds: ['m'],
      archiveKeys: [],
    });

    // Assess
    expect([first.status, second.status]).toEqual(['acquired', 'held']);
    expect(await ledger.find(messageKey)).toMatchObject({ messageIds: ['m'] });
  });
});
