import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImages } from '../../src/tree/build-images.ts';
import type { FileImage } from '../../src/tree/images.ts';
import { TestRepo, numberedLines, seriesOf, text } from './helpers/git-repo.ts';

/** Each known line of `image` equals the line at the same number in `real`. */
function expectKnownLinesReal(image: FileImage, real: string) {
  const realLines = real.split('\n');
  const lines = image.text!.split('\n');
  for (const r of image.known) {
    for (let n = r.start; n <= r.end; n++) expect(`${n}: ${lines[n - 1]}`).toBe(`${n}: ${realLines[n - 1]}`);
  }
}

/** A small deterministic PRNG (mulberry32) so the random series are reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('diff-context reconstruction (no tree)', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = new TestRepo();
  });
  afterAll(() => repo.remove());

  it('maps what a later patch shows back to base line numbers, through the earlier patch', async () => {
    const base = numberedLines(100);
    const c0 = repo.commit({ 'x.h': text(base) });
    const v1 = [...base.slice(0, 10), 'added 1', 'added 2', 'added 3', 'added 4', 'added 5', ...base.slice(10)];
    const c1 = repo.commit({ 'x.h': text(v1) });
    const v2 = v1.map((l) => (l === 'line 60' ? 'line 60 changed' : l));
    const c2 = repo.commit({ 'x.h': text(v2) });
    const images = await buildImages(seriesOf([repo.diff(c0, c1), repo.diff(c1, c2)]), { offline: true });

    expect(images.source).toBe('diff-context');
    expect(images.base).toEqual([{ path: 'x.h', blob: null, exact: false, source: 'diff-context', how: 'diff context' }]);
    const [b, a1, a2] = images.files['x.h']!;
    // Patch 1 shows base 8..13, patch 2 shows its lines 62..68 = base 57..63.
    expect(b!.known).toEqual([{ start: 8, end: 13 }, { start: 57, end: 63 }]);
    expect(a1!.known).toEqual([{ start: 8, end: 18 }, { start: 62, end: 68 }]);
    expect(a2!.known).toEqual(a1!.known);
    expect(b!.lineCount).toBeNull();
    expect(b!.text!.split('\n')[56]).toBe('line 57');
    expect(b!.text!.split('\n')[0]).toBe('');
    expectKnownLinesReal(b!, text(base));
    expectKnownLinesReal(a1!, text(v1));
    expectKnownLinesReal(a2!, text(v2));
    expect(images.applied.flat().flatMap((f) => f.hunks.map((h) => h.status))).toEqual(['exact', 'exact']);
    expect(images.notes.join('\n')).toMatch(/reconstructed from the diff context.*x\.h \(13 lines in 2 ranges\)/);
  });

  it('knows the whole file and its end for a deleted file, and nothing is invented for an untouched gap', async () => {
    const c0 = repo.commit({ 'del.c': text(numberedLines(7, 'd')), 'keep.c': text(numberedLines(50, 'k')) });
    const c1 = repo.commit({ 'del.c': null, 'keep.c': text(numberedLines(50, 'k').map((l) => (l === 'k 25' ? 'k 25!' : l))) });
    const images = await buildImages(seriesOf([repo.diff(c0, c1)]), { offline: true });
    expect(images.files['del.c']![0]).toEqual({ text: text(numberedLines(7, 'd')), known: [{ start: 1, end: 7 }], lineCount: 7 });
    expect(images.files['del.c']![1]!.text).toBeNull();
    expect(images.files['keep.c']![0]!.known).toEqual([{ start: 22, end: 28 }]);
  });

  it('learns the end of a file from "\\ No newline at end of file"', async () => {
    const c0 = repo.commit({ 'eol.c': 'a\nb\nc\nd\ne\nf\ng\nh' });
    const c1 = repo.commit({ 'eol.c': 'a\nb\nc\nd\ne\nf\ng\nh\n' });
    const diff = repo.diff(c0, c1);
    expect(diff).toContain('\\ No newline at end of file');
    const images = await buildImages(seriesOf([diff]), { offline: true });
    const [b, a] = images.files['eol.c']!;
    expect(b).toEqual({ text: '\n\n\n\ne\nf\ng\nh', known: [{ start: 5, end: 8 }], lineCount: 8 });
    expect(a).toEqual({ text: '\n\n\n\ne\nf\ng\nh\n', known: [{ start: 5, end: 8 }], lineCount: 8 });
  });

  it('random series: with the tree every image is exact, without it every known line is real', async () => {
    const random = rng(20260425);
    for (let round = 0; round < 6; round++) {
      const r = new TestRepo();
      try {
        let lines = numberedLines(60 + Math.floor(random() * 80), `r${round}`);
        const commits = [r.commit({ 'f.c': text(lines) })];
        const versions = [text(lines)];
        for (let p = 0; p < 4; p++) {
          for (let e = 0; e < 1 + Math.floor(random() * 3); e++) {
            const at = Math.floor(random() * lines.length);
            const del = Math.floor(random() * 3);
            const add = Array.from({ length: Math.floor(random() * 4) }, (_, k) => `p${p}e${e}+${k}`);
            lines = [...lines.slice(0, at), ...add, ...lines.slice(at + del)];
          }
          commits.push(r.commit({ 'f.c': text(lines) }));
          versions.push(text(lines));
        }
        const diffs = commits.slice(1).map((c, i) => r.diff(commits[i]!, c));
        r.checkout(commits[0]!);
        const withTree = await buildImages(seriesOf(diffs), { tree: r.dir });
        expect(withTree.files['f.c']!.map((f) => f.text)).toEqual(versions);

        const offline = await buildImages(seriesOf(diffs), { offline: true });
        offline.files['f.c']!.forEach((image, i) => expectKnownLinesReal(image, versions[i]!));
        expect(offline.applied.flat().flatMap((f) => f.hunks).every((h) => h.status === 'exact')).toBe(true);
        // Every line a patch adds is known in its post-image.
        const last = offline.files['f.c']![4]!;
        const knownCount = last.known.reduce((n, k) => n + k.end - k.start + 1, 0);
        const added = last.text!.split('\n').filter((l) => /^p\d+e\d+\+\d+$/.test(l));
        expect(knownCount).toBeGreaterThanOrEqual(added.length);
      } finally {
        r.remove();
      }
    }
  });
});
