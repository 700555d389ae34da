/**
 * What moves an in-kernel struct's members is said: on 6.1 → 6.12,
 * pci_host_bridge gained one bit-field and 25 members moved 8 bytes, because
 * the struct device it embeds at offset 0 had grown. The note names the
 * member that changed size next to the moves.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];

describe('members that move', () => {
  it('are told with the embedded member that grew', () => {
    const before = 'struct demo_dev {\n\tlong id;\n};\nstruct demo_host {\n\tstruct demo_dev dev;\n\tint busnr;\n\tunsigned int native_aer:1;\n\tunsigned int native_dpc:1;\n\tvoid *ops;\n};\n';
    const after = before
      .replace('\tlong id;\n', '\tlong id;\n\tconst char *driver_override;\n')
      .replace('\tunsigned int native_dpc:1;\n', '\tunsigned int native_cxl_error:1;\n\tunsigned int native_dpc:1;\n');
    const found = runChange('include/linux/demo_host.h', { before, after, code: null }, ABIS).filter((f) => f.symbol.startsWith('struct demo_host'));
    expect(found.map((f) => f.rule)).toEqual(['kabi.member-inserted']);
    expect(found[0]!.message).toContain('not at the end. A member changes size too on x86_64: `dev` 8→16 bytes. 4 members move on x86_64: busnr 8→16,');
  });
});

describe('members that change size with nothing inserted or removed', () => {
  it('an embedded struct that grew, its own declaration unchanged: the embedder is named, with the moves', () => {
    const before = 'struct demo_stats {\n\tunsigned long long packets;\n};\nstruct demo_dev {\n\tint id;\n\tstruct demo_stats stats;\n\tunsigned long flags;\n};\n';
    const after = before.replace('\tunsigned long long packets;\n', '\tunsigned long long packets;\n\tunsigned long long drops;\n');
    const found = runChange('include/linux/demo_dev.h', { before, after, code: null }, ABIS);
    expect(found.map((f) => `${f.rule} ${f.symbol}`)).toEqual(['kabi.member-resized struct demo_dev.stats']);
    expect(found[0]!.message).toBe(
      'struct demo_dev: `stats` 8→16 bytes (all 2 ABIs), its type `struct demo_stats` grew. 1 member moves on x86_64: flags 16→24. ' +
        'Modules built against the old header (out-of-tree drivers, kABI-stable distribution kernels) read the moved members at their old offsets until rebuilt.',
    );
    expect(found[0]!.line).toBe(7);
  });

  it('an anonymous union that grew is named by what it holds', () => {
    const before = 'struct demo_req {\n\tunion {\n\t\tint small;\n\t\tshort tiny;\n\t};\n\tint tail;\n};\n';
    const after = before.replace('\t\tshort tiny;\n', '\t\tshort tiny;\n\t\tlong wide;\n');
    const found = runChange('include/linux/demo_req.h', { before, after, code: null }, ABIS);
    expect(found.map((f) => `${f.rule} ${f.symbol}`)).toEqual(['kabi.member-resized struct demo_req.small']);
    expect(found[0]!.message).toContain('the anonymous union holding `small`, `tiny` 4→8 bytes (x86_64). 1 member moves on x86_64: tail 4→8.');
  });

  it('a member that changes size last moves nothing: no note', () => {
    const before = 'struct demo_tail {\n\tint id;\n\tint count;\n};\n';
    const after = before.replace('\tint count;', '\tlong count;');
    expect(runChange('include/linux/demo_tail.h', { before, after, code: null }, ABIS)).toEqual([]);
  });

  it('is not said twice when a member is also inserted: the insertion names it', () => {
    const before = 'struct demo_both {\n\tint id;\n\tint count;\n\tvoid *p;\n};\n';
    const after = before.replace('\tint count;', '\tlong count;\n\tint added;');
    const rules = runChange('include/linux/demo_both.h', { before, after, code: null }, ABIS).map((f) => f.rule);
    expect(rules).toEqual(['kabi.member-inserted']);
  });
});

describe('a struct that gains and loses members', () => {
  it('tells the moves once, with the insertion, and at most eight of them in the text', () => {
    const members = Array.from({ length: 12 }, (_, i) => `\tlong m${i};\n`).join('');
    const before = `struct demo_many {\n\tint old;\n${members}\tint tail;\n};\n`;
    const after = before.replace('\tint old;\n', '\tlong new1;\n\tlong new2;\n').replace('\tint tail;\n', '\tint tail;\n\tint last;\n');
    const found = runChange('include/linux/demo_many.h', { before, after, code: null }, ABIS);
    expect(found.map((f) => f.rule)).toEqual(['kabi.member-inserted', 'kabi.member-removed']);
    const [ins, rem] = found;
    expect(ins!.message).toContain('13 members move on x86_64: m0 8→16, m1 16→24, m2 24→32, m3 32→40, m4 40→48, m5 48→56, m6 56→64, m7 64→72, and 5 more. Modules');
    expect((ins!.after as unknown[]).length).toBeGreaterThan(13);
    expect(rem!.message).toContain('loses `int old` (before `m0`), not at the end. Members move: listed in the note on what struct demo_many gains.');
    expect(rem!.before).toBeUndefined();
  });
});
