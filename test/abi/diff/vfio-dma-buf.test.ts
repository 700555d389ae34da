/**
 * The uAPI change of the TPH series (patch 1/2) written as TypeModels: the
 * rename dma_ranges → entries, the dropped __counted_by, offset/length moved
 * into anonymous unions (no break), a new struct and a new enum.
 */
import { describe, expect, it } from 'vitest';
import { after, before } from './support/tph-models.ts';
import { ALL_ABIS, diffOf, findingsOf, rules } from './support/run-diff.ts';
import { holesOf } from '../../../src/abi/rules/holes.ts';

describe('TPH series uAPI change', () => {
  it('matches offset/length through the anonymous unions and dma_ranges → entries by position', () => {
    const d = diffOf(before, after);
    const range = d.records.find((r) => r.symbol === 'struct vfio_region_dma_range')!;
    expect(range.pairs.map((p) => [p.before.path, p.after.path, p.how])).toEqual([['offset', 'offset', 'name'], ['length', 'length', 'name']]);
    expect(range.added.map((f) => f.path).sort()).toEqual(['reserved', 'tph']);
    expect(range.removed).toEqual([]);
    const buf = d.records.find((r) => r.symbol === 'struct vfio_device_feature_dma_buf')!;
    expect(buf.pairs.find((p) => p.how === 'position')).toMatchObject({ before: { path: 'dma_ranges' }, after: { path: 'entries' } });
  });

  it('reports the rename (source, error) and the dropped __counted_by, and no binary break', () => {
    const fs = findingsOf(before, after);
    const renamed = fs.filter((f) => f.rule === 'uapi.member-renamed');
    expect(renamed).toHaveLength(1);
    expect(renamed[0]).toMatchObject({ level: 'error', kind: 'source', symbol: 'struct vfio_device_feature_dma_buf.dma_ranges', line: 1530 });
    expect(renamed[0].message).toContain('`dma_ranges`');
    expect(renamed[0].message).toContain('`entries`');
    expect(renamed[0].suggestion).toContain('__DECLARE_FLEX_ARRAY(struct vfio_region_dma_range, dma_ranges)');
    expect(fs.find((f) => f.rule === 'uapi.counted-by-dropped')).toMatchObject({ level: 'warning', symbol: 'struct vfio_device_feature_dma_buf.entries', line: 1530 });
    const binary = fs.filter((f) => f.kind === 'binary' && f.level === 'error');
    expect(binary).toEqual([]);
    expect(rules(fs).filter((r) => r.endsWith('-added'))).toEqual(['uapi.member-added', 'uapi.member-added', 'uapi.type-added', 'uapi.type-added']);
  });

  it('vfio_region_dma_range has the same layout before and after on all 14 ABIs', () => {
    const d = diffOf(before, after);
    const range = d.records.find((r) => r.symbol === 'struct vfio_region_dma_range')!;
    for (const abi of ALL_ABIS) {
      expect(range.after!.layouts[abi]!.size).toBe(range.before!.layouts[abi]!.size);
      expect(range.after!.layouts[abi]!.size).toBe(16);
    }
    expect(Object.keys(range.after!.layouts)).toHaveLength(14);
  });

  it('entries[] follows four __u32 without a hole: no padding finding', () => {
    const d = diffOf(before, after);
    const buf = d.records.find((r) => r.symbol === 'struct vfio_device_feature_dma_buf')!;
    expect(holesOf(buf.after!.layouts.x86_64!)).toEqual([]);
    expect(holesOf(buf.after!.layouts.i386!)).toEqual([]);
    expect(findingsOf(before, after).filter((f) => f.rule === 'uapi.implicit-padding')).toEqual([]);
  });
});
