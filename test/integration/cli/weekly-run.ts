import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { CONFIG } from './cli-process.ts';

/**
 * The weekly report of reports.config.json for a fixed past week, so that every run of a test is the
 * same run (one run key), and what it leaves in `--out`, read the way a person would.
 */
export const WEEK = {
  date: '2026-11-25',
  label: '2026-W47',
  runKey: 'weekly-supervisors/2026-11-16_2026-11-22',
} as const;

export function weeklyRunArgs(out: string, ...extra: string[]): string[] {
  return ['run', '--config', CONFIG, '--period', 'weekly', '--date', WEEK.date, '--out', out, ...extra];
}

/** Its three recipients (one whole-account, two routed supervisors), by the slice each receives. */
export const WEEKLY_RECIPIENTS: Readonly<Record<string, string>> = {
  all: 'head-of-service@example.com',
  'customer-care': 'care.supervisor@example.com',
  'technical-support': 'tech.supervisor@example.com',
};

export function weeklyPaths(out: string) {
  const runFolder = join(out, 'archive/reports/weekly-supervisors/weekly/2026', WEEK.label);
  const ledger = join(out, 'archive/ledger', WEEK.runKey);
  return {
    outbox: join(out, 'outbox'),
    runFolder,
    raw: join(runFolder, 'raw.json.gz'),
    manifest: join(runFolder, 'manifest.json'),
    ledger,
    claim: join(ledger, 'run.claim.json'),
    released: (generation: number) => join(ledger, `run.released.${generation}.json`),
  };
}

/** The `.eml` files in the outbox now, synchronously, for waiting on the first one. */
export function emlCount(out: string): number {
  const outbox = weeklyPaths(out).outbox;
  return existsSync(outbox) ? readdirSync(outbox).filter((name) => name.endsWith('.eml')).length : 0;
}

interface OutboxMessage {
  readonly file: string;
  readonly to: readonly string[];
  readonly subject: string;
}

/** Every `.eml` in the outbox, parsed: who it is addressed to (`To:`) and its subject. */
export async function outboxMessages(out: string): Promise<OutboxMessage[]> {
  const outbox = weeklyPaths(out).outbox;
  if (!existsSync(outbox)) return [];
  const files = (await readdir(outbox)).filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(await readFile(join(outbox, file)));
      const to = ([] as AddressObject[]).concat(mail.to ?? []).flatMap((group) => group.value);
      return {
        file,
        to: to.map((mailbox) => (mailbox.address ?? '').toLowerCase()),
        subject: mail.subject ?? '',
      };
    }),
  );
}

/**
 * The slices whose message an attempt had started to hand over (`.sending.json`) without the ledger
 * recording it (`.done.json`): the one window in which a rerun may send a message twice.
 */
export async function unrecordedHandovers(out: string): Promise<string[]> {
  const { ledger } = weeklyPaths(out);
  const slices: string[] = [];
  for (const slice of Object.keys(WEEKLY_RECIPIENTS)) {
    const folder = join(ledger, slice);
    if (!existsSync(folder)) continue;
    const names = await readdir(folder);
    const sending = names.filter((name) => name.endsWith('.sending.json'));
    if (sending.some((name) => !names.includes(name.replace(/\.sending\.json$/, '.done.json')))) {
      slices.push(slice);
    }
  }
  return slices;
}

/**
 * Of those, the slices whose message had already reached the outbox: the only messages a rerun is
 * permitted to send a second time.
 */
export async function permittedDuplicates(out: string): Promise<string[]> {
  const written = await outboxMessages(out);
  return (await unrecordedHandovers(out)).filter((slice) =>
    written.some((message) => message.to.includes(WEEKLY_RECIPIENTS[slice] ?? '')),
  );
}

interface RecordedLease {
  readonly generation: number;
  readonly host: string;
  readonly pid: number;
  readonly expiresAt: string;
}

/** The run's lease generations, oldest first: `run.claim.json`, then `run.takeover.<n>.json`. */
export async function runLeases(out: string): Promise<RecordedLease[]> {
  const { ledger } = weeklyPaths(out);
  const leases: RecordedLease[] = [];
  for (let generation = 0; ; generation++) {
    const file = join(ledger, generation === 0 ? 'run.claim.json' : `run.takeover.${generation}.json`);
    if (!existsSync(file)) return leases;
    const { host, pid, expiresAt } = JSON.parse(await readFile(file, 'utf8'));
    leases.push({ generation, host, pid, expiresAt });
  }
}

/**
 * Exactly once per recipient: each of the three has one message addressed to them alone, except that
 * the recipient of a slice in `mayRepeat` (a handover the ledger had not recorded) may have two.
 */
export function expectExactlyOnce(messages: readonly OutboxMessage[], mayRepeat: readonly string[]): void {
  expect(mayRepeat.length, 'at most one message is ever between handover and record').toBeLessThanOrEqual(1);
  for (const message of messages) expect(message.to, message.file).toHaveLength(1);
  const counts = new Map<string, number>();
  for (const message of messages) {
    const address = message.to[0] ?? '';
    counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  expect([...counts.keys()].sort()).toEqual(Object.values(WEEKLY_RECIPIENTS).sort());
  for (const [slice, address] of Object.entries(WEEKLY_RECIPIENTS)) {
    const allowed = mayRepeat.includes(slice) ? 2 : 1;
    expect(counts.get(address), `messages to ${address}`).toBeLessThanOrEqual(allowed);
  }
}
