/**
 * A 64-bit member of a packed layout (btrfs tree items, firmware tables) sits
 * at the same, unaligned offset on every ABI: no ABI disagrees, so
 * uapi.unaligned-u64 has nothing to say. Unpacked, it does.
 */
import { describe, expect, it } from 'vitest';
import { ABI_NAMES } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

function rules(after: string): string[] {
  const side = { before: '', after, code: null };
  return runChange('include/uapi/linux/corpus.h', side, [...ABI_NAMES]).map((f) => f.rule);
}

describe('uapi.unaligned-u64 and packed structs', () => {
  it('says nothing of a packed struct', () => {
    expect(rules('struct demo_key_ptr {\n\t__u8 type;\n\t__le64 blockptr;\n} __attribute__ ((__packed__));\n')).not.toContain('uapi.unaligned-u64');
  });
  it('reports the same member unpacked', () => {
    expect(rules('struct demo_key_ptr {\n\t__u32 type;\n\t__le64 blockptr;\n};\n')).toContain('uapi.unaligned-u64');
  });
});
