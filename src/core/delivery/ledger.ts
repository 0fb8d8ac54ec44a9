import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as z from 'zod';
import type { Clock } from '../clock.ts';
import {
  type ArchiveStore,
  type DeliveryLedger,
  type DeliveryRecord,
  type LeaseAcquisition,
  type LeaseHolder,
  LeaseLostError,
  type RunLease,
} from '../report/ports.ts';
import { archiveObjectFor } from './archive-object.ts';
import { LedgerError } from './errors.ts';
import { assertSafeKey } from './layout.ts';

/**
 * The delivery ledger kept in the archive itself, on `putIfAbsent` (S3 `If-None-Match: *`):
 *
 * - `ledger/<runKey>/run.claim.json`, `…/run.takeover.<n>.json`: the run lease, generation 0 and
 *   each takeover. A generation is created once with `putIfAbsent`, so of two claimers or takers
 *   exactly one wins; the current lease is the highest generation present. Only its owner rewrites
 *   it, to renew it.
 * - `…/run.released.<n>.json`: the owner of generation n gave the run up (it failed, or was
 *   interrupted), so the next attempt may take over at once.
 * - `ledger/<messageKey>.sending.json`: an attempt was about to hand that message to the mail service.
 * - `ledger/<messageKey>.done.json`: the delivery record of one message.
 *
 * A lease is short and renewed by its owner's own timer, so it lapses soon after the owner dies
 * (crash, out of memory, Lambda timeout), whoever's clock judges it. On the owner's own host, a
 * lease whose process is gone is dead at once.
 */

const leaseSchema = z.object({
  runKey: z.string(),
  owner: z.string(),
  // Leases written before hosts were recorded judge by expiry alone.
  host: z.string().default(''),
  pid: z.number().int().default(0),
  generation: z.number().int().nonnegative(),
  claimedAt: z.string(),
  expiresAt: z.string(),
});
type Lease = z.infer<typeof leaseSchema>;

const recordSchema = z.object({
  runKey: z.string(),
  deliveredAt: z.string(),
  messageIds: z.array(z.string()),
  archiveKeys: z.array(z.string()),
});

const LEDGER_ROOT = 'ledger/';

/** Long enough to ride out a slow archive write, short enough that a dead owner blocks for a minute. */
const DEFAULT_LEASE_MS = 60_000;

export function ledgerKeys(runKey: string) {
  const base = `${LEDGER_ROOT}${assertSafeKey(runKey)}`;
  return {
    lease: (generation: number) =>
      generation === 0 ? `${base}/run.claim.json` : `${base}/run.takeover.${generation}.json`,
    released: (generation: number) => `${base}/run.released.${generation}.json`,
  };
}

export function messageKeys(messageKey: string) {
  const base = `${LEDGER_ROOT}${assertSafeKey(messageKey)}`;
  return { done: `${base}.done.json`, sending: `${base}.sending.json` };
}

/** Where this process runs, and whether another process of the same host still does. */
export interface ProcessIdentity {
  readonly host: string;
  readonly pid: number;
  isAlive(pid: number): boolean;
}

export const thisProcess: ProcessIdentity = {
  host: hostname(),
  pid: process.pid,
  isAlive(pid) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM: it exists, under another user.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    return !isZombie(pid);
  },
};

/** A process killed but not yet reaped by its parent still answers signal 0; on Linux, /proc knows. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * In Lambda the host is the sandbox (its log stream): another sandbox cannot see this one's processes,
 * and a sandbox that runs again after a crash is the same host with the old process gone.
 */
export function lambdaProcess(env: NodeJS.ProcessEnv): ProcessIdentity {
  return { ...thisProcess, host: env.AWS_LAMBDA_LOG_STREAM_NAME ?? thisProcess.host };
}

interface ArchiveLedgerOptions {
  readonly store: ArchiveStore;
  readonly clock: Clock;
  /** How long a lease holds without renewal. */
  readonly leaseMs?: number;
  readonly identity?: ProcessIdentity;
  /** A fresh owner id for each acquisition. */
  readonly newOwner?: () => string;
}

export class ArchiveLedger implements DeliveryLedger {
  readonly #store: ArchiveStore;
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #identity: ProcessIdentity;
  readonly #newOwner: () => string;

