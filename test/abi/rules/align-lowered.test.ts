/**
 * An alignment that drops with the size and every remaining member's place
 * unchanged is a warning, as a raised one is: virtio_net.h (7.2) split
 * virtio_net_hdr_v1_hash's `__le32 hash_value` into two `__le16`, and
 * abi-check called the alignment change (4 → 2) breaking. The member that
 * went is still its own error.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386', 'm68k'];

describe('an alignment that drops', () => {
  it('with the size kept is a warning; the member split in two is still removed', () => {
    const before = 'struct demo_hdr_hash {\n\t__u8 flags;\n\t__u8 gso_type;\n\t__le16 hdr_len;\n\t__le32 hash_value;\n\t__le16 hash_report;\n\t__le16 padding;\n};\n';
    const after = before.replace('\t__le32 hash_value;\n', '\t__le16 hash_value_lo;\n\t__le16 hash_value_hi;\n');
    const found = runChange('include/uapi/linux/demo_net.h', { before, after, code: null }, ABIS).filter((f) => f.level !== 'note').map((f) => `${f.level} ${f.rule} ${f.symbol} ${f.abis.join(',')}`);
    // m68k aligns everything to 2 already: nothing changes there
    expect(found).toEqual(['error uapi.member-removed struct demo_hdr_hash.hash_value x86_64,i386,m68k', 'warning uapi.align-lowered struct demo_hdr_hash x86_64,i386']);
  });
});
