/**
 * Diff-context mode on the recorded series (fixtures/mail/series-tph-v1.mbox):
 * only the lines the hunks of patch 1/2 show are known, no includes resolve.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { repairDiffContext } from '../../../src/c/diff-context-text.ts';
import { restoreRecordSections } from '../../../src/abi/diff/hunk-sections.ts';
import { FALLBACK_FILE } from '../../../src/c/kernel-fallback-types.ts';
import type { CType, RecordDecl, TypeModel } from '../../../src/c/type-model.ts';
import { diffImage, seriesPatches } from './series-diff.ts';

const VFIO = 'include/uapi/linux/vfio.h';
const DMA_BUF = 'include/linux/dma-buf.h';
let patch1 = '';

beforeAll(async () => {
  const patches = await seriesPatches('fixtures/mail/series-tph-v1.mbox');
  patch1 = patches.find((p) => p.includes(`diff --git a/${VFIO} `))!;
});

function model(side: 'pre' | 'post'): TypeModel {
  const img = diffImage(patch1, VFIO, side);
  return buildTypeModel({ path: VFIO, text: img.text, known: img.known }, { abi: 'x86_64', kernel: false, includeDirs: [] });
}

function rec(m: TypeModel, tag: string): RecordDecl {
  const r = m.records.find((x) => x.tag === tag && x.complete);
  if (!r) throw new Error(`no ${tag}`);
  return r;
}

function byId(m: TypeModel, t: CType): RecordDecl {
  if (t.kind !== 'record') throw new Error('not a record');
  return m.records.find((r) => r.id === t.id)!;
}

describe('diff-context vfio.h of patch 1/2', () => {
  it('parses the post-image: anonymous unions, the new struct and enum, fallback __u* types', () => {
    const m = model('post');
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const range = rec(m, 'vfio_region_dma_range');
    expect(range.partial).toBeUndefined();
    expect(range.members.map((x) => x.name)).toEqual([null, null]);
    expect(byId(m, range.members[0]!.type).members.map((x) => x.name)).toEqual(['offset', 'tph']);
    expect(byId(m, range.members[1]!.type).members.map((x) => x.name)).toEqual(['length', 'reserved']);
    expect(rec(m, 'vfio_region_dma_tph').members.map((x) => [x.name, x.type.kind === 'typedef' ? x.type.name : x.type.kind])).toEqual([
      ['steering_tag', '__u16'],
      ['ph', '__u8'],
      ['reserved', '__u8'],
      ['reserved2', '__u32'],
    ]);
    expect(m.enums.find((e) => e.tag === 'vfio_device_feature_dma_buf_flags')!.enumerators).toMatchObject([
      { name: 'VFIO_DMABUF_FLAG_TPH', value: 1n },
    ]);
    expect(m.macros.find((x) => x.name === 'VFIO_DEVICE_FEATURE_DMA_BUF')!.value).toBe(11n);
    const fallback = m.typedefs.filter((t) => t.loc.file === FALLBACK_FILE).map((t) => t.name);
    expect(fallback).toEqual(expect.arrayContaining(['__u8', '__u16', '__u32', '__u64']));
    expect(m.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('built-in definitions'))).toBe(true);
  });

  it('marks the struct whose first member line is not shown as partial, with a placeholder in place', () => {
    const post = model('post');
    const buf = rec(post, 'vfio_device_feature_dma_buf');
    expect(buf.partial).toBe(true);
    expect(buf.loc.line).toBe(1525);
    expect(buf.members.map((x) => x.name ?? (x.unknownLines ? `<${x.unknownLines.start}-${x.unknownLines.end}>` : '?'))).toEqual([
      '<1526-1526>',
      'open_flags',
      'flags',
      'nr_ranges',
      'entries',
    ]);
    const entries = buf.members[4]!;
    expect(entries.type).toMatchObject({ kind: 'array', length: null, of: { kind: 'record', id: 'vfio_region_dma_range' } });
    expect(entries.attrs.countedBy).toBeUndefined();
    // the pre-image still has the annotation
    const pre = model('pre');
    const old = rec(pre, 'vfio_device_feature_dma_buf');
    expect(old.members.find((x) => x.name === 'dma_ranges')!.attrs.countedBy).toBe('nr_ranges');
    expect(old.partial).toBe(true);
    expect(rec(pre, 'vfio_region_dma_range').members.map((x) => x.name)).toEqual(['offset', 'length']);
  });
});

describe('diff-context dma-buf.h of patch 1/2', () => {
  it('survives a hunk that starts and ends inside comments and inside a struct', () => {
    const img = diffImage(patch1, DMA_BUF, 'post');
    const m = buildTypeModel({ path: DMA_BUF, text: img.text, known: img.known }, { abi: 'x86_64', kernel: true, includeDirs: [] });
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('parses the new function-pointer member inside its struct, the hunk heading put back around it', () => {
    const img = diffImage(patch1, DMA_BUF, 'post');
    // as the pipeline does with the hunk's `@@ -113,6 +113,23 @@ struct dma_buf_ops {` (hunk-sections.ts)
    const restored = restoreRecordSections(img.text, img.known, [{ line: img.known[0]!.start, heading: 'struct dma_buf_ops {' }]);
    const m = buildTypeModel({ path: DMA_BUF, text: restored.text, known: restored.known }, { abi: 'x86_64', kernel: true, includeDirs: [] });
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ops = rec(m, 'dma_buf_ops');
    expect(ops.members.filter((x) => !x.unknownLines).map((x) => x.name)).toEqual(['unpin', 'get_tph']);
    const getTph = ops.members.find((x) => x.name === 'get_tph')!.type;
    expect(getTph.kind).toBe('pointer');
    const fn = getTph.kind === 'pointer' ? getTph.to : getTph;
    expect(fn).toMatchObject({ kind: 'function', returns: { kind: 'builtin', name: 'int' }, variadic: false });
    expect(fn.kind === 'function' && fn.params.map((p) => (p.kind === 'pointer' ? `${p.to.kind === 'typedef' ? p.to.name : p.to.kind}*` : p.kind === 'typedef' ? p.name : p.kind))).toEqual([
      'record*',
      'u16*',
      'u8*',
      'u8',
    ]);
  });
});

describe('diff-context kernel C of patch 1/2', () => {
  it('extracts the new function whole; constructs the hunks cut are warnings, not errors', () => {
    const path = 'drivers/vfio/pci/vfio_pci_dmabuf.c';
    const img = diffImage(patch1, path, 'post');
    const m = buildTypeModel({ path, text: img.text, known: img.known }, { abi: 'x86_64', kernel: true, includeDirs: [] });
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(m.diagnostics.some((d) => d.message.endsWith('(the diff shows only part of this file)'))).toBe(true);
    const fn = m.functions.find((f) => f.name === 'vfio_pci_dma_buf_get_tph')!;
    expect(fn.isStatic).toBe(true);
    expect(fn.text.startsWith('static int vfio_pci_dma_buf_get_tph(')).toBe(true);
    expect(fn.text.trimEnd().endsWith('}')).toBe(true);
    expect(fn.params.map((p) => p.name)).toEqual(['dmabuf', 'steering_tag', 'ph', 'st_width']);
  });

  it('a fully known image is not diff-context: its syntax errors stay errors', () => {
    const text = 'struct ok { int a; };\nstruct bad { int x int y; };\n';
    const m = buildTypeModel({ path: 'x.h', text, known: [{ start: 1, end: 3 }] }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.loc.line)).toEqual([2]);
  });
});

describe('macro values in diff-context', () => {
  it('sizeof of a partial record gives no value (only a lower bound is known); of a complete one it does', () => {
    const text = [
      'struct whole { __u32 a; __u64 b; };',
      'struct cut {',
      '\t__u32 a;',
      '', // unknown line
      '\t__u64 b;',
      '};',
      "#define IOC_WHOLE _IOW('k', 1, struct whole)",
      "#define IOC_CUT _IOW('k', 2, struct cut)",
    ].join('\n');
    const known = [
      { start: 1, end: 3 },
      { start: 5, end: 8 },
    ];
    const m = buildTypeModel({ path: 'u.h', text, known }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(m.records.find((r) => r.tag === 'cut')!.partial).toBe(true);
    expect(m.macros.find((x) => x.name === 'IOC_WHOLE')!.value).toBe(0x40106b01n);
    expect(m.macros.find((x) => x.name === 'IOC_CUT')!.value).toBeUndefined();
  });
});

describe('braces a hunk leaves open', () => {
  const build = (lines: string[], known: { start: number; end: number }[]) =>
    buildTypeModel({ path: 'include/linux/demo.h', text: lines.join('\n'), known }, { abi: 'x86_64', kernel: true, includeDirs: [] });

  it('are closed before the next hunk when it starts a file-scope declaration: its struct is whole, the cut one partial', () => {
    // lines 1-3 shown, 4-6 unknown (the rest of demo_dev), 7-12 shown
    const lines = ['struct demo_dev {', '\tint id;', '\tstruct { int a;', '', '', '', 'struct demo_ctl {', '\tu32 mode;', '\tu64 count;', '\tvoid *data;', '};', ''];
    const m = build(lines, [{ start: 1, end: 3 }, { start: 7, end: 12 }]);
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ctl = m.records.find((r) => r.tag === 'demo_ctl')!;
    expect(ctl.complete).toBe(true);
    expect(ctl.partial).toBeUndefined();
    expect(ctl.members.map((x) => x.name)).toEqual(['mode', 'count', 'data']);
    expect(m.records.find((r) => r.tag === 'demo_dev')!.partial).toBe(true);
  });

  it('stay open when the next hunk goes on inside them (indented members), or starts with a label or a directive', () => {
    for (const next of ['\tint more;', 'out:', '#ifdef CONFIG_DEMO']) {
      const lines = ['struct demo_dev {', '\tint id;', '', '', next, '\tint tail;', '};', ''];
      const text = repairDiffContext(lines.join('\n'), [{ start: 1, end: 2 }, { start: 5, end: 8 }]);
      expect(text.split('\n')[3]).toBe('');
    }
  });

  it('are closed before a hunk of enumerators where a struct is open: the enum the diff does not open is left out', () => {
    // as ib_user_ioctl_verbs.h: a hunk ends on `struct ib_uverbs_qp_cap {`, the next starts inside enum rdma_driver_id
    const lines = ['', 'struct demo_cap {', '', '', '\tDEMO_DRIVER_EFA,', '\tDEMO_DRIVER_SIW,', '};', ''];
    const text = repairDiffContext(lines.join('\n'), [{ start: 2, end: 2 }, { start: 5, end: 8 }]).split('\n');
    expect(text[3]).toBe('};');
    expect(text.slice(4, 7)).toEqual(['', '', '']);
    // an array initializer's entries are no members either way: left as they are
    const table = ['', 'static const int demo_table[] = {', '', '', '\tDEMO_A,', '\tDEMO_B,', '};', ''];
    expect(repairDiffContext(table.join('\n'), [{ start: 2, end: 2 }, { start: 5, end: 8 }]).split('\n')[3]).toBe('');
  });

  it('count no braces of comments, literals or #define bodies', () => {
    const lines = ['#define DEMO_INIT { \\', '\t.a = 1, \\', '}', '/* { */', 'static const char *s = "{";', '', 'struct demo_next {', '\tint x;', '};'];
    expect(repairDiffContext(lines.join('\n'), [{ start: 1, end: 5 }, { start: 7, end: 9 }]).split('\n')[5]).toBe('');
    const open = ['static int demo_fn(void)', '{', '\tif (x) {', '', 'struct demo_next {', '\tint x;', '};'];
    expect(repairDiffContext(open.join('\n'), [{ start: 1, end: 3 }, { start: 5, end: 7 }]).split('\n')[3]).toBe('} }');
  });
});

