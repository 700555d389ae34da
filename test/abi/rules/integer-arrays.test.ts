/**
 * An array of integers whose element type changes only in signedness
 * (emu10k1's `unsigned int value[32]` → `int value[32]`, 6.x) is
 * uapi.member-signedness-changed's warning, like a scalar; other dimensions
 * or element sizes are still a type change.
 */
import { describe, expect, it } from 'vitest';
import { runChange } from './corpus-runner.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';

function rules(before: string, after: string): string[] {
  const side = { before: `struct demo_gpr {\n\t__u32 count;\n\t${before};\n};\n`, after: `struct demo_gpr {\n\t__u32 count;\n\t${after};\n};\n`, code: null };
  return runChange('include/uapi/linux/demo.h', side, ['x86_64', 'i386'])
    .filter((f) => f.symbol === 'struct demo_gpr.value').map((f) => f.rule);
}

describe('integer arrays', () => {
  it('signedness only: a signedness warning, no type change', () => {
    expect(rules('__u32 value[32]', '__s32 value[32]')).toEqual(['uapi.member-signedness-changed']);
  });
  it('another length or element size: a type change', () => {
    expect(rules('__u32 value[32]', '__s32 value[16]')).toContain('uapi.member-type-changed');
    expect(rules('__u32 value[32]', '__s16 value[32]')).toContain('uapi.member-type-changed');
  });
});

describe('the same integer under another spelling', () => {
  const U64 = '#if __SIZEOF_LONG__ == 8\ntypedef unsigned long demo_uint64_t;\n#else\ntypedef unsigned long long demo_uint64_t;\n#endif\n';
  const found = (before: string, after: string, abis: AbiName[]) => {
    const side = { before: `${U64}struct demo_desc {\n\t${before};\n};\n`, after: `${U64}struct demo_desc {\n\t${after};\n};\n`, code: null };
    return runChange('include/uapi/linux/demo.h', side, abis).filter((f) => f.symbol.startsWith('struct demo_desc'));
  };
  it('uint64_t → __u64 (unsigned long → unsigned long long on LP64): nothing', () => {
    expect(found('demo_uint64_t addr', '__u64 addr', ['x86_64', 'i386', 'aarch64'])).toEqual([]);
  });
  it('unsigned long → __u64 is still a type change where long is 4 bytes', () => {
    expect(found('unsigned long addr', '__u64 addr', ['x86_64', 'i386']).map((f) => f.rule)).toContain('uapi.member-type-changed');
  });
  it('char → __u8: a signedness warning where char is signed, nothing where it is unsigned', () => {
    const fs = found('char mode', '__u8 mode', ['x86_64', 'aarch64', 'arm']);
    expect(fs.map((f) => [f.rule, f.abis])).toEqual([['uapi.member-signedness-changed', ['x86_64']]]);
    expect(found('char mode', '__u8 mode', ['aarch64', 'arm'])).toEqual([]);
  });
});
