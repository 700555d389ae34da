/**
 * A #define that ORs flags together (`PTP_EXTTS_VALID_FLAGS`,
 * `UFFD_API_FEATURES` in 6.12) grows when a flag is added: additive, a note.
 * Dropping a flag from the set, or changing one of its terms, is still a
 * value change.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { orTerms } from '../../../src/abi/rules/macro-facts.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const FLAGS = '#define DEMO_A (1<<0)\n#define DEMO_B (1<<1)\n#define DEMO_C (1<<2)\n';

function rules(before: string, after: string): string[] {
  const side = { before: FLAGS + before, after: FLAGS + after, code: null };
  return runChange('include/uapi/linux/corpus.h', side, ABIS).map((f) => `${f.level} ${f.rule} ${f.symbol}`);
}

describe('a flag set that grows', () => {
  it('gaining a flag is a note', () => {
    const r = rules('#define DEMO_VALID_FLAGS (DEMO_A | \\\n\t\t\t  DEMO_B)\n', '#define DEMO_VALID_FLAGS (DEMO_A | \\\n\t\t\t  DEMO_B | \\\n\t\t\t  DEMO_C)\n');
    expect(r).toEqual(['note uapi.sentinel-moved DEMO_VALID_FLAGS']);
  });

  it('losing a flag, or a term changing, is a value change', () => {
    expect(rules('#define DEMO_VALID_FLAGS (DEMO_A | DEMO_B)\n', '#define DEMO_VALID_FLAGS (DEMO_A)\n')).toContain('error uapi.macro-value-changed DEMO_VALID_FLAGS');
    expect(rules('#define DEMO_VALID_FLAGS (DEMO_A | DEMO_B)\n', '#define DEMO_VALID_FLAGS (DEMO_A | DEMO_C | 0x10)\n')).toContain('error uapi.macro-value-changed DEMO_VALID_FLAGS');
  });

  it('splits ORs at the top level only', () => {
    expect(orTerms('(A | (B | C))')).toEqual(['A', '(B|C)']);
    expect(orTerms('((__u64)1 << _UFFDIO_WAKE | \\\n (__u64)1 << _UFFDIO_COPY)')).toEqual(['(__u64)1<<_UFFDIO_WAKE', '(__u64)1<<_UFFDIO_COPY']);
    expect(orTerms('(A || B)')).toBeNull();
    expect(orTerms('(A) | (B)')).toEqual(['(A)', '(B)']);
  });
});

describe('masks, reserved masks, versions and counts', () => {
  it('a mask-named value whose bits only grew is a note', () => {
    expect(rules('#define DEMO_MOVE__MASK 0x00000177\n', '#define DEMO_MOVE__MASK 0x00000377\n')).toEqual(['note uapi.sentinel-moved DEMO_MOVE__MASK']);
    expect(rules('#define DEMO_MOVE__MASK 0x00000177\n', '#define DEMO_MOVE__MASK 0x00000077\n')).toContain('error uapi.macro-value-changed DEMO_MOVE__MASK');
  });

  it('a reserved-bits mask that only lost bits is a note', () => {
    expect(rules('#define DEMO_CAP_RESERVED 0xe00f8000\n', '#define DEMO_CAP_RESERVED 0x800f8000\n')).toEqual(['note uapi.sentinel-moved DEMO_CAP_RESERVED']);
  });

  it('version numbers and counts that go up are notes', () => {
    for (const name of ['DEMO_VERSION_MINOR', 'DEMO_PROTO_SUBVERSION', 'DEMO_ABI_PATCH', 'DEMO_COMMAND_END', 'DEMO_SUBFORMAT_LAST', 'DEMO_S_NR', 'DEMO_HW_IP_NUM', 'NSIGDEMO', '__NR_syscalls']) {
      expect(rules(`#define ${name} 5\n`, `#define ${name} 6\n`).filter((x) => !x.startsWith('note'))).toEqual([]);
    }
  });
});
