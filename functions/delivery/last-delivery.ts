import type { ArchiveStore } from '../report/ports.ts';
import type { Manifest } from './manifest.ts';
import { readManifests } from './publish-indexes.ts';

/**
 * A run that reached its recipients: not a dry run, not failed, its send step done. `report.json`'s
 * `latest` cannot tell (it is the newest manifest of any status, see `summarize`), so the manifests are
 * read. Only runs of the report's own period count; a custom on-demand range does not stand in for it.
 */
export function isDelivery(manifest: Manifest, period: Manifest['period']['kind']): boolean {
  return (
    !manifest.dryRun &&
    manifest.error === undefined &&
    manifest.steps.sent === 'done' &&
    manifest.period.kind === period
  );
}

/** When the newest delivery of a report was generated (epoch ms), or null when it has none. */
export async function lastDeliveredAt(
  store: ArchiveStore,
  reportId: string,
  period: Manifest['period']['kind'],
): Promise<number | null> {
  const times = (await readManifests(store, reportId))
    .filter((manifest) => isDelivery(manifest, period))
    .map((manifest) => Date.parse(manifest.generatedAt));
  return times.length === 0 ? null : Math.max(...times);
}
