import { once } from 'node:events';
import { createGzip, gunzipSync } from 'node:zlib';
import { archiveObjectFor } from '../delivery/archive-object.ts';
import { type TaskResults, withEveryPart } from './collect.ts';
import type { ArchiveStore } from './ports.ts';
import type { RawSnapshot } from './snapshot.ts';

/**
 * The raw snapshot and the collection checkpoint, kept beside the run's files so a later attempt
 * re-renders or resumes without calling the API for what it already has.
 */

const CHECKPOINT_FILE = 'partial.json.gz';

export function checkpointKey(folder: string): string {
  return `${folder}${CHECKPOINT_FILE}`;
}

/**
 * JSON, gzipped piece by piece: a 5,000-agent month is tens of megabytes of JSON, and one
 * `JSON.stringify` of it would hold all of that as a single string at the run's busiest moment.
 * The output is byte-for-byte what `JSON.stringify(value)` gives.
 */
async function encode(value: unknown): Promise<Uint8Array> {
  const gzip = createGzip();
  const compressed: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => compressed.push(chunk));
  const finished = once(gzip, 'end');
  let pending = '';
  for (const piece of jsonPieces(value)) {
    pending += piece;
    if (pending.length >= 64 * 1024) {
      if (!gzip.write(pending)) await once(gzip, 'drain');
      pending = '';
    }
  }
  gzip.end(pending);
  await finished;
  return Buffer.concat(compressed);
}

/** Walks objects and arrays, stringifying each array element whole (a row is small). */
function* jsonPieces(value: unknown, inArray = false): Generator<string> {
  if (inArray || value === null || typeof value !== 'object' || 'toJSON' in value) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield* jsonPieces(value[i], true);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(item);
  }
  yield '}';
}

function decode(bytes: Uint8Array): unknown {
  return JSON.parse(gunzipSync(bytes).toString('utf8'));
}

export async function writeSnapshot(
  archive: ArchiveStore,
  key: string,
  snapshot: RawSnapshot,
): Promise<number> {
  const body = await encode(snapshot);
  await archive.put(key, archiveObjectFor(key, body, { 'report-id': snapshot.reportId }));
  return body.byteLength;
}

/** The archived snapshot of this report and period, or null when there is none (or it is unreadable). */
export async function readSnapshot(
  archive: ArchiveStore,
  key: string,
  expect: { reportId: string; from: string; to: string; fingerprint: string },
): Promise<RawSnapshot | null> {
  const bytes = await archive.get(key);
  if (!bytes) return null;
  try {
    const snapshot = decode(bytes) as RawSnapshot;
    const matches =
      snapshot.version === 1 &&
      snapshot.reportId === expect.reportId &&
      snapshot.period?.from === expect.from &&
      snapshot.period?.to === expect.to &&
      snapshot.fingerprint === expect.fingerprint;
    return matches ? withEveryPart(snapshot) : null;
  } catch {
    return null;
  }
}

/** The tasks collected so far, for the definition they were collected for. */
export async function writeCheckpoint(
  archive: ArchiveStore,
  key: string,
  parts: TaskResults,
  fingerprint: string,
): Promise<void> {
  await archive.put(key, archiveObjectFor(key, await encode({ version: 2, fingerprint, parts })));
}

/** The checkpointed tasks, or none when there is no checkpoint of this definition (or it is unreadable). */
export async function readCheckpoint(
  archive: ArchiveStore,
  key: string,
  fingerprint: string,
): Promise<TaskResults> {
  const bytes = await archive.get(key);
  if (!bytes) return {};
  try {
    const checkpoint = decode(bytes) as { version?: unknown; fingerprint?: unknown; parts?: unknown };
    const matches = checkpoint?.version === 2 && checkpoint.fingerprint === fingerprint;
    return matches && checkpoint.parts && typeof checkpoint.parts === 'object'
      ? (checkpoint.parts as TaskResults)
      : {};
  } catch {
    return {};
  }
}
