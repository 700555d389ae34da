/**
 * Diff context reaches no header: the _IO* encoding and stddef.h's
 * flexible-array and struct-group macros are given as -D macros, unless the
 * file defines them itself.
 */
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { diffContextMacros } from '../../src/c/diff-context-macros.ts';

// lines 1-6 shown, 7-8 unknown, 9 shown: diff context
const known = [{ start: 1, end: 6 }, { start: 9, end: 9 }];

describe('diff-context macros', () => {
  it('read a __DECLARE_FLEX_ARRAY member and an enumerator written with _IOW', () => {
    const lines = ['struct demo_cmd {', '\t__u64 off;', '\t__DECLARE_FLEX_ARRAY(struct demo_vec, vec);', '};', "enum { DEMO_SET = _IOW('b', 5, __u32) };", '', '', '', 'int x;'];
    const m = buildTypeModel({ path: 'include/uapi/linux/demo.h', text: lines.join('\n'), known }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    const rec = m.records.find((r) => r.tag === 'demo_cmd')!;
    const anon = m.records.find((r) => r.id === (rec.members[1]!.type as { id: string }).id)!;
    expect(anon.members.map((x) => x.name)).toEqual(['__empty_vec', 'vec']);
    expect(anon.members[1]!.type).toMatchObject({ kind: 'array', length: null });
    expect(m.enums[0]!.enumerators[0]).toMatchObject({ name: 'DEMO_SET', value: 0x40046205n });
  });

  it('struct_group for in-kernel code only, and nothing a file defines itself', () => {
    expect(Object.keys(diffContextMacros('x86_64', true, ''))).toContain('struct_group(NAME,MEMBERS...)');
    expect(Object.keys(diffContextMacros('x86_64', false, ''))).not.toContain('struct_group(NAME,MEMBERS...)');
    const own = diffContextMacros('x86_64', false, '#define _IOC(dir,type,nr,size) 0\n#define __DECLARE_FLEX_ARRAY(T, m) T m[0]\n');
    expect(Object.keys(own).some((k) => k.startsWith('_IOC(') || k.startsWith('__DECLARE_FLEX_ARRAY('))).toBe(false);
    expect(Object.keys(own)).toContain('__struct_group(TAG,NAME,ATTRS,MEMBERS...)');
  });

  it('are 0x40046205 for _IOW(b, 5, u32) on mips, whose encoding differs', () => {
    const lines = ["enum { DEMO_SET = _IOW('b', 5, __u32) };", '', '', '', '', '', '', '', 'int x;'];
    const m = buildTypeModel({ path: 'include/uapi/linux/demo.h', text: lines.join('\n'), known: [{ start: 1, end: 1 }, { start: 9, end: 9 }] }, { abi: 'mips', kernel: false, includeDirs: [] });
    expect(m.enums[0]!.enumerators[0]!.value).toBe(0x80046205n);
  });
});
