/**
 * New flag bits carved out of a reserved bitfield (perf_event_attr's
 * `__reserved_1:26` → `defer_callchain:1, defer_output:1, __reserved_1:24`,
 * tcphdr's `res1:4` → `ae:1, res1:3`): the reserved bits shrink where they
 * were, nothing else moves, so it is a carve (member-added's note), not a
 * member that moved, even where the reserved field's first byte changes.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386', 'ppc64', 's390x'];

function rules(before: string, after: string): string[] {
  return runChange('include/uapi/linux/demo.h', { before, after, code: null }, ABIS).map((f) => `${f.level} ${f.rule}`);
}

describe('reserved bitfields carved', () => {
  it('the reserved bits start in another byte after the carve (perf_event_attr)', () => {
    const before = 'struct demo_attr {\n\t__u64 config;\n\t__u64 a:1, b:1, c:1, d:1, e:1, f:1, __reserved_1:58;\n};\n';
    const after = 'struct demo_attr {\n\t__u64 config;\n\t__u64 a:1, b:1, c:1, d:1, e:1, f:1, x:1, y:1, __reserved_1:56;\n};\n';
    const found = rules(before, after);
    expect(found.filter((r) => r.startsWith('error'))).toEqual([]);
    expect(found).toContain('note uapi.member-added');
  });
  it('tcphdr\'s res1 is reserved by its name', () => {
    const before = 'struct demo_hdr {\n\t__u16 src;\n\t__u16 res1:4, doff:4, fin:1, syn:1, rst:1, psh:1, ack:1, urg:1, ece:1, cwr:1;\n};\n';
    const after = 'struct demo_hdr {\n\t__u16 src;\n\t__u16 ae:1, res1:3, doff:4, fin:1, syn:1, rst:1, psh:1, ack:1, urg:1, ece:1, cwr:1;\n};\n';
    expect(rules(before, after).filter((r) => r.startsWith('error'))).toEqual([]);
  });
  it('a non-reserved bitfield that shrinks is still a move', () => {
    const before = 'struct demo_attr {\n\t__u64 config;\n\t__u64 a:8, mode:56;\n};\n';
    const after = 'struct demo_attr {\n\t__u64 config;\n\t__u64 a:8, x:2, mode:54;\n};\n';
    expect(rules(before, after)).toContain('error uapi.member-offset-changed');
  });
});
