/**
 * Enumerators are matched on the first ABI, and their values compared on
 * every ABI: one that follows a sizeof changes where the struct does, and
 * one under an arch #ifdef can disappear from some ABIs only.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386', 'aarch64'];
const found = (before: string, after: string) =>
  runChange('include/uapi/linux/demo.h', { before, after, code: null }, ABIS).filter((f) => f.rule.startsWith('uapi.enum')).map((f) => ({ rule: f.rule, symbol: f.symbol, abis: f.abis }));

describe('enumerators on every ABI', () => {
  it('a value that follows a sizeof changes where the struct does (i386 only)', () => {
    const s = (t: string) => `struct demo_arg {\n\t__u32 a;\n\t${t} b;\n};\nenum { DEMO_ARG_SIZE = sizeof(struct demo_arg) };\n`;
    expect(found(s('__u64'), s('__aligned_u64'))).toEqual([{ rule: 'uapi.enum-value-changed', symbol: 'DEMO_ARG_SIZE', abis: ['i386'] }]);
  });
  it('an enumerator an arch #ifdef now hides on some ABIs', () => {
    const before = 'enum demo_reg {\n\tDEMO_REG_A,\n\tDEMO_REG_B,\n};\n';
    const after = 'enum demo_reg {\n\tDEMO_REG_A,\n#ifdef __x86_64__\n\tDEMO_REG_B,\n#endif\n};\n';
    expect(found(before, after)).toEqual([{ rule: 'uapi.enumerator-removed', symbol: 'DEMO_REG_B', abis: ['i386', 'aarch64'] }]);
  });
  it('values that are the same everywhere: nothing', () => {
    const e = 'enum demo_reg {\n\tDEMO_REG_A = 1,\n\tDEMO_REG_B,\n};\n';
    expect(found(e, `${e}#define DEMO_X 1\n`)).toEqual([]);
  });
});
