import { describe, expect, it } from 'vitest';
import { errors, member, parseText, record } from './helpers.ts';

describe('__attribute__ in every position GCC accepts', () => {
  it('attaches type attributes before and after the struct keyword and after the closing brace', () => {
    const m = parseText(`
struct __attribute__((packed)) a { char c; int i; };
__attribute__((aligned(4))) struct b { char c; };
struct c { char c; } __attribute__((aligned(16)));
struct d { char c; } __attribute__((__packed__, __aligned__(2))) dvar;
typedef struct { int x; } __attribute__((packed)) e_t;
typedef struct f { int x; } f_t __attribute__((aligned(8)));
union __attribute__((__packed__)) g { int i; char c[5]; };
`);
    expect(errors(m)).toEqual([]);
    expect(record(m, 'a').attrs).toEqual({ packed: true });
    expect(record(m, 'c').attrs).toEqual({ aligned: 16 });
    expect(record(m, 'd').attrs).toEqual({ packed: true, aligned: 2 });
    expect(record(m, 'e_t').attrs).toEqual({ packed: true });
    // after the declarator of a typedef: the typedef, not the struct
    expect(record(m, 'f').attrs).toEqual({});
    expect(m.typedefs.find((t) => t.name === 'f_t')!.attrs).toEqual({ aligned: 8 });
    expect(record(m, 'g').attrs).toEqual({ packed: true });
  });

  it('attaches member attributes after the declarator, before the type, between type and declarator', () => {
    const m = parseText(`
typedef unsigned long long __u64;
struct s {
  int a __attribute__((aligned(8)));
  __attribute__((aligned(16))) int b;
  __u64 __attribute__((aligned(8))) c;
  int d __attribute__((packed)), e, f __attribute__((aligned(4)));
  int g:3 __attribute__((packed));
  union { int x; char y; } __attribute__((aligned(8)));
  struct { int z; } named __attribute__((aligned(32)));
  int (*fn)(int __attribute__((unused)) arg) __attribute__((aligned(8)));
};
`);
    expect(errors(m)).toEqual([]);
    expect(member(m, 's', 'a').attrs).toEqual({ aligned: 8 });
    expect(member(m, 's', 'b').attrs).toEqual({ aligned: 16 });
    expect(member(m, 's', 'c').attrs).toEqual({ aligned: 8 });
    expect(member(m, 's', 'd').attrs).toEqual({ packed: true });
    expect(member(m, 's', 'e').attrs).toEqual({});
    expect(member(m, 's', 'f').attrs).toEqual({ aligned: 4 });
    expect(member(m, 's', 'g')).toMatchObject({ bitWidth: 3, attrs: { packed: true } });
    const anon = record(m, 's').members.find((x) => x.name === null)!;
    expect(anon.type.kind).toBe('record');
    const anonRecord = m.records.find((r) => anon.type.kind === 'record' && r.id === anon.type.id)!;
    expect(anonRecord.attrs).toEqual({ aligned: 8 });
    expect(member(m, 's', 'named').attrs).toEqual({ aligned: 32 });
    expect(member(m, 's', 'fn').attrs).toEqual({ aligned: 8 });
  });

  it('evaluates aligned(expr) and gives bare aligned the ABI biggest alignment', () => {
    const src = `struct s { int a __attribute__((aligned)); int b __attribute__((aligned(sizeof(long) * 2))); };`;
    const x86 = parseText(src, 'x86_64');
    expect(member(x86, 's', 'a').attrs.aligned).toBe(16);
    expect(member(x86, 's', 'b').attrs.aligned).toBe(16);
    const arm = parseText(src, 'arm');
    expect(member(arm, 's', 'a').attrs.aligned).toBe(8);
    expect(member(arm, 's', 'b').attrs.aligned).toBe(8);
    expect(member(parseText(src, 'm68k'), 's', 'a').attrs.aligned).toBe(2);
    expect(member(parseText(src, 's390x'), 's', 'a').attrs.aligned).toBe(8);
  });

  it('keeps __counted_by as an annotation in both the rewritten and the raw form, and other attribute names', () => {
    const m = parseText(`
struct v { unsigned int n; int a[] __attribute__((__counted_by__(n))); };
struct w { unsigned int count; int b[] __counted_by(count); };
struct x { int y __attribute__((deprecated, __unused__)); };
struct __packed p { char c; int i; };
struct q { long l __aligned(4); };
`);
    expect(errors(m)).toEqual([]);
    expect(member(m, 'v', 'a').attrs).toEqual({ countedBy: 'n' });
    expect(member(m, 'w', 'b').attrs).toEqual({ countedBy: 'count' });
    expect(member(m, 'x', 'y').attrs).toEqual({ other: ['deprecated', 'unused'] });
    expect(record(m, 'p').attrs).toEqual({ packed: true });
    expect(member(m, 'q', 'l').attrs).toEqual({ aligned: 4 });
  });

  it('reports a non-constant or non-power-of-two aligned() argument', () => {
    const m = parseText(`struct s {\n int a __attribute__((aligned(3)));\n int b __attribute__((aligned(nope)));\n};`);
    expect(m.diagnostics.map((d) => `${d.loc.line}: ${d.message}`)).toEqual([
      '2: aligned(3) is not a power-of-two constant',
      '3: aligned(nope) is not a power-of-two constant',
    ]);
  });

  it('attaches enum attributes', () => {
    const m = parseText(`enum __attribute__((packed)) e1 { A, B }; enum e2 { C } __attribute__((packed));`);
    expect(m.enums.map((e) => e.attrs)).toEqual([{ packed: true }, { packed: true }]);
  });
});

describe('#pragma pack', () => {
  it('records the pack value in effect at each definition, with push and pop', () => {
    const m = parseText(`struct a { char c; int i; };
#pragma pack(2)
struct b { char c; int i; };
#pragma pack(push, 1)
struct c { char c; struct { int x; } inner; };
#pragma pack(pop)
struct d { char c; };
#pragma pack()
struct e { char c; };
#pragma pack(3)
`);
    expect(['a', 'b', 'c', 'd', 'e'].map((t) => record(m, t).maxFieldAlign)).toEqual([undefined, 2, 1, 2, undefined]);
    // the record nested in struct c is defined under the same pragma
    expect(m.records.filter((r) => r.tag === null).map((r) => r.maxFieldAlign)).toEqual([1]);
    expect(m.diagnostics.map((d) => `${d.loc.line}: ${d.message}`)).toEqual(["10: '#pragma pack(3)': alignment must be a power of two"]);
  });

  it('reaches the front end through the preprocessor (linux/cciss_defs.h, linux/batadv_packet.h)', async () => {
    const { buildTypeModel } = await import('../../../src/c/build-type-model.ts');
    const { systemIncludeDirsFor } = await import('../../../src/c/preprocess/index.ts');
    const fs = await import('node:fs');
    const build = (path: string) =>
      buildTypeModel({ path, text: fs.readFileSync(path, 'utf8') }, { abi: 'x86_64', kernel: false, includeDirs: systemIncludeDirsFor('x86_64') });
    const cciss = build('/usr/include/linux/cciss_defs.h');
    expect(record(cciss, '_SCSI3Addr_struct').maxFieldAlign).toBe(1);
    const batadv = build('/usr/include/linux/batadv_packet.h');
    expect(record(batadv, 'batadv_ogm_packet').maxFieldAlign).toBe(2);
  });
});
