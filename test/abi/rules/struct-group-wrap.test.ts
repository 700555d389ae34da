/**
 * Wrapping existing members in `__struct_group` (as ebtables.h did for
 * struct ebt_entry's offsets in 6.1 stable) adds a named copy of them
 * (`offsets.next_offset`): new paths to old storage, with the old types.
 * Design rules judge what a patch introduces, so the copy brings neither
 * "new" non-fixed-width members nor a "new" ABI-dependent offset. A member
 * that is really new in the group still is judged.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runCase } from './corpus-runner.ts';

// m68k aligns int to 2 bytes: after the 6-byte array, `next` is at 6 there and at 8 elsewhere.
const ABIS: AbiName[] = ['x86_64', 'i386', 'm68k'];

const BEFORE = `struct demo_entry {
	unsigned char mac[6];
	unsigned int next;
	unsigned int target;
};
`;

function run(after: string) {
  const side = { before: BEFORE, after, code: null };
  return runCase({ rule: 'struct-group', path: 'include/uapi/linux/corpus.h', fire: side, quiet: side, about: '' }, 'fire', ABIS);
}

function findings(after: string): string[] {
  return run(after).map((f) => `${f.rule} ${f.symbol}`);
}

describe('__struct_group around existing members', () => {
  it('is not a new design issue', () => {
    const after = `struct demo_entry {
	unsigned char mac[6];
	__struct_group(/* no tag */, offsets, /* no attrs */,
		unsigned int next;
		unsigned int target;
	);
};
`;
    const found = findings(after);
    expect(found.filter((f) => f.startsWith('uapi.non-fixed-width-type') || f.startsWith('uapi.abi-dependent-layout'))).toEqual([]);
  });

  it('still judges a member that is new in the group', () => {
    const after = `struct demo_entry {
	unsigned char mac[6];
	__struct_group(/* no tag */, offsets, /* no attrs */,
		unsigned int next;
		unsigned int target;
		unsigned long extra;
	);
};
`;
    const found = run(after);
    const nonFixed = found.filter((f) => f.rule === 'uapi.non-fixed-width-type').map((f) => f.message);
    expect(nonFixed).toHaveLength(1);
    expect(nonFixed[0]).toContain('`unsigned long extra`');
    expect(nonFixed[0]).not.toContain('next');
    const dependent = found.filter((f) => f.rule === 'uapi.abi-dependent-layout').map((f) => f.message);
    expect(dependent).toHaveLength(1);
    expect(dependent[0]).toContain('extra');
    // the new member grows the struct: it shares no old member's storage, and old layouts change
    const added = found.filter((f) => f.rule === 'uapi.member-added').map((f) => f.message);
    expect(added).toContain('struct demo_entry gains `unsigned long extra`, at offset 16 (x86_64).');
    expect(added.join('\n')).not.toContain('old layouts are unchanged');
  });
});
