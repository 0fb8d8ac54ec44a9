import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import type { RawSnapshot } from '../../../src/core/report/snapshot.ts';
import {
  readCheckpoint,
  readSnapshot,
  writeCheckpoint,
  writeSnapshot,
} from '../../../src/core/report/snapshot-archive.ts';
import { buildSnapshotFixture } from '../../support/snapshot-fixture.ts';

const KEY = 'reports/r/weekly/2025/2025-W45/raw.json.gz';

describe('Snapshot archive', () => {
  it('writes exactly the JSON of the snapshot, gzipped, and reads it back', async () => {
    // Prepare
    const archive = new MemoryArchiveStore();
    const snapshot: RawSnapshot = {
      ...buildSnapshotFixture(),
      fingerprint: 'f1',
      // undefined fields are left out and nested arrays kept, as JSON.stringify does
      scope: { name: 'Ünïcode "quoted" \u2028', departmentIds: ['dept-001'], groupIds: [] },
    };
    const withHoles = { ...snapshot, extra: undefined, nested: [[1, undefined], { a: undefined }] };

    // Act
    await writeSnapshot(archive, KEY, withHoles as RawSnapshot);
    const stored = (await archive.get(KEY)) as Uint8Array;
    const read = await readSnapshot(archive, KEY, {
      reportId: snapshot.reportId,
      from: snapshot.period.from,
      to: snapshot.period.to,
      fingerprint: 'f1',
    });

    // Assess
    expect(gunzipSync(stored).toString('utf8')).toBe(JSON.stringify(withHoles));
    expect(read).toEqual(JSON.parse(JSON.stringify(withHoles)));
  });

  it('reads a part a snapshot from an older version lacks as not fetched, keeping what it has', async () => {
    // Prepare: archived before work status and customer regions were collected
    const archive = new MemoryArchiveStore();
    const fixture = buildSnapshotFixture();
    const { workStatus: _w, ...withoutWorkStatus } = fixture.current;
    const { regions: _r, ...customers } = fixture.current.customers;
    const older = { ...fixture, fingerprint: 'f1', current: { ...withoutWorkStatus, customers } };
    await writeSnapshot(archive, KEY, older as unknown as RawSnapshot);

    // Act
    const read = await readSnapshot(archive, KEY, {
      reportId: fixture.reportId,
      from: fixture.period.from,
      to: fixture.period.to,
      fingerprint: 'f1',
    });

    // Assess
    expect(read?.current.workStatus).toEqual([]);
    expect(read?.current.customers.regions).toEqual([]);
    expect(read?.current.customers.overview).toEqual(fixture.current.customers.overview);
    expect(read?.current.chats).toEqual(fixture.current.chats);
  });

  it('ignores a snapshot of another period, so a run never renders the wrong data', async () => {
    // Prepare
    const archive = new MemoryArchiveStore();
    const snapshot = { ...buildSnapshotFixture(), fingerprint: 'f1' };
    await writeSnapshot(archive, KEY, snapshot);

    // Act
    const read = await readSnapshot(archive, KEY, {
      reportId: snapshot.reportId,
      from: '2020-01-01',
      to: '2020-01-07',
      fingerprint: 'f1',
    });

    // Assess
    expect(read).toBeNull();
  });

  it('ignores a snapshot collected for another report definition, so a changed report refetches', async () => {
    // Prepare
    const archive = new MemoryArchiveStore();
    const snapshot = { ...buildSnapshotFixture(), fingerprint: 'before-a-section-was-added' };
    await writeSnapshot(archive, KEY, snapshot);
    const period = { reportId: snapshot.reportId, from: snapshot.period.from, to: snapshot.period.to };

    // Act
    const other = await readSnapshot(archive, KEY, { ...period, fingerprint: 'after' });
    const same = await readSnapshot(archive, KEY, { ...period, fingerprint: 'before-a-section-was-added' });

    // Assess
    expect(other).toBeNull();
    expect(same?.fingerprint).toBe('before-a-section-was-added');
  });

  it('keeps collection checkpoints by task id and reads nothing from a damaged one', async () => {
    // Prepare
    const archive = new MemoryArchiveStore();
    const parts = { 'current.chats.totals': [{ human_consult: 3 }], 'conditions.robots': [] };

    // Act
    await writeCheckpoint(archive, 'reports/r/partial.json.gz', parts, 'f1');
    await archive.put('reports/r/bad.json.gz', { body: 'not gzip', contentType: 'application/json' });

    // Assess
    expect(await readCheckpoint(archive, 'reports/r/partial.json.gz', 'f1')).toEqual(parts);
    expect(await readCheckpoint(archive, 'reports/r/partial.json.gz', 'other-definition')).toEqual({});
    expect(await readCheckpoint(archive, 'reports/r/bad.json.gz', 'f1')).toEqual({});
  });
});
