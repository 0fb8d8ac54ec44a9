import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ArchiveEntry, ArchiveObject, ArchiveStore } from '../report/ports.ts';
import { ArchiveError } from './errors.ts';
import { assertSafeKey } from './layout.ts';

export interface FsArchiveStoreOptions {
  /** The archive folder, e.g. `<out>/archive`; keys become paths below it. */
  readonly root: string;
}

const TEMP_SUFFIX = '.partial';

/**
 * The archive on the local disk, same keys as S3. Every file is written to a temporary name and then
 * moved into place, so a reader never sees half a file. Content type and metadata are not kept: the
 * file extension says enough locally.
 */
export class FsArchiveStore implements ArchiveStore {
  readonly root: string;

  constructor(options: FsArchiveStoreOptions) {
    this.root = resolve(options.root);
  }

  async put(key: string, object: ArchiveObject): Promise<void> {
    const target = this.locate(key);
    const temp = await this.#writeTemp(key, target, object);
    try {
      await rename(temp, target);
    } catch (cause) {
      await unlink(temp).catch(() => {});
      throw new ArchiveError(`cannot write ${target}`, key, { cause });
    }
  }

  /**
   * A hard link to the complete temp file is an atomic exclusive create: it fails with EEXIST when the
   * key exists, and when it succeeds the file is already whole (`open(..., 'wx')` then write is not).
   */
  async putIfAbsent(key: string, object: ArchiveObject): Promise<boolean> {
    const target = this.locate(key);
    const temp = await this.#writeTemp(key, target, object);
    try {
      await link(temp, target);
      return true;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new ArchiveError(`cannot write ${target}`, key, { cause });
    } finally {
      await unlink(temp).catch(() => {});
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const target = this.locate(key);
    try {
      return new Uint8Array(await readFile(target));
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new ArchiveError(`cannot read ${target}`, key, { cause });
    }
  }

  async list(prefix: string): Promise<ArchiveEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.root, { recursive: true });
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new ArchiveError(`cannot list ${this.root}`, prefix, { cause });
    }
    const keys = names
      .map((name) => name.split(sep).join('/'))
      .filter((key) => key.startsWith(prefix) && !key.endsWith(TEMP_SUFFIX))
      .sort();
    const entries: ArchiveEntry[] = [];
    for (const key of keys) {
      const info = await stat(join(this.root, key)).catch(() => null);
      if (info?.isFile()) entries.push({ key, size: info.size, lastModified: info.mtime });
    }
    return entries;
  }

  locate(key: string): string {
    const target = resolve(this.root, assertSafeKey(key));
    if (relative(this.root, target).startsWith('..')) throw new ArchiveError(`key escapes ${this.root}`, key);
    return target;
  }

  async #writeTemp(key: string, target: string, object: ArchiveObject): Promise<string> {
    const temp = `${target}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(temp, object.body, { flag: 'wx' });
      return temp;
    } catch (cause) {
      await unlink(temp).catch(() => {});
      throw new ArchiveError(`cannot write ${target}`, key, { cause });
    }
  }
}