  constructor(options: ArchiveLedgerOptions) {
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(leaseMs > 0)) throw new RangeError('leaseMs must be positive');
    this.#store = options.store;
    this.#clock = options.clock;
    this.#leaseMs = leaseMs;
    this.#identity = options.identity ?? thisProcess;
    this.#newOwner = options.newOwner ?? (() => crypto.randomUUID());
  }

  async acquire(runKey: string): Promise<LeaseAcquisition> {
    const owner = this.#newOwner();
    const first = this.#lease(runKey, owner, 0);
    if (await this.#write(first)) return this.#acquired(first);
    const current = await this.#currentLease(runKey);
    if (current && (await this.#isLive(current))) return { status: 'held', holder: holderOf(current) };
    const next = this.#lease(runKey, owner, (current?.generation ?? 0) + 1);
    if (await this.#write(next)) return this.#acquired(next);
    // Another attempt took it over first.
    const winner = await this.#currentLease(runKey);
    return { status: 'held', holder: holderOf(winner ?? next) };
  }

  async find(messageKey: string): Promise<DeliveryRecord | null> {
    const bytes = await this.#store.get(messageKeys(messageKey).done);
    if (!bytes) return null;
    return parse(recordSchema, bytes, messageKey, 'delivery record');
  }

  async markSending(messageKey: string, owner: string): Promise<void> {
    const key = messageKeys(messageKey).sending;
    await this.#store.put(key, archiveObjectFor(key, json({ owner, at: this.#isoNow() })));
  }

  async wasSending(messageKey: string): Promise<boolean> {
    return (await this.#store.get(messageKeys(messageKey).sending)) !== null;
  }

  async complete(record: DeliveryRecord): Promise<void> {
    const key = messageKeys(record.runKey).done;
    const body = {
      runKey: record.runKey,
      deliveredAt: record.deliveredAt,
      messageIds: [...record.messageIds],
      archiveKeys: [...record.archiveKeys],
    };
    await this.#store.put(key, archiveObjectFor(key, json(body)));
  }

  #acquired(initial: Lease): LeaseAcquisition {
    let lease = initial;
    const holds = async () =>
      (await this.#store.get(ledgerKeys(lease.runKey).lease(lease.generation + 1))) === null &&
      (await this.#store.get(ledgerKeys(lease.runKey).released(lease.generation))) === null;
    const handle: RunLease = {
      get holder() {
        return holderOf(lease);
      },
      renewEveryMs: Math.floor(this.#leaseMs / 3),
      renew: async () => {
        if (!(await holds())) return false;
        const renewed = { ...lease, expiresAt: this.#expiry() };
        const key = ledgerKeys(lease.runKey).lease(lease.generation);
        await this.#store.put(key, archiveObjectFor(key, json(renewed)));
        lease = renewed;
        // A taker may have judged the old expiry just before the rewrite landed.
        return holds();
      },
      assertHeld: async () => {
        if (Date.parse(lease.expiresAt) <= this.#clock.now() || !(await holds())) {
          throw new LeaseLostError(lease.runKey);
        }
      },
      release: async () => {
        if (!(await holds())) return;
        const key = ledgerKeys(lease.runKey).released(lease.generation);
        await this.#store.put(
          key,
          archiveObjectFor(key, json({ owner: lease.owner, releasedAt: this.#isoNow() })),
        );
      },
    };
    return { status: 'acquired', lease: handle };
  }

  /** The highest lease generation present: generation 0, then each takeover in turn. */
  async #currentLease(runKey: string): Promise<Lease | null> {
    const keys = ledgerKeys(runKey);
    let current: Lease | null = null;
    for (let generation = 0; ; generation++) {
      const bytes = await this.#store.get(keys.lease(generation));
      if (!bytes) return current;
      current = parse(leaseSchema, bytes, runKey, `lease ${generation}`);
    }
  }

  async #isLive(lease: Lease): Promise<boolean> {
    if (Date.parse(lease.expiresAt) <= this.#clock.now()) return false;
    if (lease.host === this.#identity.host && !this.#identity.isAlive(lease.pid)) return false;
    return (await this.#store.get(ledgerKeys(lease.runKey).released(lease.generation))) === null;
  }

  async #write(lease: Lease): Promise<boolean> {
    const key = ledgerKeys(lease.runKey).lease(lease.generation);
    return this.#store.putIfAbsent(key, archiveObjectFor(key, json(lease)));
  }

  #isoNow(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #expiry(): string {
    return new Date(this.#clock.now() + this.#leaseMs).toISOString();
  }

  #lease(runKey: string, owner: string, generation: number): Lease {
    return {
      runKey,
      owner,
      host: this.#identity.host,
      pid: this.#identity.pid,
      generation,
      claimedAt: this.#isoNow(),
      expiresAt: this.#expiry(),
    };
  }
}

function holderOf(lease: Lease): LeaseHolder {
  return { owner: lease.owner, host: lease.host, pid: lease.pid, expiresAt: lease.expiresAt };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parse<T>(schema: z.ZodType<T>, bytes: Uint8Array, key: string, what: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch (cause) {
    throw new LedgerError(`the ${what} of ${key} is unreadable`, key, { cause });
  }
}
