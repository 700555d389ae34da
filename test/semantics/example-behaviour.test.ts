/**
 * The bundled example series through the behaviour stage: with full text
 * (a small kernel-tree fixture under the series) every scenario runs on the
 * pre- and post-image; with only the diff context the stage says exactly
 * which lines it is missing and runs nothing it cannot see.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import type { Series } from '../../src/patchwork/series.ts';
import type { ScenarioReport } from '../../src/report/report.ts';
import { analyseBehaviour, type BehaviourResult } from '../../src/semantics/analyse-behaviour.ts';
import type { BuildModel } from '../../src/semantics/emulated-kernel.ts';
import { extractChangedFunctions } from '../../src/semantics/extract-functions.ts';
import { buildImages } from '../../src/tree/build-images.ts';
import type { Images } from '../../src/tree/images.ts';
import { imagesFromKernelTree } from './support/kernel-tree-images.ts';

const buildModel: BuildModel = (file, abi, kernel) => buildTypeModel(file, { abi, kernel, includeDirs: [] });

let series: Series;
let full: Images;
let result: BehaviourResult;

function scenario(name: string): ScenarioReport {
  const s = result.scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s;
}

beforeAll(async () => {
  series = await acquireSeries('fixtures/mail/series-tph-v1.mbox', { offline: true });
  full = imagesFromKernelTree(series);
  result = analyseBehaviour({ series, images: full, abi: 'x86_64', buildModel });
});

describe('extraction', () => {
  test('the functions each patch changes, and the static functions they call', () => {
    const changed = extractChangedFunctions(series, full).map((c) => `${c.patch} ${c.change} ${c.name}${c.staticCallees.length ? ` → ${c.staticCallees.join(',')}` : ''}`);
    expect(changed).toEqual([
      '1 added vfio_pci_dma_buf_get_tph',
      '1 modified vfio_pci_core_feature_dma_buf → validate_dmabuf_input',
      '2 added get_tph_mr_dmabuf',
      '2 modified reg_user_mr_dmabuf → get_tph_mr_dmabuf',
      '2 modified mlx5_st_create',
      '2 modified mlx5_st_alloc_index',
      '2 added mlx5_st_alloc_index_by_tag',
    ]);
  });
});

describe('full text (kernel-tree fixture)', () => {
  test('old userspace (flags 0) behaves the same before and after', () => {
    const s = scenario('legacy export: flags 0, one range');
    expect(s.verdict).toBe('unchanged');
    expect(s.before.result).toBe('fd 3');
    const imp = scenario('legacy export + RDMA import');
    expect(imp.verdict).toBe('unchanged');
    expect(imp.after.importer).toEqual({ st_index: 0, ph: 0xff, tag: 0 });
    expect(result.findings.filter((f) => f.rule === 'behaviour.legacy-changed')).toEqual([]);
  });

  test('the TPH flag is rejected before and accepted after; the importer sees the tag and hint userspace set', () => {
    const s = scenario('TPH export + import (extended TPH importer)');
    expect(s.verdict).toBe('new-accepted');
    expect(String(s.before.result)).toMatch(/^-EINVAL/);
    expect(s.after.result).toBe('fd 3, ok');
    expect(s.after.importer).toEqual({ st_index: 0x1234, ph: 2, tag: 0x1234 });
    expect(result.findings.some((f) => f.rule === 'behaviour.new-accepted' && f.patch >= 1)).toBe(true);
  });

  test('a tag wider than the importer supports is rejected by the exporter and never reaches the device', () => {
    const s = scenario('TPH 16-bit tag into an 8-bit importer');
    expect(s.after.opCalls).toContain('vfio_pci_dma_buf_get_tph() = -EINVAL');
    expect(s.after.importer).toEqual({ st_index: 0, ph: 0xff, tag: 0 });
    expect(scenario('steering tag 0xff into a 8-bit importer').after.importer).toEqual({ st_index: 0xff, ph: 0, tag: 0xff });
    expect(scenario('steering tag 0xffff into a 16-bit importer').after.importer).toEqual({ st_index: 0xffff, ph: 0, tag: 0xffff });
  });

  test('a dma-buf exported without TPH answers -EOPNOTSUPP (the op the patch adds is in the ops table)', () => {
    const s = scenario('import of a dma-buf exported without TPH');
    expect(s.verdict).toBe('unchanged');
    expect(s.after.opCalls).toContain('vfio_pci_dma_buf_get_tph() = -EOPNOTSUPP');
    expect(JSON.stringify(s.before.opCalls)).not.toContain('get_tph');
  });

  test('each allocation failing in turn: the export paths free what they allocated', () => {
    const failing = result.scenarios.filter((s) => s.name.startsWith('legacy export') && s.name.includes('allocation fails'));
    expect(failing.length).toBeGreaterThanOrEqual(7);
    for (const s of failing) {
      expect(s.before.leaks, s.name).toBeUndefined();
      expect(s.after.leaks, s.name).toBeUndefined();
      expect(s.verdict, s.name).toBe('unchanged');
    }
  });

  test('the steering-tag index allocated for a dma-buf MR in table mode is never released: a leak', () => {
    const leak = result.findings.find((f) => f.rule === 'behaviour.leak');
    expect(leak).toMatchObject({ level: 'error', patch: 2, symbol: 'mlx5_st_alloc_index_by_tag', file: 'drivers/net/ethernet/mellanox/mlx5/core/lib/st.c' });
    expect(scenario('TPH import through a steering-tag table').after.importer).toEqual({ st_index: 1, ph: 1, tag: 0x77 });
  });

  test('nr_ranges 0xffffffff with the TPH flag: the u32 count wraps to 0 and the kernel dereferences ZERO_SIZE_PTR', () => {
    const s = scenario('nr_ranges huge, TPH');
    expect(s.before.result).toBe('-EINVAL');
    expect(s.after.fault).toMatchObject({ kind: 'null-deref', message: expect.stringMatching(/^NULL pointer dereference \(address 0x10\) in validate_dmabuf_input:\d+$/) });
    expect(result.findings.find((f) => f.rule === 'behaviour.oops')).toMatchObject({ patch: 1, symbol: 'vfio_pci_core_feature_dma_buf' });
    expect(scenario('nr_ranges huge').verdict).toBe('unchanged');
  });

  test('unchecked input: reserved TPH fields accepted, and the kernel reads one entry beyond a short buffer', () => {
    const unvalidated = result.findings.filter((f) => f.rule === 'behaviour.unvalidated-input').map((f) => f.message);
    expect(unvalidated.some((m) => m.includes('tph.reserved non-zero'))).toBe(true);
    expect(unvalidated.some((m) => m.includes('tph.reserved2 non-zero'))).toBe(true);
    expect(unvalidated.some((m) => /reads 16 bytes of the user argument beyond argsz/.test(m))).toBe(true);
    // A processing hint is 2 bits in PCIe; 0xff is accepted and even equals mlx5's "no hint" value.
    expect(unvalidated.some((m) => m.includes('processing hint 255 does not fit'))).toBe(true);
    expect(scenario('TPH processing hint 255').after.importer).toEqual({ st_index: 0x2a, ph: 0xff, tag: 0x2a });
    expect(result.findings.filter((f) => f.rule === 'behaviour.unvalidated-input').every((f) => f.symbol === 'vfio_pci_core_feature_dma_buf')).toBe(true);
    expect(scenario('TPH flag without the extra entry (short user buffer)').after.result).toBe('-EFAULT');
    // With memory mapped after the declared argument, the bytes there become the steering tag the device uses.
    const beyond = scenario('TPH flag, argsz without the extra entry, memory after it mapped');
    expect(beyond.after).toMatchObject({ readBeyondArgsz: 16, importer: { st_index: 0xbeef, ph: 3, tag: 0xbeef } });
    expect(result.notes).toContain('already before the series: the kernel reads 32 bytes of the user argument beyond argsz [argsz shorter than the ranges]');
  });

  test('patch 2 leaves ret uninitialised when mlx5_st_alloc_index_by_tag reuses a table entry', () => {
    const s = scenario('CPU steering tag, table mode, shared entry');
    expect(s.before.uninitialised).toBeUndefined();
    expect(s.after.uninitialised).toEqual(['read of uninitialised memory: local ret of mlx5_st_alloc_index_by_tag()']);
    expect(result.findings.find((f) => f.rule === 'behaviour.uninitialised-read')).toMatchObject({ level: 'error', patch: 2, symbol: 'mlx5_st_alloc_index_by_tag' });
  });

  test('every flag bit but TPH stays rejected', () => {
    for (let bit = 1; bit < 32; bit++) expect(scenario(`flags bit ${bit}`).verdict).toBe('unchanged');
    expect(scenario('flags bit 0').verdict).toBe('new-accepted');
  });

  test('findings name patch, file, line and symbol', () => {
    for (const f of result.findings) {
      expect(f.kind).toBe('semantic');
      expect(f.abis).toEqual(['x86_64']);
      expect(f.patch).toBeGreaterThanOrEqual(1);
      expect(f.file).not.toBe('');
      expect(f.line).toBeGreaterThan(0);
    }
  });
});

describe('other ABIs', () => {
  test.each(['i386', 's390x'] as const)('%s: user arguments and kernel objects laid out for that ABI give the same behaviour', (abi) => {
    const r = analyseBehaviour({ series, images: full, abi, buildModel });
    const tph = r.scenarios.find((s) => s.name === 'TPH export + import (extended TPH importer)')!;
    expect(tph.verdict).toBe('new-accepted');
    expect(tph.after.importer).toEqual({ st_index: 0x1234, ph: 2, tag: 0x1234 });
    expect(r.scenarios.find((s) => s.name === 'legacy export + RDMA import')!.verdict).toBe('unchanged');
    expect(r.findings.every((f) => f.abis[0] === abi)).toBe(true);
  });
});

describe('a series without kernel C changes', () => {
  test('says there is nothing to emulate', () => {
    const headersOnly = {
      ...series,
      patches: series.patches.map((p) => ({ ...p, diff: p.diff.split(/(?=^diff --git )/m).filter((sec) => /^diff --git a\/\S+\.h /.test(sec)).join('') })),
    };
    const r = analyseBehaviour({ series: headersOnly, images: imagesFromKernelTree(headersOnly), abi: 'x86_64', buildModel });
    expect(r).toEqual({ scenarios: [], findings: [], notes: ['the series changes no function in a .c file: nothing to emulate'] });
  });
});

describe('diff context only', () => {
  let ctx: BehaviourResult;
  beforeAll(async () => {
    const images = await buildImages(series, { offline: true });
    ctx = analyseBehaviour({ series, images, abi: 'x86_64', buildModel });
  });

  test('vfio_pci_core_feature_dma_buf is only partly shown: nothing runs, and the missing lines are named', () => {
    expect(ctx.scenarios.length).toBeGreaterThan(0);
    for (const s of ctx.scenarios) expect(s.verdict).toBe('error');
    const legacy = ctx.scenarios.find((s) => s.name === 'legacy export: flags 0, one range')!;
    expect(legacy.before.reason).toMatch(/^cannot run vfio_pci_core_feature_dma_buf\(\): drivers\/vfio\/pci\/vfio_pci_dmabuf\.c: pre-image: its start \(before line 211\) is unknown, lines 218–227, 235–236, 256–259, 275–310 are unknown/);
    expect(ctx.findings).toEqual([]);
    expect(ctx.notes.some((n) => n.includes('modified mlx5_st_alloc_index_by_tag') || n.includes('added mlx5_st_alloc_index_by_tag'))).toBe(true);
    expect(ctx.notes.some((n) => /mlx5_st_alloc_index_by_tag\(\).*post-image: lines 110–146 are unknown/.test(n))).toBe(true);
  });
});
