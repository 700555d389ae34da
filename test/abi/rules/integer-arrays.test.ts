/**
 * An array of integers whose element type changes only in signedness
 * (emu10k1's `unsigned int value[32]` → `int value[32]`, 6.x) is
 * uapi.member-signedness-changed's warning, like a scalar; other dimensions
 * or element sizes are still a type change.
 */
import { describe, expect, it } from 'vitest';
import { runChange } from './corpus-runner.ts';

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
