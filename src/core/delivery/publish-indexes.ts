import * as z from 'zod';
import type { ArchiveStore } from '../report/ports.ts';
import { archiveObjectFor } from './archive-object.ts';
import { type ReportSummary, renderReportIndex, renderReportsIndex, summarize } from './index-page.ts';
import {
  MANIFEST_FILE,
  REPORTS_INDEX_KEY,
  REPORTS_ROOT,
  reportFolder,
  reportIndexKey,
  reportSummaryKey,
} from './layout.ts';
import { type Manifest, parseManifest } from './manifest.ts';

const summarySchema = z.object({
  reportId: z.string(),
  title: z.string().optional(),
  runs: z.number(),
  latest: z
    .object({ label: z.string(), from: z.string(), to: z.string(), generatedAt: z.string() })
    .optional(),
});

const READ_CONCURRENCY = 8;

interface ManifestEntry {
  /** `<runFolder>manifest.json` */
  readonly key: string;
  readonly manifest: Manifest;
}

/** The run manifests among listed archive keys. */
export function manifestKeysOf(keys: readonly string[]): string[] {
  return keys.filter((key) => key.endsWith(`/${MANIFEST_FILE}`));
}

/** The manifests at `keys`, with their keys; unreadable ones are left out, not fatal. */
export async function readManifestsAt(
  store: ArchiveStore,
  keys: readonly string[],
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
    const batch = await Promise.all(
      keys.slice(i, i + READ_CONCURRENCY).map(async (key) => {
        const bytes = await store.get(key);
        return { key, manifest: bytes ? parseManifest(bytes) : null };
      }),
    );
    for (const { key, manifest } of batch) if (manifest) entries.push({ key, manifest });
  }
  return entries;
}

/** Every manifest under `reports/<reportId>/`; unreadable ones are left out of the index, not fatal. */
export async function readManifests(store: ArchiveStore, reportId: string): Promise<Manifest[]> {
  const keys = manifestKeysOf((await store.list(reportFolder(reportId))).map((entry) => entry.key));
  return (await readManifestsAt(store, keys)).map((entry) => entry.manifest);
}

async function readSummaries(store: ArchiveStore): Promise<ReportSummary[]> {
  const keys = (await store.list(REPORTS_ROOT))
    .map((entry) => entry.key)
    .filter((key) => /^reports\/[^/]+\/report\.json$/.test(key));
  const summaries = await Promise.all(
    keys.map(async (key) => {
      const bytes = await store.get(key);
      if (!bytes) return null;
      try {
        const parsed = summarySchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
        return parsed.success ? (parsed.data as ReportSummary) : null;
      } catch {
        return null;
      }
    }),
  );
  return summaries.filter((s): s is ReportSummary => s !== null);
}

/**
 * Rebuilds `reports/<reportId>/index.html` (and its `report.json` summary) from the manifests in the
 * archive, then `reports/index.html` from the summaries. Call after each run; returns the index keys.
 */
export async function publishIndexes(
  store: ArchiveStore,
  reportId: string,
  title?: string,
): Promise<string[]> {
  const manifests = await readManifests(store, reportId);
  const summary = summarize(reportId, manifests, title);
  const indexKey = reportIndexKey(reportId);
  await store.put(
    indexKey,
    archiveObjectFor(indexKey, renderReportIndex(reportId, manifests, summary.title)),
  );
  const summaryKey = reportSummaryKey(reportId);
  await store.put(summaryKey, archiveObjectFor(summaryKey, `${JSON.stringify(summary, null, 2)}\n`));
  const summaries = await readSummaries(store);
  await store.put(REPORTS_INDEX_KEY, archiveObjectFor(REPORTS_INDEX_KEY, renderReportsIndex(summaries)));
  return [indexKey, REPORTS_INDEX_KEY];
}
