import { toBytes } from '../../core/delivery/archive-object.ts';
import { assertSafeKey } from '../../core/delivery/layout.ts';
import type { ArchiveEntry, ArchiveObject, ArchiveStore } from '../../core/report/ports.ts';

/** An in-memory archive for tests of code that uses an `ArchiveStore`; `objects` shows what was stored. */
export class MemoryArchiveStore implements ArchiveStore {
  readonly objects = new Map<string, ArchiveObject & { readonly lastModified: Date }>();

  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  async put(key: string, object: ArchiveObject): Promise<void> {
    this.objects.set(assertSafeKey(key), { ...object, lastModified: new Date(this.now()) });
  }

  async putIfAbsent(key: string, object: ArchiveObject): Promise<boolean> {
    if (this.objects.has(assertSafeKey(key))) return false;
    await this.put(key, object);
    return true;
  }

  async get(key: string): Promise<Uint8Array | null> {
    const object = this.objects.get(key);
    return object ? toBytes(object.body) : null;
  }

  async list(prefix: string): Promise<ArchiveEntry[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, object]) => ({
        key,
        size: toBytes(object.body).byteLength,
        lastModified: object.lastModified,
      }));
  }

  locate(key: string): string {
    return `memory://${key}`;
  }

  browseUrl(_folder: string): null {
    return null;
  }
}
