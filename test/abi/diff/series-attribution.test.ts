/**
 * Attribution across a series, through the real front end: a break one patch
 * makes and a later patch repairs stays the earlier patch's; a later patch
 * changing what an earlier patch of the series introduced is not a break;
 * end-to-end findings no single patch shows are reported as series-wide (patch 0).
 */
import { describe, expect, it } from 'vitest';
import { analyseSeries } from '../../../src/abi/analyse-series.ts';
import { createModelCache } from '../../../src/pipeline/model-cache.ts';
import type { Series, Patch } from '../../../src/patchwork/series.ts';
import type { FileImage, Images } from '../../../src/tree/images.ts';

const PATH = 'include/uapi/linux/demo.h';

function image(text: string): FileImage {
  const lines = text.split('\n').length;
  return { text, known: [{ start: 1, end: lines }], lineCount: lines };
}

function seriesOf(versions: string[], path = PATH): { series: Series; images: Images } {
  const patches: Patch[] = versions.slice(1).map((_, i) => ({
    index: i + 1, id: null, webUrl: null, commitMessage: '', diff: '', baseCommit: null,
    msgid: `p${i + 1}@test`, subject: `[PATCH ${i + 1}/${versions.length - 1}] demo`, author: { name: 'T', email: 't@example.org' },
    date: null, inReplyTo: null, references: [], to: [], cc: [],
  }));
  const series: Series = {
    input: { kind: 'patch', target: 'test', server: null, apiVersion: null }, id: null, name: 'demo', version: 1, webUrl: null,
    project: null, receivedAll: true, total: patches.length, cover: null, patches, baseCommit: null, notes: [],
  };
  const images: Images = {
    source: 'tree',
    base: [{ path, blob: null, exact: true, source: 'tree', how: 'test' }],
    // each version includes what defines __u32, as a real uAPI header does (else the header is not self-contained)
    files: { [path]: versions.map((v) => image(`#include <linux/types.h>\n${v}`)) },
    applied: patches.map(() => [{ path, oldPath: null, change: 'modify' as const, hunks: [{ status: 'exact' as const, offset: 0, fuzz: 0, header: '@@ -1,5 +1,5 @@', newStart: 1 }] }]),
    notes: [],
  };
  return { series, images };
}

const struct = (body: string) => `struct demo_args {\n\t__u32 argsz;\n${body}};\n`;

describe('series attribution', () => {
  it('a rename in patch 1 repaired by patch 2 is reported on patch 1 only, marked as repaired', () => {
    const { series, images } = seriesOf([
      struct('\t__u32 flags;\n\t__u64 data;\n'),
      struct('\t__u32 mode;\n\t__u64 data;\n'),
      struct('\t__u32 flags;\n\t__u64 data;\n'),
    ]);
    const r = analyseSeries({ series, images, abis: ['x86_64', 'i386'], buildModel: createModelCache({}) });
    expect(r.findings.map((f) => [f.patch, f.rule, f.symbol])).toEqual([[1, 'uapi.member-renamed', 'struct demo_args.flags']]);
    expect(r.findings[0].message).toMatch(/Not visible end to end/);
    expect(r.notes.some((n) => /^patch 2: 1 change/.test(n))).toBe(true);
  });

  it('patch 2 renaming a member of a struct patch 1 added is not a break; the addition is patch 1\'s', () => {
    const { series, images } = seriesOf([
      '#define DEMO 1\n',
      `#define DEMO 1\n${struct('\t__u32 flags;\n')}`,
      `#define DEMO 1\n${struct('\t__u32 mode;\n')}`,
    ]);
    const r = analyseSeries({ series, images, abis: ['x86_64', 'i386'], buildModel: createModelCache({}) });
    expect(r.findings.map((f) => [f.patch, f.rule])).toEqual([[1, 'uapi.type-added']]);
  });

  it('design problems a later patch brings into a new struct are that patch\'s', () => {
    const { series, images } = seriesOf([
      '#define DEMO 1\n',
      `#define DEMO 1\n${struct('\t__u32 flags;\n')}`,
      `#define DEMO 1\n${struct('\t__u64 flags;\n')}`,
    ]);
    const r = analyseSeries({ series, images, abis: ['x86_64', 'i386'], buildModel: createModelCache({}) });
    expect(r.findings.map((f) => [f.patch, f.rule]).sort()).toEqual([
      [1, 'uapi.type-added'], [2, 'uapi.abi-dependent-layout'], [2, 'uapi.implicit-padding'], [2, 'uapi.unaligned-u64'],
    ]);
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('a member removed by patch 1 and re-added under a new name by patch 2 is a series-wide rename', () => {
    const { series, images } = seriesOf([
      struct('\t__u32 flags;\n\t__u32 pad;\n'),
      struct('\t__u32 pad;\n'),
      struct('\t__u32 mode;\n\t__u32 pad;\n'),
    ]);
    const r = analyseSeries({ series, images, abis: ['x86_64'], buildModel: createModelCache({}) });
    const got = r.findings.map((f) => [f.patch, f.rule, f.symbol]);
    expect(got).toContainEqual([1, 'uapi.member-removed', 'struct demo_args.flags']);
    expect(got).toContainEqual([0, 'uapi.member-renamed', 'struct demo_args.flags']);
    expect(got.filter(([p]) => p === 2)).toEqual([]);
  });
});

describe('front-end failures', () => {
  it('a version that cannot be parsed on any ABI is not compared (nothing looks added), and a note says so', () => {
    const { series, images } = seriesOf(['#define DEMO 1\n', '#define DEMO 2\n']);
    const failing = createModelCache({});
    let calls = 0;
    const r = analyseSeries({
      series, images, abis: ['x86_64', 'i386'],
      buildModel: (file, abi, kernel) => {
        calls++;
        if (file.text.includes('DEMO 1')) throw new Error('preprocessor exploded');
        return failing(file, abi, kernel);
      },
    });
    expect(calls).toBeGreaterThan(0);
    expect(r.findings).toEqual([]);
    expect(r.notes).toContain('include/uapi/linux/demo.h: not compared for patch 1: the old version could not be parsed on any ABI');
    expect(r.notes.some((n) => n.includes('not parsed on x86_64: preprocessor exploded'))).toBe(true);
  });
});

describe('the Kconfig note', () => {
  it('is asked for, with the ABIs in-kernel headers were compared on, only when some were', () => {
    const asked: string[][] = [];
    const kernelConfigNote = (abis: string[]) => {
      asked.push(abis);
      return `config note for ${abis.join(' ')}`;
    };
    const uapi = seriesOf([struct('\t__u32 a;\n'), struct('\t__u32 a;\n\t__u32 b;\n')]);
    const r1 = analyseSeries({ ...uapi, abis: ['x86_64', 'i386', 'aarch64'], buildModel: createModelCache({}), kernelConfigNote });
    expect(asked).toEqual([]);
    expect(r1.notes.filter((n) => n.startsWith('config note'))).toEqual([]);
    const kernel = seriesOf([struct('\t__u32 a;\n'), struct('\t__u32 a;\n\t__u32 b;\n')], 'include/linux/demo.h');
    const r2 = analyseSeries({ ...kernel, abis: ['x86_64', 'i386', 'aarch64'], buildModel: createModelCache({}), kernelConfigNote });
    expect(asked).toEqual([['x86_64', 'i386']]);
    expect(r2.notes).toContain('config note for x86_64 i386');
  });
});
