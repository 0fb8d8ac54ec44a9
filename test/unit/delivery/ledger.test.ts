import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsArchiveStore } from '../../../functions/delivery/archive-fs.ts';
import { MemoryArchiveStore } from '../../../functions/delivery/archive-memory.ts';
import { LedgerError } from '../../../functions/delivery/errors.ts';
import { ArchiveLedger, ledgerKeys } from '../../../functions/delivery/ledger.ts';
import { fakeClock } from './helpers.ts';

const RUN = 'weekly-supervisors/2025-11-03_2025-11-09';
const LEASE = 15 * 60_000;

describe('Class: ArchiveLedger', () => {
  let clock: ReturnType<typeof fakeClock>;
  let store: MemoryArchiveStore;
  let ledger: ArchiveLedger;

  beforeEach(() => {
    clock = fakeClock();
    store = new MemoryArchiveStore(clock.now);
    ledger = new ArchiveLedger({ store, clock, leaseMs: LEASE });
  });

  it('claims an unclaimed run', async () => {
    // Act
    const result = await ledger.claim(RUN, 'invocation-1');

    // Assess
    expect(result).toBe('claimed');
    expect(store.objects.has(`ledger/${RUN}.claim.json`)).toBe(true);
  });

  it('answers in-progress to a second owner while the lease holds', async () => {
    // Prepare
    await ledger.claim(RUN, 'invocation-1');
    clock.advance(LEASE - 1);

    // Act & Assess
    expect(await ledger.claim(RUN, 'invocation-2')).toBe('in-progress');
  });

  it('lets the owner claim again (a retry of the same invocation)', async () => {
    // Prepare
    await ledger.claim(RUN, 'invocation-1');

    // Act & Assess
    expect(await ledger.claim(RUN, 'invocation-1')).toBe('claimed');
  });

  it('records a delivery that find returns and later claims answer delivered', async () => {
    // Prepare
    await ledger.claim(RUN, 'invocation-1');
    const record = {
      runKey: RUN,
      deliveredAt: '2025-11-10T01:00:05.000Z',
      messageIds: ['ses-1', 'ses-2'],
      archiveKeys: ['reports/weekly-supervisors/weekly/2025/2025-W45/manifest.json'],
    };

    // Act
    await ledger.complete(record);

    // Assess
    expect(await ledger.find(RUN)).toEqual(record);
    expect(await ledger.claim(RUN, 'invocation-2')).toBe('delivered');
  });

  it('finds nothing for a run never delivered', async () => {
    // Act & Assess
    expect(await ledger.find(RUN)).toBeNull();
  });

  it('lets a retry claim at once after the owner released', async () => {
    // Prepare
    await ledger.claim(RUN, 'invocation-1');
    await ledger.release(RUN, 'invocation-1');

    // Act
    const result = await ledger.claim(RUN, 'invocation-2');

    // Assess
    expect(result).toBe('claimed');
    expect(await ledger.claim(RUN, 'invocation-3')).toBe('in-progress');
  });

  it('ignores a release by someone who does not hold the lease', async () => {
    // Prepare
    await ledger.claim(RUN, 'invocation-1');

    // Act
    await ledger.release(RUN, 'intruder');

    // Assess
    expect(await ledger.claim(RUN, 'invocation-2')).toBe('in-progress');
  });

  it('takes over a claim whose lease expired (the owner crashed)', async () => {
    // Prepare
    await ledger.claim(RUN, 'crashed');
    clock.advance(LEASE);

    // Act
    const result = await ledger.claim(RUN, 'invocation-2');

    // Assess
    expect(result).toBe('claimed');
    expect(store.objects.has(ledgerKeys(RUN).lease(1))).toBe(true);
    expect(await ledger.claim(RUN, 'invocation-3')).toBe('in-progress');
  });

  it('keeps the takeover when the crashed owner releases late', async () => {
    // Prepare
    await ledger.claim(RUN, 'slow');
    clock.advance(LEASE);
    await ledger.claim(RUN, 'taker');

    // Act
    await ledger.release(RUN, 'slow');

    // Assess
    expect(await ledger.claim(RUN, 'third')).toBe('in-progress');
  });

  it('takes over again when the taker in turn expires', async () => {
    // Prepare
    await ledger.claim(RUN, 'first');
    clock.advance(LEASE);
    await ledger.claim(RUN, 'second');
    clock.advance(LEASE);

    // Act & Assess
    expect(await ledger.claim(RUN, 'third')).toBe('claimed');
    expect(store.objects.has(ledgerKeys(RUN).lease(2))).toBe(true);
  });

  it('fails with LedgerError on an unreadable claim', async () => {
    // Prepare
    await store.put(ledgerKeys(RUN).claim, { body: 'not json', contentType: 'application/json' });

    // Act & Assess
    await expect(ledger.claim(RUN, 'invocation-1')).rejects.toBeInstanceOf(LedgerError);
  });
});

describe('Class: ArchiveLedger on the filesystem store', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ledger-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('gives exactly one of many concurrent claimers the run', async () => {
    // Prepare
    const clock = fakeClock();
    const ledgers = Array.from(
      { length: 8 },
      () => new ArchiveLedger({ store: new FsArchiveStore({ root }), clock, leaseMs: LEASE }),
    );

    // Act
    const results = await Promise.all(ledgers.map((l, i) => l.claim(RUN, `invocation-${i}`)));

    // Assess
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'in-progress')).toHaveLength(7);
  });

  it('gives exactly one of many concurrent takers an expired claim', async () => {
    // Prepare
    const clock = fakeClock();
    const store = new FsArchiveStore({ root });
    await new ArchiveLedger({ store, clock, leaseMs: LEASE }).claim(RUN, 'crashed');
    clock.advance(LEASE + 1);
    const takers = Array.from({ length: 8 }, () => new ArchiveLedger({ store, clock, leaseMs: LEASE }));

    // Act
    const results = await Promise.all(takers.map((l, i) => l.claim(RUN, `taker-${i}`)));

    // Assess
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
  });
});
