import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsArchiveStore } from '../../../src/adapters/archive/fs.ts';
import { MemoryArchiveStore } from '../../../src/adapters/archive/memory.ts';
import { LedgerError } from '../../../src/core/delivery/errors.ts';
import {
  ArchiveLedger,
  ledgerKeys,
  messageKeys,
  type ProcessIdentity,
  thisProcess,
} from '../../../src/core/delivery/ledger.ts';
import { type LeaseAcquisition, LeaseLostError, type RunLease } from '../../../src/core/report/ports.ts';
import { fakeClock } from './helpers.ts';

const RUN = 'weekly-supervisors/2025-11-03_2025-11-09';
const MESSAGE = `${RUN}/all/0123456789abcdef`;
const LEASE = 60_000;

/** Processes of one or two hosts; `kill` makes a pid gone, as kill -9 does. */
function hosts() {
  const alive = new Set<string>();
  let nextPid = 100;
  return {
    process(host: string): ProcessIdentity & { kill(): void } {
      const pid = nextPid++;
      alive.add(`${host}:${pid}`);
      return {
        host,
        pid,
        isAlive: (p) => alive.has(`${host}:${p}`),
        kill: () => alive.delete(`${host}:${pid}`),
      };
    },
  };
}

function leaseOf(acquisition: LeaseAcquisition): RunLease {
  if (acquisition.status !== 'acquired') throw new Error(`expected the lease, got ${acquisition.status}`);
  return acquisition.lease;
}

