import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImages } from '../../src/tree/build-images.ts';
import { InputError } from '../../src/errors.ts';
import { gitBlobHash } from '../../src/tree/git-blob-hash.ts';
import { TestRepo, numberedLines, seriesOf, text } from './helpers/git-repo.ts';

/** The same diff with its `index` line naming a blob the tree does not have. */
function withUnknownIndex(diff: string): string {
  return diff.replace(/^index [0-9a-f]+\.\./m, 'index 1234567deadbeef..');
}

const base = numberedLines(40);
const changed20 = base.map((l, i) => (i === 19 ? 'line 20 changed' : l));
const topShifted = [...numberedLines(5, 'new top'), ...base];

describe('base from a local git tree', () => {
  let repo: TestRepo;
  let c0: string;
  let c1: string;
  let patch: string;

  beforeAll(() => {
    repo = new TestRepo();
    c0 = repo.commit({ 'f.c': text(base) }, 'base');
    c1 = repo.commit({ 'f.c': text(changed20) }, 'the patch');
    patch = repo.diff(c0, c1);
  });
  afterAll(() => repo.remove());

  function headAt(lines: string[]): string {
    repo.checkout(c0);
    repo.git('checkout', '-q', '-B', 'work');
    return repo.commit({ 'f.c': text(lines) }, 'tree moved on');
  }

  it('uses the exact pre-image blob named by the index line even when HEAD moved on', async () => {
    headAt(topShifted);
    const images = await buildImages(seriesOf([patch]), { tree: repo.dir });
    expect(images.source).toBe('tree');
    expect(images.base).toEqual([{ path: 'f.c', blob: repo.blob(c0, 'f.c'), exact: true, source: 'tree', how: 'index blob' }]);
    expect(images.applied[0]![0]!.hunks.map((h) => h.status)).toEqual(['exact']);
    expect(images.files['f.c']![0]!.text).toBe(text(base));
    expect(images.files['f.c']![1]!.text).toBe(repo.show(c1, 'f.c'));
    expect(images.files['f.c']![1]!.known).toEqual([{ start: 1, end: 40 }]);
    expect(images.files['f.c']![1]!.lineCount).toBe(40);
  });

  it('falls back to the file at base-commit, not exact', async () => {
    headAt(topShifted);
    const images = await buildImages(seriesOf([withUnknownIndex(patch)], c0), { tree: repo.dir });
    expect(images.base[0]).toMatchObject({ how: 'base-commit', exact: false, blob: repo.blob(c0, 'f.c') });
    expect(images.applied[0]![0]!.hunks[0]).toMatchObject({ status: 'exact', offset: 0 });
    expect(images.notes.join('\n')).toMatch(/blob 1234567deadbeef .* not in/);
  });

  it('falls back to HEAD and applies with an offset', async () => {
    const head = headAt(topShifted);
    const images = await buildImages(seriesOf([withUnknownIndex(patch)]), { tree: repo.dir });
    expect(images.base[0]).toMatchObject({ how: 'HEAD', exact: false, blob: repo.blob(head, 'f.c') });
    expect(images.applied[0]![0]!.hunks[0]).toMatchObject({ status: 'offset', offset: 5, fuzz: 0, newStart: 22 });
    expect(images.files['f.c']![1]!.text).toBe(text(topShifted.map((l) => (l === 'line 20' ? 'line 20 changed' : l))));
  });

  it('notes a base-commit the tree does not have and uses HEAD', async () => {
    headAt(base);
    const images = await buildImages(seriesOf([withUnknownIndex(patch)], 'f'.repeat(40)), { tree: repo.dir });
    expect(images.base[0]!.how).toBe('HEAD');
    expect(images.notes.join('\n')).toContain(`base-commit ${'f'.repeat(40)} is not in`);
  });

  it('applies with fuzz 1 when the outermost context line differs', async () => {
    headAt(base.map((l, i) => (i === 16 ? 'line 17 edited' : l)));
    const images = await buildImages(seriesOf([withUnknownIndex(patch)]), { tree: repo.dir });
    expect(images.applied[0]![0]!.hunks[0]).toMatchObject({ status: 'fuzz', fuzz: 1, offset: 0 });
    const after = images.files['f.c']![1]!.text!.split('\n');
    expect(after[16]).toBe('line 17 edited');
    expect(after[19]).toBe('line 20 changed');
    expect(images.notes.join('\n')).toMatch(/applied with fuzz/);
  });

  it('applies with fuzz 2 when the two outermost context lines differ', async () => {
    headAt(base.map((l, i) => (i === 16 || i === 17 ? `${l} edited` : l)));
    const images = await buildImages(seriesOf([withUnknownIndex(patch)]), { tree: repo.dir });
    expect(images.applied[0]![0]!.hunks[0]).toMatchObject({ status: 'fuzz', fuzz: 2 });
    expect(images.files['f.c']![1]!.text!.split('\n').slice(16, 20)).toEqual(['line 17 edited', 'line 18 edited', 'line 19', 'line 20 changed']);
  });

  it('reports a failed hunk and still applies the next one', async () => {
    const two = repo.commit({ 'f.c': text(base.map((l, i) => (i === 4 || i === 29 ? `${l} patched` : l))) }, 'two hunks');
    const twoHunks = repo.diff(c0, two);
    headAt(base.map((l, i) => (i >= 1 && i <= 3 ? `${l} edited` : l)));
    const images = await buildImages(seriesOf([withUnknownIndex(twoHunks)]), { tree: repo.dir });
    const hunks = images.applied[0]![0]!.hunks;
    expect(hunks.map((h) => h.status)).toEqual(['failed', 'exact']);
    expect(hunks[0]!.reason).toMatch(/context was not found/);
    const after = images.files['f.c']![1]!.text!.split('\n');
    expect(after[4]).toBe('line 5');
    expect(after[29]).toBe('line 30 patched');
    expect(images.notes.join('\n')).toMatch(/hunk @@ -2,7 \+2,7 @@ line 1 of f\.c did not apply/);
  });

  it('detects an already applied patch (it reverse-applies)', async () => {
    headAt(changed20);
    const images = await buildImages(seriesOf([withUnknownIndex(patch)]), { tree: repo.dir });
    expect(images.applied[0]![0]!.hunks[0]!.status).toBe('already-applied');
    expect(images.files['f.c']![1]!.text).toBe(text(changed20));
    expect(images.notes.join('\n')).toMatch(/patch 1 is already applied/);
  });

  it('reports an ambiguous abbreviated index blob and uses HEAD instead', async () => {
    // Two blobs whose ids share their first 4 hex digits, written into the tree; the index line names that prefix.
    const seen = new Map<string, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null; i++) {
      const content = `blob number ${i}\n`;
      const prefix = gitBlobHash(content).slice(0, 4);
      const other = seen.get(prefix);
      if (other !== undefined) pair = [other, content];
      else seen.set(prefix, content);
    }
    const ids = pair.map((content) =>
      execFileSync('git', ['-C', repo.dir, 'hash-object', '-w', '--stdin'], { input: content, encoding: 'utf8' }).trim(),
    );
    const shared = ids[0]!.slice(0, 4);
    expect(ids[1]!.slice(0, 4)).toBe(shared);
    headAt(base);
    const diff = patch.replace(/^index [0-9a-f]+\.\./m, `index ${shared}..`);
    const images = await buildImages(seriesOf([diff]), { tree: repo.dir });
    expect(images.notes.join('\n')).toContain(`index blob ${shared} of f.c is ambiguous`);
    expect(images.base[0]).toMatchObject({ how: 'HEAD', exact: false });
  });

  it('hashes blobs the way git does', () => {
    for (const content of ['', 'a\n', text(base), 'no newline', Buffer.from([0, 255, 10]).toString('latin1')]) {
      const byGit = execFileSync('git', ['-C', repo.dir, 'hash-object', '--stdin'], { input: Buffer.from(content, 'utf8'), encoding: 'utf8' }).trim();
      expect(gitBlobHash(content)).toBe(byGit);
    }
  });

  it('rejects a --tree that does not exist or is not a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abi-check-not-git-'));
    try {
      await expect(buildImages(seriesOf([patch]), { tree: join(dir, 'nope') })).rejects.toThrow(/does not exist/);
      writeFileSync(join(dir, 'file'), 'x');
      await expect(buildImages(seriesOf([patch]), { tree: join(dir, 'file') })).rejects.toThrow(/is not a directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a plain directory (unpacked tarball) as the base, exact when the blob matches the index line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abi-check-not-git-'));
    try {
      writeFileSync(join(dir, 'f.c'), text(base));
      const images = await buildImages(seriesOf([patch]), { tree: dir });
      expect(images.source).toBe('tree');
      expect(images.base[0]).toMatchObject({ path: 'f.c', blob: repo.blob(c0, 'f.c'), exact: true, how: 'directory' });
      expect(images.files['f.c']![1]!.text).toBe(repo.show(c1, 'f.c'));
      expect(images.notes.join('\n')).toContain('is not a git repository');

      writeFileSync(join(dir, 'f.c'), text(topShifted));
      const drifted = await buildImages(seriesOf([patch]), { tree: dir });
      expect(drifted.base[0]).toMatchObject({ exact: false, how: 'directory' });
      expect(drifted.applied[0]![0]!.hunks[0]).toMatchObject({ status: 'offset', offset: 5 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

});
