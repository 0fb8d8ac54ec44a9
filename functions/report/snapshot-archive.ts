import { gunzipSync, gzipSync } from 'node:zlib';
import { archiveObjectFor } from '../delivery/archive-object.ts';
import type { TaskResults } from './collect.ts';
import type { ArchiveStore } from './ports.ts';
import type { RawSnapshot } from './snapshot.ts';

/**
 * The raw snapshot and the collection checkpoint, kept beside the run's files so a later attempt
 * re-renders or resumes without calling the API for what it already has.
 */

export const CHECKPOINT_FILE = 'partial.json.gz';

export function checkpointKey(folder: string): string {
  return `${folder}${CHECKPOINT_FILE}`;
}

function encode(value: unknown): Uint8Array {
  return gzipSync(JSON.stringify(value));
}

function decode(bytes: Uint8Array): unknown {
  return JSON.parse(gunzipSync(bytes).toString('utf8'));
}

export async function writeSnapshot(
  archive: ArchiveStore,
  key: string,
  snapshot: RawSnapshot,
): Promise<number> {
  const body = encode(snapshot);
  await archive.put(key, archiveObjectFor(key, body, { 'report-id': snapshot.reportId }));
  return body.byteLength;
}

/** The archived snapshot of this report and period, or null when there is none (or it is unreadable). */
export async function readSnapshot(
  archive: ArchiveStore,
  key: string,
  expect: { reportId: string; from: string; to: string },
): Promise<RawSnapshot | null> {
  const bytes = await archive.get(key);
  if (!bytes) return null;
  try {
    const snapshot = decode(bytes) as RawSnapshot;
    const matches =
      snapshot.version === 1 &&
      snapshot.reportId === expect.reportId &&
      snapshot.period?.from === expect.from &&
      snapshot.period?.to === expect.to;
    return matches ? snapshot : null;
  } catch {
    return null;
  }
}

export async function writeCheckpoint(archive: ArchiveStore, key: string, parts: TaskResults): Promise<void> {
  await archive.put(key, archiveObjectFor(key, encode(parts)));
}

export async function readCheckpoint(archive: ArchiveStore, key: string): Promise<TaskResults> {
  const bytes = await archive.get(key);
  if (!bytes) return {};
  try {
    const parts = decode(bytes);
    return parts && typeof parts === 'object' ? (parts as TaskResults) : {};
  } catch {
    return {};
  }
}
