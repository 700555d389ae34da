/**
 * Kernel uAPI idioms through the real preprocessor and the installed headers
 * (and through the built-in fallback types when no header is available).
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { systemIncludeDirsFor } from '../../../src/c/preprocess/index.ts';
import { stripTypedefs } from '../../../src/c/parse/c-types.ts';
import type { CType, TypeModel } from '../../../src/c/type-model.ts';

const HEADER = `#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/posix_types.h>
struct idioms {
	__u8 a; __s8 b; __u16 c; __s16 d; __u32 e; __s32 f; __u64 g; __s64 h;
	__le16 i; __be32 j; __le64 k;
	__aligned_u64 l;
	__aligned_be64 m;
	__aligned_le64 n;
	__kernel_long_t o;
	__kernel_ulong_t p;
	__kernel_size_t q;
	__struct_group(idioms_hdr, hdr, /* no attrs */,
		__u32 x;
		__u32 y;
	);
	union {
		__u32 count;
		__DECLARE_FLEX_ARRAY(__u8, bytes);
	};
};
`;

function build(abi: AbiName, withHeaders: boolean): TypeModel {
  return buildTypeModel(
    { path: '/tmp/idioms.h', text: withHeaders ? HEADER : HEADER.replace(/__struct_group[\s\S]*?\);\n/, '').replace(/union \{[\s\S]*?\};\n/, '') },
    { abi, kernel: false, includeDirs: withHeaders ? systemIncludeDirsFor(abi) : [] },
  );
}

function memberType(m: TypeModel, name: string): CType {
  const r = m.records.find((x) => x.tag === 'idioms')!;
  return r.members.find((x) => x.name === name)!.type;
}

function base(t: CType): string {
  const s = stripTypedefs(t);
  return s.kind === 'builtin' ? s.name : s.kind;
}

describe('kernel uAPI idioms', () => {
  for (const withHeaders of [true, false]) {
    it(`fixed-width, endian and aligned types resolve (${withHeaders ? 'installed headers' : 'built-in fallback'})`, () => {
      const m = build('x86_64', withHeaders);
      expect(m.diagnostics.filter((d) => d.severity === 'error' && (withHeaders || !/No such file/.test(d.message)))).toEqual([]);
      expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((n) => base(memberType(m, n)))).toEqual([
        'unsigned char', 'signed char', 'unsigned short', 'short', 'unsigned int', 'int',
        'unsigned long long', 'long long', 'unsigned short', 'unsigned int', 'unsigned long long',
      ]);
      // installed headers: a macro putting aligned(8) on the member; fallback: a typedef carrying it
      for (const n of ['l', 'm', 'n']) {
        const mem = m.records.find((x) => x.tag === 'idioms')!.members.find((x) => x.name === n)!;
        const t = mem.type;
        const td = m.typedefs.find((x) => t.kind === 'typedef' && x.name === t.name);
        expect(mem.attrs.aligned ?? td?.attrs.aligned).toBe(8);
        expect(base(t)).toBe('unsigned long long');
      }
    });
  }

  it('__kernel_long_t is long long on x32 and long elsewhere; size_t follows the ABI', () => {
    for (const withHeaders of [true, false]) {
      const kl = (abi: AbiName) => {
        const m = build(abi, withHeaders);
        return [base(memberType(m, 'o')), base(memberType(m, 'p')), base(memberType(m, 'q'))];
      };
      expect(kl('x86_64')).toEqual(['long', 'unsigned long', 'unsigned long']);
      expect(kl('x32')).toEqual(['long long', 'unsigned long long', 'unsigned int']);
      expect(kl('i386')).toEqual(['long', 'unsigned long', 'unsigned int']);
      expect(kl('aarch64')).toEqual(['long', 'unsigned long', 'unsigned long']);
    }
  });

  it('__struct_group and __DECLARE_FLEX_ARRAY expand into anonymous members with a flexible array', () => {
    const m = build('x86_64', true);
    const r = m.records.find((x) => x.tag === 'idioms')!;
    const anon = r.members.filter((x) => x.name === null);
    expect(anon).toHaveLength(2);
    const group = m.records.find((x) => anon[0]!.type.kind === 'record' && x.id === anon[0]!.type.id)!;
    expect(group.kind).toBe('union');
    expect(group.members.map((x) => x.name)).toEqual([null, 'hdr']);
    expect(m.records.find((x) => x.tag === 'idioms_hdr')!.members.map((x) => x.name)).toEqual(['x', 'y']);
    const flexUnion = m.records.find((x) => anon[1]!.type.kind === 'record' && x.id === anon[1]!.type.id)!;
    const flexStruct = flexUnion.members.find((x) => x.name === null)!;
    const inner = m.records.find((x) => flexStruct.type.kind === 'record' && x.id === flexStruct.type.id)!;
    expect(inner.members.map((x) => [x.name, x.type.kind === 'array' ? x.type.length : x.type.kind])).toEqual([
      ['__empty_bytes', 'record'],
      ['bytes', null],
    ]);
  });
});
