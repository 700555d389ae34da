/**
 * The bundled example (the TPH series, diff context only) through the real
 * stages: acquisition, patch application, the C front end, layouts, the diff
 * and the rules — then the report and its exit code.
 */
import { describe, expect, it } from 'vitest';
import { analyseSeries } from '../../../src/abi/analyse-series.ts';
import { ABI_NAMES } from '../../../src/abi/layout-types.ts';
import { createModelCache } from '../../../src/pipeline/model-cache.ts';
import { assembleReport } from '../../../src/pipeline/assemble-report.ts';
import { exitCodeFor } from '../../../src/report/summary.ts';
import { renderText } from '../../../src/report/render-text.ts';
import { renderJson } from '../../../src/report/render-json.ts';
import { reportProblems } from '../../../src/report/schema/report-schema.ts';
import { exampleInputs } from '../../report/core/support.ts';

describe('the TPH series (bundled example)', async () => {
  const { series, images } = await exampleInputs();
  const result = analyseSeries({ series, images, abis: [...ABI_NAMES], buildModel: createModelCache({}) });
  const by = (rule: string) => result.findings.filter((f) => f.rule === rule);

  it('patch 1/2 renames dma_ranges to entries: a source break (error)', () => {
    expect(by('uapi.member-renamed')).toEqual([expect.objectContaining({
      level: 'error', kind: 'source', patch: 1, file: 'include/uapi/linux/vfio.h', line: 1530,
      symbol: 'struct vfio_device_feature_dma_buf.dma_ranges', abis: [...ABI_NAMES],
    })]);
  });

  it('reports the dropped __counted_by(nr_ranges)', () => {
    expect(by('uapi.counted-by-dropped')).toEqual([expect.objectContaining({ patch: 1, line: 1530, symbol: 'struct vfio_device_feature_dma_buf.entries' })]);
    expect(by('uapi.counted-by-dropped')[0].message).toContain('__counted_by(nr_ranges)');
  });

  it('reports get_tph inserted in the middle of struct dma_buf_ops (kABI note)', () => {
    const ops = by('kabi.ops-changed');
    expect(ops).toEqual([expect.objectContaining({ level: 'note', kind: 'kabi', patch: 1, file: 'include/linux/dma-buf.h', line: 130, symbol: 'struct dma_buf_ops.get_tph' })]);
    expect(ops[0].message).toMatch(/after `unpin`/);
    expect(ops[0].message).toMatch(/\+8 bytes \(x86_64\), \+4 bytes \(i386\)/);
  });

  it('no binary break on struct vfio_region_dma_range: offset/length are still reachable at the same place on all 14 ABIs', () => {
    const onRange = result.findings.filter((f) => f.symbol.startsWith('struct vfio_region_dma_range'));
    expect(onRange.filter((f) => f.level !== 'note')).toEqual([]);
    const layouts = result.layouts['struct vfio_region_dma_range'];
    expect(Object.keys(layouts)).toEqual([...ABI_NAMES]);
    for (const abi of ABI_NAMES) {
      const { before, after } = layouts[abi];
      expect(after!.size).toBe(before!.size);
      expect(after!.size).toBe(16);
    }
  });

  it('reads the changed handler: reserved TPH fields never checked, one entry more than nr_ranges read', () => {
    expect(by('uapi.reserved-unchecked')).toEqual([expect.objectContaining({ symbol: 'struct vfio_region_dma_tph.reserved', line: 1510 })]);
    const count = by('uapi.array-count-mismatch');
    expect(count).toEqual([expect.objectContaining({ file: 'drivers/vfio/pci/vfio_pci_dmabuf.c', line: 265 })]);
    expect(count[0].message).toContain('lines 292, 293: `entries[tph_index]` with `tph_index = get_dma_buf.nr_ranges`');
    expect(by('uapi.flags-unvalidated')).toEqual([]);
  });

  it('patch 2/2 changes no uAPI and no kABI struct', () => {
    expect(result.findings.filter((f) => f.patch === 2)).toEqual([]);
  });

  it('assembles a schema-valid report with exit code 12', () => {
    const report = assembleReport('test', { series, images, findings: result.findings, layouts: result.layouts, scenarios: [], behaviourNotes: [], notes: result.notes });
    expect(report.summary.verdict).toBe('breaking');
    expect(exitCodeFor(report)).toBe(12);
    expect(reportProblems(JSON.parse(renderJson(report)))).toEqual([]);
    const text = renderText(report);
    expect(text).toContain('uapi.member-renamed  include/uapi/linux/vfio.h:1530');
    expect(text).toMatch(/struct vfio_device_feature_dma_buf on x86_64, x32, .*\(- before, \+ after\):/);
    expect(text).toMatch(/- +struct vfio_region_dma_range +dma_ranges\[\];/);
    expect(text).toMatch(/\+ +struct vfio_region_dma_range +entries\[\];/);
    expect(text).toMatch(/exit code 12\n$/);
  });
});