describe('Class: ArchiveLedger', () => {
  let clock: ReturnType<typeof fakeClock>;
  let store: MemoryArchiveStore;
  let machines: ReturnType<typeof hosts>;
  const ledgerFor = (identity: ProcessIdentity) =>
    new ArchiveLedger({ store, clock, leaseMs: LEASE, identity });

  beforeEach(() => {
    clock = fakeClock();
    store = new MemoryArchiveStore(clock.now);
    machines = hosts();
  });

  it('gives an unclaimed run to the first attempt, recording its host and pid', async () => {
    // Prepare
    const me = machines.process('laptop');

    // Act
    const lease = leaseOf(await ledgerFor(me).acquire(RUN));

    // Assess
    expect(lease.holder).toMatchObject({ host: 'laptop', pid: me.pid });
    expect(store.objects.has(`ledger/${RUN}/run.claim.json`)).toBe(true);
    expect(lease.renewEveryMs).toBe(LEASE / 3);
  });

  it('answers held, naming the holder and its expiry, while another host holds a live lease', async () => {
    // Prepare
    const first = leaseOf(await ledgerFor(machines.process('sandbox-a')).acquire(RUN));
    clock.advance(LEASE - 1);

    // Act
    const second = await ledgerFor(machines.process('sandbox-b')).acquire(RUN);

    // Assess
    expect(second).toEqual({ status: 'held', holder: first.holder });
  });

  it('lets a rerun on the same host take over at once when the holder process is gone', async () => {
    // Prepare
    const killed = machines.process('laptop');
    await ledgerFor(killed).acquire(RUN);
    killed.kill();

    // Act
    const rerun = await ledgerFor(machines.process('laptop')).acquire(RUN);

    // Assess
    expect(rerun.status).toBe('acquired');
    expect(store.objects.has(ledgerKeys(RUN).lease(1))).toBe(true);
  });

  it('keeps a live holder on the same host (another terminal running the same report)', async () => {
    // Prepare
    await ledgerFor(machines.process('laptop')).acquire(RUN);

    // Act & Assess
    expect((await ledgerFor(machines.process('laptop')).acquire(RUN)).status).toBe('held');
  });

  it('lets another host take over once an unrenewed lease lapses', async () => {
    // Prepare
    await ledgerFor(machines.process('sandbox-a')).acquire(RUN);
    clock.advance(LEASE);

    // Act
    const taker = await ledgerFor(machines.process('sandbox-b')).acquire(RUN);

    // Assess
    expect(taker.status).toBe('acquired');
  });

  it('keeps a renewed lease live past its first expiry', async () => {
    // Prepare
    const lease = leaseOf(await ledgerFor(machines.process('sandbox-a')).acquire(RUN));
    clock.advance(LEASE - 1);

    // Act
    const renewed = await lease.renew();
    clock.advance(LEASE - 1);
    const other = await ledgerFor(machines.process('sandbox-b')).acquire(RUN);

    // Assess
    expect(renewed).toBe(true);
    expect(other.status).toBe('held');
    await expect(lease.assertHeld()).resolves.toBeUndefined();
  });

  it('tells a lapsed owner it lost the lease once another took over, and refuses its sends', async () => {
    // Prepare
    const stale = leaseOf(await ledgerFor(machines.process('sandbox-a')).acquire(RUN));
    clock.advance(LEASE);
    await ledgerFor(machines.process('sandbox-b')).acquire(RUN);

    // Act
    const renewed = await stale.renew();

    // Assess
    expect(renewed).toBe(false);
    await expect(stale.assertHeld()).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('refuses sends on a lease that lapsed even when nobody took it over', async () => {
    // Prepare
    const lease = leaseOf(await ledgerFor(machines.process('sandbox-a')).acquire(RUN));
    clock.advance(LEASE);

    // Act & Assess
    await expect(lease.assertHeld()).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('lets the next attempt start at once after the owner released the run', async () => {
    // Prepare
    const lease = leaseOf(await ledgerFor(machines.process('sandbox-a')).acquire(RUN));
    await lease.release();

    // Act
    const next = await ledgerFor(machines.process('sandbox-b')).acquire(RUN);

    // Assess
    expect(next.status).toBe('acquired');
    await expect(lease.assertHeld()).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('leaves a lease taken over by another alone when the old owner releases', async () => {
    // Prepare
    const stale = leaseOf(await ledgerFor(machines.process('sandbox-a')).acquire(RUN));
    clock.advance(LEASE);
    const current = leaseOf(await ledgerFor(machines.process('sandbox-b')).acquire(RUN));

    // Act
    await stale.release();

    // Assess
    expect((await ledgerFor(machines.process('sandbox-c')).acquire(RUN)).status).toBe('held');
    await expect(current.assertHeld()).resolves.toBeUndefined();
  });

  it('records a delivery that find returns', async () => {
    // Prepare
    const ledger = ledgerFor(machines.process('laptop'));
    const record = {
      runKey: MESSAGE,
      deliveredAt: '2025-11-10T01:00:05.000Z',
      messageIds: ['ses-1'],
      archiveKeys: ['reports/weekly-supervisors/weekly/2025/2025-W45/manifest.json'],
    };

    // Act
    const before = await ledger.find(MESSAGE);
    await ledger.complete(record);

    // Assess
    expect(before).toBeNull();
    expect(await ledger.find(MESSAGE)).toEqual(record);
    expect(store.objects.has(messageKeys(MESSAGE).done)).toBe(true);
  });

  it('remembers that a message was being handed over', async () => {
    // Prepare
    const ledger = ledgerFor(machines.process('laptop'));

    // Act
    const before = await ledger.wasSending(MESSAGE);
    await ledger.markSending(MESSAGE, 'owner-1');

    // Assess
    expect(before).toBe(false);
    expect(await ledger.wasSending(MESSAGE)).toBe(true);
  });

  it('reads a lease written before hosts were recorded, judging it by expiry alone', async () => {
    // Prepare
    const old = { runKey: RUN, owner: 'v1', generation: 0, claimedAt: '2025-11-10T00:59:00.000Z' };
    const expiresAt = new Date(clock.now() + 1000).toISOString();
    await store.put(ledgerKeys(RUN).lease(0), {
      body: JSON.stringify({ ...old, expiresAt }),
      contentType: 'application/json',
    });

    // Act
    const whileLive = await ledgerFor(machines.process('laptop')).acquire(RUN);
    clock.advance(1000);
    const after = await ledgerFor(machines.process('laptop')).acquire(RUN);

    // Assess
    expect(whileLive.status).toBe('held');
    expect(after.status).toBe('acquired');
  });

  it('fails with LedgerError on an unreadable lease', async () => {
    // Prepare
    await store.put(ledgerKeys(RUN).lease(0), { body: 'not json', contentType: 'application/json' });

    // Act & Assess
    await expect(ledgerFor(thisProcess).acquire(RUN)).rejects.toBeInstanceOf(LedgerError);
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
    const results = await Promise.all(ledgers.map((l) => l.acquire(RUN)));

    // Assess
    expect(results.filter((r) => r.status === 'acquired')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'held')).toHaveLength(7);
  });

  it('gives exactly one of many concurrent takers a lapsed lease', async () => {
    // Prepare
    const clock = fakeClock();
    const store = new FsArchiveStore({ root });
    await new ArchiveLedger({ store, clock, leaseMs: LEASE }).acquire(RUN);
    clock.advance(LEASE + 1);
    const takers = Array.from({ length: 8 }, () => new ArchiveLedger({ store, clock, leaseMs: LEASE }));

    // Act
    const results = await Promise.all(takers.map((l) => l.acquire(RUN)));

    // Assess
    expect(results.filter((r) => r.status === 'acquired')).toHaveLength(1);
  });
});

describe('Object: thisProcess', () => {
  it('sees a process killed with kill -9 as dead even while it is an unreaped zombie', async () => {
    // Prepare: `sleep 60` whose parent (exec'd into another sleep) never waits for it.
    const { spawn } = await import('node:child_process');
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const pid = Number(
      await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d)))),
    );
    const { readFile } = await import('node:fs/promises');
    // Until the shell has exec'd into `sleep`, the shell itself could still reap its child.
    const parentExeced = async () => (await readFile(`/proc/${parent.pid}/comm`, 'utf8')).trim() === 'sleep';
    for (let polls = 0; polls < 1000 && !(await parentExeced()); polls++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const aliveBefore = thisProcess.isAlive(pid);

    // Act: the kernel makes it a zombie soon after the signal; wait for that event (not a time).
    process.kill(pid, 'SIGKILL');
    const zombie = async () => / Z /.test((await readFile(`/proc/${pid}/stat`, 'utf8')).slice(-300));
    for (let polls = 0; polls < 1000 && !(await zombie()); polls++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const stillListed = thisProcess.isAlive(pid);
    let signalZero = true;
    try {
      process.kill(pid, 0);
    } catch {
      signalZero = false;
    }
    parent.kill('SIGKILL');

    // Assess
    expect(aliveBefore).toBe(true);
    expect(signalZero).toBe(true);
    expect(stillListed).toBe(false);
    expect(thisProcess.isAlive(process.pid)).toBe(true);
  });
});
