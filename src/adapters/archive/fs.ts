import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, readdir, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ArchiveError } from '../../core/delivery/errors.ts';
import { assertSafeKey } from '../../core/delivery/layout.ts';
import type { ArchiveEntry, ArchiveObject, ArchiveStore } from '../../core/report/ports.ts';

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
      await this.#refuseLinks(key, target);
      return await readNotFollowing(target);
    } catch (cause) {
      if (cause instanceof ArchiveError) throw cause;
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      if (code === 'ELOOP') throw linkRefused(key);
      throw new ArchiveError(`cannot read ${target}`, key, { cause });
    }
  }

  /** Regular files only: symbolic links are skipped, and never descended into. */
  async list(prefix: string): Promise<ArchiveEntry[]> {
    try {
      const entries = await this.#walk('', prefix);
      return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new ArchiveError(`cannot list ${this.root}`, prefix, { cause });
    }
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
      await this.#refuseLinks(key, dirname(target));
      await writeFile(temp, object.body, { flag: 'wx' });
      return temp;
    } catch (cause) {
      await unlink(temp).catch(() => {});
      if (cause instanceof ArchiveError) throw cause;
      throw new ArchiveError(`cannot write ${target}`, key, { cause });
    }
  }

  /**
   * Refuses a path reached through a symbolic link, whether it points into the archive or out of it.
   * The store writes only regular files, so a link was put there by something else, and following it
   * would let `archive get` hand out any file the process may read (`reports/x/evil.html -> /etc/passwd`)
   * or `put` write outside the archive. The root itself may be a link.
   */
  async #refuseLinks(key: string, path: string): Promise<void> {
    const [realRoot, realPath] = await Promise.all([realpath(this.root), realpath(path)]);
    if (realPath !== join(realRoot, relative(this.root, path))) throw linkRefused(key);
  }

  async #walk(folder: string, prefix: string): Promise<ArchiveEntry[]> {
    const entries: ArchiveEntry[] = [];
    for (const item of await readdir(join(this.root, folder), { withFileTypes: true })) {
      const key = folder ? `${folder}/${item.name}` : item.name;
      if (item.isDirectory() && (key.startsWith(prefix) || prefix.startsWith(`${key}/`))) {
        entries.push(...(await this.#walk(key, prefix)));
      } else if (item.isFile() && key.startsWith(prefix) && !key.endsWith(TEMP_SUFFIX)) {
        const info = await lstat(join(this.root, key)).catch(() => null);
        if (info?.isFile()) entries.push({ key, size: info.size, lastModified: info.mtime });
      }
    }
    return entries;
  }
}

/** O_NOFOLLOW: a link swapped in after the check is still not followed (ELOOP). */
async function readNotFollowing(path: string): Promise<Uint8Array> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

function linkRefused(key: string): ArchiveError {
  return new ArchiveError(
    `archive key "${key}" leads through a symbolic link, which the archive does not follow`,
    key,
  );
}
