import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import type { Series } from '../../src/patchwork/series.ts';
import { buildImages } from '../../src/tree/build-images.ts';
import { TestRepo } from './helpers/git-repo.ts';

const VFIO = 'include/uapi/linux/vfio.h';
const OZLABS = fileURLToPath(new URL('../../fixtures/patchwork/ozlabs/patch-2225265.api.txt', import.meta.url));

/**
 * A full vfio.h holding every pre-image line the clean patch shows at its line
 * number; the lines the diff does not show are filled with distinct filler,
 * the one unknown line inside struct vfio_device_feature_dma_buf with its
 * real member, and the file ends after the last hunk with the include guard.
 */
async function plausibleVfioBase(clean: Series): Promise<string> {
  const images = await buildImages(clean, { offline: true });
  const base = images.files[VFIO]![0]!;
  const lines = base.text!.split('\n').slice(0, -1);
  const known = (n: number) => base.known.some((r) => r.start <= n && n <= r.end);
  const full = lines.map((l, i) => (known(i + 1) ? l : `/* line ${i + 1} of vfio.h, not shown by the diff */`));
  const argsz = full.findIndex((l) => l === 'struct vfio_device_feature_dma_buf {') + 1;
  full[argsz] = '\t__u32\targsz;';
  return [...full, '', '#endif /* _UAPIVFIO_H */', ''].join('\n');
}

describe('whitespace-damaged mail (ozlabs copy of patch 1/2) against the clean mbox patch', () => {
  let clean: Series;
  let damaged: Series;
  let repo: TestRepo;

  beforeAll(async () => {
    clean = await acquireSeries(undefined, { offline: true });
    damaged = await acquireSeries(OZLABS, { offline: true });
    repo = new TestRepo();
    repo.commit({ [VFIO]: await plausibleVfioBase(clean) }, 'vfio.h as the series saw it');
  });
  afterAll(() => repo.remove());

  it('is damaged: the two diffs differ only in runs of whitespace', () => {
    const a = clean.patches[0]!.diff;
    const b = damaged.patches[0]!.diff;
    expect(a).not.toBe(b);
    const squash = (s: string) => s.replace(/\s+/g, '');
    expect(squash(b)).toBe(squash(a.slice(0, a.lastIndexOf('\n-- \n') >= 0 ? a.lastIndexOf('\n-- \n') : a.length)));
  });

  it('gives the same post-image of vfio.h from the same base', async () => {
    const fromClean = await buildImages({ ...clean, patches: clean.patches.slice(0, 1) }, { tree: repo.dir });
    const fromDamaged = await buildImages(damaged, { tree: repo.dir });
    const vfioHunks = (s: typeof fromClean) => s.applied[0]!.find((f) => f.path === VFIO)!.hunks.map((h) => h.status);
    expect(vfioHunks(fromClean)).toEqual(['exact', 'exact']);
    expect(vfioHunks(fromDamaged)).toEqual(['whitespace', 'whitespace']);
    expect(fromDamaged.base.find((b) => b.path === VFIO)).toMatchObject({ source: 'tree', how: 'HEAD', exact: false });

    const after = fromDamaged.files[VFIO]![1]!;
    expect(after.text).toBe(fromClean.files[VFIO]![1]!.text);
    expect(after.known).toEqual([{ start: 1, end: after.lineCount! }]);
    // The base's context lines survive (the damaged copy lost their leading space).
    expect(after.text).toContain('\n * open_flags are the typical flags passed to open(2)');
    expect(after.text).toContain('\n\t__u32   flags;\n\t__u32   nr_ranges;\n\tstruct vfio_region_dma_range entries[];\n');

    const notes = fromDamaged.notes.join('\n');
    expect(notes).toContain('base files: 1 from the tree, 2 from diff context');
    expect(notes).toMatch(/patch 1 is whitespace-damaged: 2 of 11 hunks \(include\/uapi\/linux\/vfio\.h\) matched only when ignoring whitespace/);
    expect(fromClean.notes.join('\n')).not.toMatch(/whitespace-damaged/);
  });
});
