import type { ArchiveStore } from '../report/ports.ts';
import { archiveObjectFor } from './archive-object.ts';
import { fileKeys } from './layout.ts';
import { type Manifest, type ManifestBuilder, serializeManifest } from './manifest.ts';

/**
 * Stores a file with the type, disposition and encoding its key implies, and records it (size,
 * sha256) in the run's manifest. Returns where a person finds it.
 */
export async function archiveFile(
  store: ArchiveStore,
  manifest: ManifestBuilder,
  key: string,
  body: Uint8Array | string,
  slice?: string,
): Promise<string> {
  const object = archiveObjectFor(key, body);
  await store.put(key, object);
  manifest.file(key, object, slice);
  return store.locate(key);
}

/** Writes the manifest as it stands into its run folder; call after each step and on failure. */
export async function saveManifest(store: ArchiveStore, manifest: ManifestBuilder): Promise<Manifest> {
  const built = manifest.build();
  const key = fileKeys(built.reportId, built.period).manifest;
  await store.put(key, archiveObjectFor(key, serializeManifest(built)));
  return built;
}
