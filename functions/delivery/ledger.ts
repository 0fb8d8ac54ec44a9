import { z } from 'zod';
import type { ArchiveStore, DeliveryLedger, DeliveryRecord } from '../report/ports.ts';
import type { Clock } from '../shared/clock.ts';
import { archiveObjectFor } from './archive-object.ts';
import { LedgerError } from './errors.ts';
import { assertSafeKey } from './layout.ts';

/**
 * The delivery ledger kept in the archive itself, on `putIfAbsent` (S3 `If-None-Match: *`). Every
 * lease is written once and never changed, so no write can lose another's update:
 *
 * - `ledger/<runKey>.claim.json`: lease generation 0. The first claim creates it with `putIfAbsent`,
 *   so of two concurrent claimers exactly one wins.
 * - `ledger/<runKey>.takeover.<n>.json`: lease generation n. Taking over an expired or released
 *   lease of generation g means creating takeover.<g+1> with `putIfAbsent`: of two takers exactly one
 *   wins. The current lease is the highest generation present.
 * - `ledger/<runKey>.released.<n>.json`: the owner of lease n gave it up (the run failed), so a retry
 *   may take over at once instead of waiting for the lease to expire.
 * - `ledger/<runKey>.done.json`: the delivery record; once present, `claim` answers 'delivered'.
 *
 * The lease must outlast a run (more than the Lambda timeout): then a lease only expires when its
 * owner is gone, and a takeover never races a live owner.
 */

const leaseSchema = z.object({
  runKey: z.string(),
  owner: z.string(),
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

export const LEDGER_ROOT = 'ledger/';

export function ledgerKeys(runKey: string) {
  const base = `${LEDGER_ROOT}${assertSafeKey(runKey)}`;
  return {
    claim: `${base}.claim.json`,
    done: `${base}.done.json`,
    lease: (generation: number) =>
      generation === 0 ? `${base}.claim.json` : `${base}.takeover.${generation}.json`,
    released: (generation: number) => `${base}.released.${generation}.json`,
  };
}

export interface ArchiveLedgerOptions {
  readonly store: ArchiveStore;
  readonly clock: Clock;
  /** How long a claim holds before another caller may take it over. */
  readonly leaseMs: number;
}

export class ArchiveLedger implements DeliveryLedger {
  readonly #store: ArchiveStore;
  readonly #clock: Clock;
  readonly #leaseMs: number;

  constructor(options: ArchiveLedgerOptions) {
    if (!(options.leaseMs > 0)) throw new RangeError('leaseMs must be positive');
    this.#store = options.store;
    this.#clock = options.clock;
    this.#leaseMs = options.leaseMs;
  }

  async claim(runKey: string, owner: string): Promise<'claimed' | 'delivered' | 'in-progress'> {
    if (await this.find(runKey)) return 'delivered';
    if (await this.#write(this.#lease(runKey, owner, 0))) return 'claimed';
    const current = await this.#currentLease(runKey);
    if (current === null) return 'in-progress';
    if (await this.#isLive(current)) return current.owner === owner ? 'claimed' : 'in-progress';
    if (!(await this.#write(this.#lease(runKey, owner, current.generation + 1)))) return 'in-progress';
    // The previous owner may have finished just before its lease ran out.
    return (await this.find(runKey)) ? 'delivered' : 'claimed';
  }

  async complete(record: DeliveryRecord): Promise<void> {
    const key = ledgerKeys(record.runKey).done;
    const body = {
      runKey: record.runKey,
      deliveredAt: record.deliveredAt,
      messageIds: [...record.messageIds],
      archiveKeys: [...record.archiveKeys],
    };
    await this.#store.put(key, archiveObjectFor(key, json(body)));
  }

  /**
   * Gives up the owner's lease so a retry can claim at once. A lease already taken over by someone
   * else is left alone.
   */
  async release(runKey: string, owner: string): Promise<void> {
    const current = await this.#currentLease(runKey);
    if (!current || current.owner !== owner) return;
    const key = ledgerKeys(runKey).released(current.generation);
    await this.#store.put(key, archiveObjectFor(key, json({ owner, releasedAt: this.#isoNow() })));
  }

  async find(runKey: string): Promise<DeliveryRecord | null> {
    const bytes = await this.#store.get(ledgerKeys(runKey).done);
    if (!bytes) return null;
    return parse(recordSchema, bytes, runKey, 'delivery record');
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
    return (await this.#store.get(ledgerKeys(lease.runKey).released(lease.generation))) === null;
  }

  async #write(lease: Lease): Promise<boolean> {
    const key = ledgerKeys(lease.runKey).lease(lease.generation);
    return this.#store.putIfAbsent(key, archiveObjectFor(key, json(lease)));
  }

  #isoNow(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #lease(runKey: string, owner: string, generation: number): Lease {
    const now = this.#clock.now();
    return {
      runKey,
      owner,
      generation,
      claimedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.#leaseMs).toISOString(),
    };
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parse<T>(schema: z.ZodType<T>, bytes: Uint8Array, runKey: string, what: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch (cause) {
    throw new LedgerError(`the ${what} of ${runKey} is unreadable`, runKey, { cause });
  }
}
