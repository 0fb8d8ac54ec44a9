import type { ArchiveStore } from '../report/ports.ts';
import type { Manifest } from './manifest.ts';
import { readManifests } from './publish-indexes.ts';

/**
 * A run that did its scheduled job: not a dry run, not failed, not sent to a `--recipients` override
 * instead of the configured recipients, and either sent or rightly silent: a `skipIfEmpty` report about
 * a period without chats, an alert whose figures met every target. `report.json`'s `latest` cannot tell (it is the newest manifest of any
 * status, see `summarize`), so the manifests are read. Only runs of the report's own period count; a
 * custom on-demand range does not stand in for it.
 */
export function isDelivery(manifest: Manifest, period: Manifest['period']['kind']): boolean {
  const { steps } = manifest;
  const finished = steps.sent === 'done' || (steps.sent === 'skipped' && manifest.skipped !== undefined);
  return (
    !manifest.dryRun &&
    manifest.error === undefined &&
    manifest.recipientsOverride !== true &&
    manifest.period.kind === period &&
    finished
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
