/** Which member names are reserved space a new member may be carved from. */
import { describe, expect, it } from 'vitest';
import { isReservedName } from '../../../src/abi/rules/format.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runCase } from './corpus-runner.ts';

describe('isReservedName', () => {
  it.each(['reserved', 'reserved2', '__rsvd', 'rsv', 'pad', '_pad_000', 'padding', 'f_spare', 'hdr_reserved', '__align', 'unused1', 'filler'])('%s is reserved', (n) => {
    expect(isReservedName(n)).toBe(true);
  });
  it.each(['align', 'data', 'flags', 'keypad', 'spared', 'reservation'])('%s is not', (n) => {
    expect(isReservedName(n)).toBe(false);
  });
});

describe('a member carved out of reserved space named rsv (ptp_clock.h, 6.12)', () => {
  it('is a note, not a type change and a move', () => {
    const side = {
      before: 'struct demo_caps {\n\tint max_adj;\n\tint rsv[12];\n};\n',
      after: 'struct demo_caps {\n\tint max_adj;\n\tint adjust_phase;\n\tint rsv[11];\n};\n',
      code: null,
    };
    const abis: AbiName[] = ['x86_64', 'i386'];
    const found = runCase({ rule: 'x', path: 'include/uapi/linux/corpus.h', fire: side, quiet: side, about: '' }, 'fire', abis);
    expect(found.filter((f) => f.level === 'error').map((f) => f.rule)).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('carved out of reserved `rsv`');
  });
});