describe('braces the last hunk leaves open', () => {
  const build = (lines: string[], known: { start: number; end: number }[]) =>
    buildTypeModel({ path: 'include/uapi/linux/demo.h', text: lines.join('\n'), known }, { abi: 'x86_64', kernel: false, includeDirs: [] });

  it('are closed on a line appended past one unknown line: the struct is partial, not lost to a syntax error', () => {
    // line 1 unknown, 2-5 shown (the file's last hunk)
    const lines = ['', 'struct demo_info {', '\t__u32 argsz;', '\t__u32 flags;', '#define DEMO_FLAG_READ (1 << 0)'];
    const text = repairDiffContext(lines.join('\n'), [{ start: 2, end: 5 }]).split('\n');
    expect(text).toEqual([...lines, '', '};']);
    const m = build(lines, [{ start: 2, end: 5 }]);
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const info = m.records.find((r) => r.tag === 'demo_info')!;
    expect(info.partial).toBe(true);
    expect(info.members.map((x) => x.name)).toContain('flags');
  });

  it('count no brace of an `#ifdef __cplusplus` branch (`extern "C" {` … `}`)', () => {
    const lines = ['#ifdef __cplusplus', 'extern "C" {', '#endif', 'struct demo_info {', '\t__u32 argsz;', '', '', '#ifdef __cplusplus', '}', '#else', 'int demo_c;', '#endif'];
    const known = [{ start: 1, end: 5 }, { start: 8, end: 12 }];
    // demo_info is open where the second hunk starts with a directive: it is closed after the last one
    expect(repairDiffContext(lines.join('\n'), known).split('\n').slice(12)).toEqual(['', '};']);
    expect(build(lines, known).records.find((r) => r.tag === 'demo_info')?.partial).toBe(true);
  });
});

