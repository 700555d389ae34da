/**
 * An end marker that is an enum's last enumerator (`IORING_OP_LAST`) moves
 * when values are appended before it: a sentinel, not a renumbering. The
 * same name anywhere but last is an ordinary value.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];

function rules(before: string, after: string): string[] {
  const side = { before, after, code: null };
  return runChange('include/uapi/linux/corpus.h', side, ABIS).map((f) => `${f.level} ${f.rule} ${f.symbol}`);
}

describe('an enum end marker', () => {
  it('moving because values were added before it is a note', () => {
    const r = rules('enum demo_op {\n\tDEMO_OP_NOP,\n\tDEMO_OP_READ,\n\tDEMO_OP_LAST,\n};\n', 'enum demo_op {\n\tDEMO_OP_NOP,\n\tDEMO_OP_READ,\n\tDEMO_OP_WRITE,\n\tDEMO_OP_LAST,\n};\n');
    expect(r.filter((x) => x.startsWith('error'))).toEqual([]);
    expect(r).toContain('note uapi.sentinel-moved DEMO_OP_LAST');
  });

  it('a count named in the middle (RDMA_NL_NUM_GROUPS) is one too', () => {
    const r = rules('enum {\n\tDEMO_GROUP_CM = 1,\n\tDEMO_GROUP_LS,\n\tDEMO_NUM_GROUPS,\n};\n', 'enum {\n\tDEMO_GROUP_CM = 1,\n\tDEMO_GROUP_LS,\n\tDEMO_GROUP_NOTIFY,\n\tDEMO_NUM_GROUPS,\n};\n');
    expect(r.filter((x) => x.startsWith('error'))).toEqual([]);
  });

  it('followed only by values that keep their number, or by other markers, is one too', () => {
    // io_uring: a flag with an explicit value after IORING_REGISTER_LAST; net_tstamp: a MASK after the LAST
    const flag = '\tDEMO_REG_USE_RING = 1U << 31,\n';
    const r1 = rules(`enum demo_reg {\n\tDEMO_REG_A,\n\tDEMO_REG_LAST,\n${flag}};\n`, `enum demo_reg {\n\tDEMO_REG_A,\n\tDEMO_REG_B,\n\tDEMO_REG_LAST,\n${flag}};\n`);
    expect(r1.filter((x) => x.startsWith('error'))).toEqual([]);
    // the flag itself new with the change (6.1 → 6.12 added IORING_REGISTER_USE_REGISTERED_RING)
    const r3 = rules('enum demo_reg {\n\tDEMO_REG_A,\n\tDEMO_REG_LAST,\n};\n', `enum demo_reg {\n\tDEMO_REG_A,\n\tDEMO_REG_B,\n\tDEMO_REG_LAST,\n${flag}};\n`);
    expect(r3.filter((x) => x.startsWith('error'))).toEqual([]);
    const side = { before: 'enum demo_reg {\n\tDEMO_REG_A,\n\tDEMO_REG_LAST,\n};\n', after: `enum demo_reg {\n\tDEMO_REG_A,\n\tDEMO_REG_B,\n\tDEMO_REG_LAST,\n${flag}};\n`, code: null };
    const moved = runChange('include/uapi/linux/corpus.h', side, ABIS).find((f) => f.rule === 'uapi.sentinel-moved');
    expect(moved?.message).toContain('because DEMO_REG_B was added before it.');
    const ts = (bits: string[]) => `enum {\n${bits.map((b, i) => `\tDEMO_TS_${b} = (1 << ${i}),\n`).join('')}\tDEMO_TS_LAST = DEMO_TS_${bits[bits.length - 1]},\n\tDEMO_TS_MASK = (DEMO_TS_LAST - 1) | DEMO_TS_LAST,\n};\n`;
    const r2 = rules(ts(['TX', 'RX']), ts(['TX', 'RX', 'OPT']));
    expect(r2.filter((x) => x.startsWith('error'))).toEqual([]);
  });

  it('going down is not called additive growth: the entries removed before it are what is told', () => {
    const r = rules('enum demo_op {\n\tDEMO_OP_NOP,\n\tDEMO_OP_READ,\n\tDEMO_OP_WRITE,\n\tDEMO_OP_LAST,\n};\n', 'enum demo_op {\n\tDEMO_OP_NOP,\n\tDEMO_OP_READ,\n\tDEMO_OP_LAST,\n};\n');
    expect(r).toEqual(['error uapi.enumerator-removed DEMO_OP_WRITE']);
  });

  it('is an ordinary value when it is not last (its move is part of the renumbering)', () => {
    const r = rules('enum demo_op {\n\tDEMO_OP_NOP,\n\tDEMO_OP_LAST,\n\tDEMO_OP_READ,\n};\n', 'enum demo_op {\n\tDEMO_OP_NOP,\n\tDEMO_OP_WRITE,\n\tDEMO_OP_LAST,\n\tDEMO_OP_READ,\n};\n');
    expect(r).toContain('error uapi.enum-value-changed enum demo_op');
  });
});
