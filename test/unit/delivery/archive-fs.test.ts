import * as fsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FsArchiveStore } from '../../../src/adapters/archive/fs.ts';
import { archiveObjectFor } from '../../../src/core/delivery/archive-object.ts';
import { ArchiveError, ArchiveKeyError } from '../../../src/core/delivery/errors.ts';

/** Node's file system, except that `unlink` fails with `code`: a temporary file the store cannot remove. */
function failingUnlink(code: string): typeof fsPromises {
  return {
    ...fsPromises,
    unlink: async () => {
      throw Object.assign(new Error(`${code}: unlink`), { code });
    },
  };
}

describe('Class: FsArchiveStore', () => {
  let root: string;
  let store: FsArchiveStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'archive-fs-'));
    store = new FsArchiveStore({ root: join(root, 'archive') });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  it('writes keys as nested paths and reads them back', async () => {
    // Prepare
    const key = 'reports/r1/weekly/2025/2025-W45/manifest.json';

    // Act
    await store.put(key, archiveObjectFor(key, '{"a":1}'));

    // Assess
    expect(await readFile(join(root, 'archive', key), 'utf8')).toBe('{"a":1}');
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe('{"a":1}');
    expect(store.locate(key)).toBe(join(root, 'archive', key));
  });

  it('replaces a file whole and leaves no temporary file behind', async () => {
    // Prepare
    const key = 'reports/r1/index.html';
    await store.put(key, archiveObjectFor(key, 'first'));

    // Act
    await store.put(key, archiveObjectFor(key, 'second'));

    // Assess
    expect(await readdir(join(root, 'archive', 'reports', 'r1'))).toEqual(['index.html']);
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe('second');
  });

  it('writes only the first of two putIfAbsent calls to one key', async () => {
    // Prepare
    const key = 'ledger/r1/2025-11-03_2025-11-09.claim.json';

    // Act
    const results = await Promise.all([
      store.putIfAbsent(key, archiveObjectFor(key, 'one')),
      store.putIfAbsent(key, archiveObjectFor(key, 'two')),
    ]);

    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'one' : 'two';
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe(winner);
    expect(await readdir(join(root, 'archive', 'ledger', 'r1'))).toEqual([
      '2025-11-03_2025-11-09.claim.json',
    ]);
  });

  it('returns null for a missing key', async () => {
    // Act & Assess
    expect(await store.get('reports/none.json')).toBeNull();
  });

  it('lists keys under a prefix with their sizes', async () => {
    // Prepare
    await store.put('reports/a/1.json', archiveObjectFor('1.json', '12345'));
    await store.put('reports/b/2.json', archiveObjectFor('2.json', '1'));

    // Act
    const entries = await store.list('reports/a/');

    // Assess
    expect(entries.map((e) => [e.key, e.size])).toEqual([['reports/a/1.json', 5]]);
  });

  it('lists nothing when the archive folder does not exist yet', async () => {
    // Act & Assess
    expect(await store.list('reports/')).toEqual([]);
  });

  it('refuses a key that climbs out of the root', async () => {
    // Act & Assess
    await expect(store.put('../outside.txt', archiveObjectFor('x.txt', 'x'))).rejects.toThrow(
      ArchiveKeyError,
    );
  });

  describe('when a write fails or its temporary file stays', () => {
    const key = 'reports/r1/index.html';
    /** A folder where the file should go: moving the temp file into place fails (EISDIR). */
    const blockTarget = async () => {
      await mkdir(join(store.root, key), { recursive: true });
      await writeFile(join(store.root, key, 'inside.txt'), 'x');
    };

    it('removes its temporary file when the move into place fails', async () => {
      // Prepare
      await blockTarget();

      // Act
      const error = await store.put(key, archiveObjectFor(key, '<p>')).catch((e: unknown) => e);

      // Assess
      expect(error).toEqual(new ArchiveError(`cannot write ${store.locate(key)}`, key));
      expect(await readdir(join(store.root, 'reports', 'r1'))).toEqual(['index.html']);
    });

    it('names the temporary file it could not remove beside the failure it throws', async () => {
      // Prepare
      await blockTarget();
      store = new FsArchiveStore({ root: store.root, fileSystem: failingUnlink('EACCES') });

      // Act
      const error = await store.put(key, archiveObjectFor(key, '<p>')).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as Error).message).toMatch(
        /^cannot write .*index\.html \(and its temporary file .*index\.html\.[0-9a-f-]+\.partial could not be removed: EACCES\)$/,
      );
      expect((error as Error).cause).toMatchObject({ code: 'EISDIR' });
    });

    it('keeps the answer of putIfAbsent and warns when its temporary file cannot be removed', async () => {
      // Prepare
      store = new FsArchiveStore({ root: store.root, fileSystem: failingUnlink('EBUSY') });
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const claim = 'ledger/r1/x.claim.json';

      // Act
      const written = await store.putIfAbsent(claim, archiveObjectFor(claim, '{}'));

      // Assess
      expect(written).toBe(true);
      expect(Buffer.from((await store.get(claim)) ?? []).toString()).toBe('{}');
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not be removed: EBUSY\)$/), {
        code: 'ARCHIVE_TEMP_LEFT',
      });
      expect((await store.list('ledger/')).map((entry) => entry.key)).toEqual([claim]);
    });
  });

  describe('with symbolic links in the archive folder', () => {
    const SECRET = 'outside-the-archive: root:x:0:0';
    let outside: string;

    beforeEach(async () => {
      outside = join(root, 'outside');
      await mkdir(join(outside, 'dir'), { recursive: true });
      await writeFile(join(outside, 'passwd'), SECRET);
      await writeFile(join(outside, 'dir', 'evil.html'), SECRET);
      await store.put('reports/x/index.html', archiveObjectFor('index.html', 'fine'));
    });

    it('refuses a key that is a link to a file outside, naming the key and not the contents', async () => {
      // Prepare
      await symlink(join(outside, 'passwd'), join(store.root, 'reports/x/evil.html'));

      // Act
      const error = await store.get('reports/x/evil.html').catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ArchiveError);
      expect(error).toMatchObject({ key: 'reports/x/evil.html' });
      expect((error as Error).message).toContain('reports/x/evil.html');
      expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(SECRET);
    });

    it('refuses a key below a linked folder that points outside', async () => {
      // Prepare
      await symlink(join(outside, 'dir'), join(store.root, 'reports/linked'));

      // Act
      const error = await store.get('reports/linked/evil.html').catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ArchiveError);
      expect(error).toMatchObject({ key: 'reports/linked/evil.html' });
    });

    it('refuses a link even when it points to another key inside the archive', async () => {
      // Prepare
      await symlink(join(store.root, 'reports/x/index.html'), join(store.root, 'reports/x/alias.html'));

      // Act
      const error = await store.get('reports/x/alias.html').catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ArchiveError);
    });

    it('still reads and writes when the archive root itself is a link', async () => {
      // Prepare
      await symlink(store.root, join(root, 'archive-link'));
      const viaLink = new FsArchiveStore({ root: join(root, 'archive-link') });

      // Act
      await viaLink.put('reports/x/other.html', archiveObjectFor('other.html', 'other'));
      const read = await viaLink.get('reports/x/index.html');

      // Assess
      expect(Buffer.from(read ?? []).toString()).toBe('fine');
      expect(await readFile(join(store.root, 'reports/x/other.html'), 'utf8')).toBe('other');
    });

    it('lists neither links nor what lies below a linked folder', async () => {
      // Prepare
      await symlink(join(outside, 'passwd'), join(store.root, 'reports/x/evil.html'));
      await symlink(join(outside, 'dir'), join(store.root, 'reports/linked'));
      await symlink(root, join(store.root, 'reports/loop'));

      // Act
      const entries = await store.list('reports/');

      // Assess
      expect(entries.map((e) => e.key)).toEqual(['reports/x/index.html']);
    });

    it('refuses to write through a linked folder that points outside', async () => {
      // Prepare
      await symlink(join(outside, 'dir'), join(store.root, 'reports/linked'));

      // Act
      const put = await store
        .put('reports/linked/new.html', archiveObjectFor('new.html', 'new'))
        .catch((e: unknown) => e);
      const putIfAbsent = await store
        .putIfAbsent('reports/linked/claim.json', archiveObjectFor('c.json', '{}'))
        .catch((e: unknown) => e);

      // Assess
      expect(put).toBeInstanceOf(ArchiveError);
      expect(putIfAbsent).toBeInstanceOf(ArchiveError);
      expect((await readdir(join(outside, 'dir'))).sort()).toEqual(['evil.html']);
    });
  });
});