describe('a hunk inside a body whose opening the diff does not show', () => {
  it('is blanked up to the closing brace of that body, its directives kept', () => {
    const lines = ['', '', '\tDEMO_A,', '#ifdef DEMO_X', '\tDEMO_B,', '#endif', '};', '', 'struct demo_next {', '\tint x;', '};'];
    const text = repairDiffContext(lines.join('\n'), [{ start: 3, end: 11 }]).split('\n');
    expect(text.slice(2, 11)).toEqual(['', '#ifdef DEMO_X', '', '#endif', '', '', 'struct demo_next {', '\tint x;', '};']);
  });

  it('is not taken for the continued body of a #define, or for comment text', () => {
    for (const first of ['\t\t\t\t DEMO_FLAG_B)', '\t\t\t\t   working directory. */']) {
      const lines = ['', '', first, '#define DEMO_C 3', ''];
      const text = repairDiffContext(lines.join('\n'), [{ start: 3, end: 5 }]).split('\n');
      expect(text[3]).toBe('#define DEMO_C 3');
    }
  });
});

describe('a hunk wholly inside a comment', () => {
  it('is blanked, so its text is not read as members of a struct the diff left open', () => {
    const lines = ['struct demo_cfg {', '\t__u32 attr;', '', '', ' * associated GPIO chip', ' * @consumer: a label', ' * of valid fields, set to 1 to', ' * request a single line', '', ''];
    const text = repairDiffContext(lines.join('\n'), [{ start: 1, end: 2 }, { start: 5, end: 8 }]).split('\n');
    expect(text.slice(4, 8)).toEqual(['', '', '', '']);
  });

  it('keeps lines that may be code (`*p = x;`)', () => {
    const lines = ['int f(int *p)', '{', '', '', '\t*p = 1;', ' * not a comment after all', ''];
    const text = repairDiffContext(lines.join('\n'), [{ start: 1, end: 2 }, { start: 5, end: 6 }]).split('\n');
    expect(text[4]).toBe('\t*p = 1;');
  });
});


