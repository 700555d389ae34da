/**
 * An array of a tagless struct is laid out as one element's members (the
 * oracle's shape). Its padding is that element's: nouveau_drm.h's
 * `struct { __u32 handle; __u32 grclass; } subchan[8];` has none, yet was
 * reported with "56 bytes of tail padding after subchan.grclass" (the other
 * seven elements), and pahole-style text printed that padding inside it.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runCase, type CorpusCase } from './corpus-runner.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { layoutRecord } from '../../../src/abi/layout/index.ts';
import { renderRecordLayout } from '../../../src/report/render-layout-text.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];

function padding(after: string) {
  const c: CorpusCase = {
    rule: 'uapi.implicit-padding',
    path: 'include/uapi/linux/corpus.h',
    fire: { before: '', after, code: null },
    quiet: { before: '', after, code: null },
    about: '',
  };
  return runCase(c, 'fire', ABIS).filter((f) => f.rule === 'uapi.implicit-padding');
}

const NOUVEAU = 'struct demo_alloc {\n\t__u32 notifier;\n\tstruct {\n\t\t__u32 handle;\n\t\t__u32 grclass;\n\t} subchan[8];\n\t__u32 nr_subchan;\n};\n';

describe('padding within an array of a tagless struct', () => {
  it('is none where one element has none', () => {
    expect(padding(NOUVEAU)).toEqual([]);
  });

  it("is the element's own hole and tail padding, reported once", () => {
    const text = 'struct demo_alloc {\n\t__u64 base;\n\tstruct {\n\t\t__u32 handle;\n\t\t__u64 addr;\n\t\t__u32 flags;\n\t} ranges[4];\n};\n';
    const [f] = padding(text);
    expect(f?.message).toContain('a 4-byte hole after `ranges.handle` at offset 12 (x86_64); 4 bytes of tail padding after `ranges.flags` at offset 28 (x86_64)');
    expect(f?.abis).toEqual(['x86_64']);
  });

  it('shows in pahole-style text as one element, without the other elements as padding', () => {
    const model = buildTypeModel({ path: '/demo.h', text: NOUVEAU.replace(/__u32/g, 'unsigned int') }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    const layout = layoutRecord(model, model.records.find((r) => r.tag === 'demo_alloc')!.id, 'x86_64');
    expect(layout.members[1]).toMatchObject({ name: 'subchan', size: 64, elementSize: 8 });
    const text = renderRecordLayout(layout, 'x86_64');
    expect(text).not.toContain('padding');
    expect(text).toContain('/* size: 72, align: 4, members: 3 */');
  });
});
