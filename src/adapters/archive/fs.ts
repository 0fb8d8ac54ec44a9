import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ArchiveError } from '../../core/delivery/errors.ts';
import { assertSafeKey } from '../../core/delivery/layout.ts';
import type { ArchiveEntry, ArchiveObject, ArchiveStore } from '../../core/report/ports.ts';

/** The file operations the store uses; Node's own unless a test hands in one that fails. */
type ArchiveFileSystem = Pick<
  typeof fsPromises,
  'link' | 'lstat' | 'mkdir' | 'open' | 'readdir' | 'realpath' | 'rename' | 'unlink' | 'writeFile'
>;

interface FsArchiveStoreOptions {
  /** The archive folder, e.g. `<out>/archive`; keys become paths below it. */
  readonly root: string;
  /** Default: `node:fs/promises`. */
  readonly fileSystem?: ArchiveFileSystem;
}

const TEMP_SUFFIX = '.partial';

/**
 * The archive on the local disk, same keys as S3. Every file is written to a temporary name and then
 * moved into place, so a reader never sees half a file. Content type and metadata are not kept: the
 * file extension says enough locally.
 */
export class FsArchiveStore implements ArchiveStore {
  readonly root: string;
  readonly #fs: ArchiveFileSystem;

  constructor(options: FsArchiveStoreOptions) {
    this.root = resolve(options.root);
    this.#fs = options.fileSystem ?? fsPromises;
  }

  async put(key: string, object: ArchiveObject): Promise<void> {
    const target = this.locate(key);
    const temp = await this.#writeTemp(key, target, object);
    try {
      await this.#fs.rename(temp, target);
    } catch (cause) {
      throw new ArchiveError(`cannot write ${target}${await removeTemp(this.#fs, temp)}`, key, { cause });
    }
  }

  /**
   * A hard link to the complete temp file is an atomic exclusive create: it fails with EEXIST when the
   * key exists, and when it succeeds the file is already whole (`open(..., 'wx')` then write is not).
   */
  async putIfAbsent(key: string, object: ArchiveObject): Promise<boolean> {
    const target = this.locate(key);
    const temp = await this.#writeTemp(key, target, object);
    let written: boolean;
    try {
      await this.#fs.link(temp, target);
      written = true;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ArchiveError(`cannot write ${target}${await removeTemp(this.#fs, temp)}`, key, { cause });
      }
      written = false;
    }
    // The answer stands either way: the object is in place (or someone else's is). A temp file that
    // cannot be removed is harmless (`list` skips it) but is said, not hidden.
    const left = await removeTemp(this.#fs, temp);
    if (left) process.emitWarning(`archived ${target}${left}`, { code: 'ARCHIVE_TEMP_LEFT' });
    return written;
  }

  async get(key: string): Promise<Uint8Array | null> {
    const target = this.locate(key);
    try {
      await this.#refuseLinks(key, target);
      return await readNotFollowing(this.#fs, target);
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

  /** None: the email names the folder's path, which is what a person on this machine opens. */
  browseUrl(_folder: string): null {
    return null;
  }

  async #writeTemp(key: string, target: string, object: ArchiveObject): Promise<string> {
    const temp = `${target}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      await this.#fs.mkdir(dirname(target), { recursive: true });
      await this.#refuseLinks(key, dirname(target));
      await this.#fs.writeFile(temp, object.body, { flag: 'wx' });
      return temp;
    } catch (cause) {
      // A refused link is found before anything is written; any other failure may leave part of a temp.
      if (cause instanceof ArchiveError) throw cause;
      throw new ArchiveError(`cannot write ${target}${await removeTemp(this.#fs, temp)}`, key, { cause });
    }
  }

  /**
   * Refuses a path reached through a symbolic link, whether it points into the archive or out of it.
   * The store writes only regular files, so a link was put there by something else, and following it
   * would let `archive get` hand out any file the process may read (`reports/x/evil.html -> /etc/passwd`)
   * or `put` write outside the archive. The root itself may be a link.
   */
  async #refuseLinks(key: string, path: string): Promise<void> {
    const [realRoot, realPath] = await Promise.all([this.#fs.realpath(this.root), this.#fs.realpath(path)]);
    if (realPath !== join(realRoot, relative(this.root, path))) throw linkRefused(key);
  }

  async #walk(folder: string, prefix: string): Promise<ArchiveEntry[]> {
    const entries: ArchiveEntry[] = [];
    for (const item of await this.#fs.readdir(join(this.root, folder), { withFileTypes: true })) {
      const key = folder ? `${folder}/${item.name}` : item.name;
      if (item.isDirectory() && (key.startsWith(prefix) || prefix.startsWith(`${key}/`))) {
        entries.push(...(await this.#walk(key, prefix)));
      } else if (item.isFile() && key.startsWith(prefix) && !key.endsWith(TEMP_SUFFIX)) {
        const info = await this.#fs.lstat(join(this.root, key)).catch(ignoreMissing);
        if (info?.isFile()) entries.push({ key, size: info.size, lastModified: info.mtime });
      }
    }
    return entries;
  }
}

/**
 * Removes a temporary file after the write it served. ENOENT means there is nothing to remove (it was
 * never created, or already moved); any other failure is not ignored but returned as a clause for the
 * caller's message, `''` when the file is gone. Never thrown: the caller has an answer or an error of
 * its own that matters more than a leftover `.partial`, which `list` skips.
 */
async function removeTemp(fs: ArchiveFileSystem, temp: string): Promise<string> {
  try {
    await fs.unlink(temp);
    return '';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return ` (and its temporary file ${temp} could not be removed: ${code})`;
  }
}

/** A file listed a moment ago may be gone (moved, removed): absent, not an error. Anything else is. */
function ignoreMissing(error: unknown): null {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw error;
}

/** O_NOFOLLOW: a link swapped in after the check is still not followed (ELOOP). */
async function readNotFollowing(fs: ArchiveFileSystem, path: string): Promise<Uint8Array> {
  const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
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
