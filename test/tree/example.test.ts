import { beforeAll, describe, expect, it } from 'vitest';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import type { Series } from '../../src/patchwork/series.ts';
import { buildImages } from '../../src/tree/build-images.ts';
import type { Images } from '../../src/tree/images.ts';

const VFIO = 'include/uapi/linux/vfio.h';

describe('the bundled example without a tree', () => {
  let series: Series;
  let images: Images;

  beforeAll(async () => {
    series = await acquireSeries(undefined, { offline: true });
    images = await buildImages(series, { offline: true });
  });

  it('reports diff-context bases for every file of both patches', () => {
    expect(images.source).toBe('diff-context');
    expect(images.base.map((b) => [b.path, b.source, b.exact, b.blob])).toEqual(
      [
        'drivers/vfio/pci/vfio_pci_dmabuf.c',
        'include/linux/dma-buf.h',
        VFIO,
        'drivers/infiniband/hw/mlx5/mr.c',
        'drivers/net/ethernet/mellanox/mlx5/core/lib/st.c',
        'include/linux/mlx5/driver.h',
      ].map((p) => [p, 'diff-context', false, null]),
    );
    expect(Object.values(images.files).every((f) => f.length === 3)).toBe(true);
    expect(images.applied.flat().flatMap((f) => f.hunks.map((h) => h.status)).every((s) => s === 'exact')).toBe(true);
    expect(images.notes.join('\n')).toContain(`${VFIO} (23 lines in 2 ranges)`);
  });

  it('tells later stages exactly which lines of vfio.h are known, before and after each patch', () => {
    const [base, after1, after2] = images.files[VFIO]!;
    expect(base!.known).toEqual([{ start: 1490, end: 1505 }, { start: 1507, end: 1513 }]);
    expect(after1!.known).toEqual([{ start: 1490, end: 1525 }, { start: 1527, end: 1533 }]);
    expect(after2).toEqual(after1);
    expect(base!.lineCount).toBeNull();
    const lines = after1!.text!.split('\n');
    expect(lines[1489 - 1]).toBe('');
    expect(lines[1490 - 1]).toBe(' * open_flags are the typical flags passed to open(2), eg O_RDWR, O_CLOEXEC,');
    expect(lines[1526 - 1]).toBe(''); // the first member of vfio_device_feature_dma_buf is never shown
    expect(lines.slice(1526, 1531)).toEqual([
      '\t__u32\topen_flags;',
      '\t__u32   flags;',
      '\t__u32   nr_ranges;',
      '\tstruct vfio_region_dma_range entries[];',
      '};',
    ]);
  });

  it('shifts the known ranges of a file only patch 2 touches by nothing until patch 2', () => {
    const [base, after1, after2] = images.files['drivers/infiniband/hw/mlx5/mr.c']!;
    expect(after1).toEqual(base);
    expect(after2!.known).toEqual([{ start: 46, end: 53 }, { start: 1624, end: 1663 }, { start: 1700, end: 1707 }]);
  });

  it('is the same with no options at all (no tree, no GitHub), and reports progress', async () => {
    const progress: string[] = [];
    const plain = await buildImages(series, { onProgress: (m) => progress.push(m) });
    expect(plain).toEqual(images);
    expect(progress).toEqual(['applying 2 patch(es)', 'hunks: 18 exact']);
  });
});
