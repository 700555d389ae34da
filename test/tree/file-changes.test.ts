import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImages } from '../../src/tree/build-images.ts';
import { InputError } from '../../src/errors.ts';
import { TestRepo, numberedLines, seriesOf, text } from './helpers/git-repo.ts';

describe('new, deleted, renamed, mode-only and binary files; unsafe paths', () => {
  let repo: TestRepo;
  let c0: string;

  beforeAll(() => {
    repo = new TestRepo();
    c0 = repo.commit(
      {
        'drivers/old.c': text(numberedLines(30, 'old')),
        'drivers/gone.c': text(numberedLines(12, 'gone')),
        'tools/run.sh': '#!/bin/sh\necho hi\n',
        'fw/blob.bin': Buffer.from([0, 1, 2, 3, 0, 255]),
      },
      'base',
    );
  });
  afterAll(() => repo.remove());

  it('follows a series through rename, new file, delete, mode change and a binary change', async () => {
    repo.checkout(c0);
    repo.git('mv', 'drivers/old.c', 'drivers/new.c');
    const renamed = numberedLines(30, 'old').map((l, i) => (i === 14 ? 'old 15 renamed' : l));
    const c1 = repo.commit({ 'drivers/new.c': text(renamed), 'include/added.h': '#define ADDED 1\n' }, 'rename and add');
    chmodSync(join(repo.dir, 'tools/run.sh'), 0o755);
    repo.git('add', 'tools/run.sh');
    const c2 = repo.commit({ 'drivers/gone.c': null, 'fw/blob.bin': Buffer.from([0, 9, 9, 0]) }, 'delete, chmod, binary');
    const p1 = repo.diff(c0, c1);
    const p2 = repo.diff(c1, c2);
    expect(p1).toMatch(/^rename from drivers\/old\.c$/m);
    expect(p2).toMatch(/^Binary files a\/fw\/blob\.bin and b\/fw\/blob\.bin differ$/m);
    expect(p2).toMatch(/^new mode 100755$/m);

    repo.checkout(c0);
    const images = await buildImages(seriesOf([p1, p2], c0), { tree: repo.dir });
    const changes = images.applied.map((files) => files.map((f) => [f.path, f.oldPath, f.change]));
    expect(changes[0]).toEqual([
      ['drivers/new.c', 'drivers/old.c', 'rename'],
      ['include/added.h', null, 'add'],
    ]);
    expect(changes[1]).toEqual(
      expect.arrayContaining([
        ['drivers/gone.c', null, 'delete'],
        ['fw/blob.bin', null, 'binary'],
        ['tools/run.sh', null, 'mode'],
      ]),
    );
    // Every image equals the real file at that commit.
    const real = (rev: string, path: string) => {
      try {
        return repo.show(rev, path);
      } catch {
        return null;
      }
    };
    for (const path of ['drivers/old.c', 'drivers/new.c', 'include/added.h', 'drivers/gone.c']) {
      expect(images.files[path]!.map((f) => f.text)).toEqual([c0, c1, c2].map((rev) => real(rev, path)));
    }
    expect(images.base.map((b) => b.path).sort()).toEqual(['drivers/gone.c', 'drivers/old.c', 'tools/run.sh']);
    expect(images.files['fw/blob.bin']).toBeUndefined();
    expect(images.notes.join('\n')).toMatch(/patch 2: binary change to fw\/blob\.bin not applied/);
    expect(images.applied.flat().flatMap((f) => f.hunks).every((h) => h.status === 'exact')).toBe(true);
  });

  it('reports a git binary patch as binary and skips it', async () => {
    repo.checkout(c0);
    const c1 = repo.commit({ 'fw/blob.bin': Buffer.from([7, 0, 7]) }, 'binary');
    const diff = repo.diff(c0, c1, '--binary');
    expect(diff).toContain('GIT binary patch');
    repo.checkout(c0);
    const images = await buildImages(seriesOf([diff]), { tree: repo.dir });
    expect(images.applied[0]).toEqual([{ path: 'fw/blob.bin', oldPath: null, change: 'binary', hunks: [] }]);
    expect(images.base).toEqual([]);
  });

  it('does not create a new file twice: same content is already applied, other content fails', async () => {
    repo.checkout(c0);
    const c1 = repo.commit({ 'include/added.h': '#define ADDED 1\n' }, 'add');
    const diff = repo.diff(c0, c1);
    const twice = await buildImages(seriesOf([diff, diff]), { tree: repo.dir });
    expect(twice.applied[1]![0]!.hunks.map((h) => h.status)).toEqual(['already-applied']);
    const other = diff.replace('+#define ADDED 1', '+#define ADDED 2');
    const clash = await buildImages(seriesOf([diff, other]), { tree: repo.dir });
    expect(clash.applied[1]![0]!.hunks[0]).toMatchObject({ status: 'failed', reason: 'the file already exists' });
  });

  it('notices that a file the series creates already exists in the tree', async () => {
    repo.checkout(c0);
    const c1 = repo.commit({ 'include/added.h': '#define ADDED 1\n' }, 'add');
    const diff = repo.diff(c0, c1);
    // The tree is at c1: the series is already merged.
    const merged = await buildImages(seriesOf([diff]), { tree: repo.dir });
    expect(merged.applied[0]![0]!.hunks.map((h) => h.status)).toEqual(['already-applied']);
    expect(merged.base).toEqual([{ path: 'include/added.h', blob: repo.blob(c1, 'include/added.h'), exact: false, source: 'tree', how: 'HEAD' }]);
    expect(merged.notes.join('\n')).toContain('include/added.h, which patch 1 creates, already exists in');
    // Not merged: no base, no note.
    repo.checkout(c0);
    const fresh = await buildImages(seriesOf([diff]), { tree: repo.dir });
    expect(fresh.base).toEqual([]);
    expect(fresh.notes).toEqual([]);
    expect(fresh.files['include/added.h']!.map((f) => f.text)).toEqual([null, '#define ADDED 1\n']);
  });

  const traversal: [string, string][] = [
    ['a "../" path', 'diff --git a/../../etc/passwd b/../../etc/passwd\n--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1 +1 @@\n-root\n+toor\n'],
    ['an absolute path', '--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-root\n+toor\n'],
    ['a rename into ".."', 'diff --git a/x.c b/y.c\nsimilarity index 100%\nrename from x.c\nrename to ../y.c\n'],
    ['a path into .git', 'diff --git a/.git/config b/.git/config\n--- a/.git/config\n+++ b/.git/config\n@@ -1 +1 @@\n-a\n+b\n'],
  ];
  for (const [what, diff] of traversal) {
    it(`rejects ${what} with an InputError naming the patch`, async () => {
      const attempt = buildImages(seriesOf([diff]), { tree: repo.dir });
      await expect(attempt).rejects.toThrow(InputError);
      await expect(attempt).rejects.toThrow(/patch 1: refusing path/);
    });
  }
});