describe('an enum the diff shows only in part', () => {
  const build = (lines: string[], known: { start: number; end: number }[]) =>
    buildTypeModel({ path: 'include/uapi/linux/demo.h', text: lines.join('\n'), known }, { abi: 'x86_64', kernel: false, includeDirs: [] });

  it('marks the enumerators after unknown lines relative, and leaves out those whose value cannot be known', () => {
    // 1-3 shown; 4 unknown; 5-8 shown (an alias of an enumerator on unknown lines, an initializer cut by the hunk's end); 9 unknown
    const lines = ['enum demo_flags {', '\tDEMO_A = 1 << 0,', '\tDEMO_B,', '', '\tDEMO_H = 1 << 7,', '\tDEMO_I,', '\tDEMO_R = DEMO_FIRST,', '\tDEMO_RANGE =', '', '};', ''];
    const m = build(lines, [{ start: 1, end: 3 }, { start: 5, end: 8 }, { start: 10, end: 11 }]);
    const e = m.enums.find((x) => x.tag === 'demo_flags')!;
    expect(e.enumerators.map((x) => `${x.name}=${x.value}${x.relative ? ' relative' : ''}`)).toEqual(['DEMO_A=1', 'DEMO_B=2', 'DEMO_H=128 relative', 'DEMO_I=129 relative']);
  });

  it('an enum shown whole is not marked', () => {
    const lines = ['enum demo_whole {', '\tDEMO_X,', '\tDEMO_Y,', '};', '', '', 'int x;'];
    const m = build(lines, [{ start: 1, end: 4 }, { start: 7, end: 7 }]);
    expect(m.enums[0]!.enumerators.every((x) => x.relative === undefined)).toBe(true);
  });
});
