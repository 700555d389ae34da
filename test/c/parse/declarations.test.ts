import { describe, expect, it } from 'vitest';
import { unknownType } from '../../../src/c/parse/c-types.ts';
import type { CType } from '../../../src/c/type-model.ts';
import { errors, member, parseText, record } from './helpers.ts';

const u32: CType = { kind: 'typedef', name: '__u32', to: { kind: 'builtin', name: 'unsigned int' } };

describe('records and members', () => {
  it('resolves typedef chains, builtin spellings, pointers, arrays and function pointers', () => {
    const m = parseText(`
typedef unsigned int __u32;
typedef __u32 __le32;
typedef __le32 wire_t;
struct s {
  wire_t w;
  long unsigned int lu;
  short int si;
  signed char sc;
  unsigned u;
  unsigned __int128 big;
  long double ld;
  char *p, **pp, *ap[3], (*pa)[4];
  int m[2][3];
  struct s *next;
  int (*op)(struct s *self, unsigned long flags, ...);
  void (*const *ops_table)(void);
};`);
    expect(errors(m)).toEqual([]);
    expect(member(m, 's', 'w').type).toEqual({
      kind: 'typedef',
      name: 'wire_t',
      to: { kind: 'typedef', name: '__le32', to: u32 },
    });
    expect(member(m, 's', 'lu').type).toEqual({ kind: 'builtin', name: 'unsigned long' });
    expect(member(m, 's', 'si').type).toEqual({ kind: 'builtin', name: 'short' });
    expect(member(m, 's', 'sc').type).toEqual({ kind: 'builtin', name: 'signed char' });
    expect(member(m, 's', 'u').type).toEqual({ kind: 'builtin', name: 'unsigned int' });
    expect(member(m, 's', 'big').type).toEqual({ kind: 'builtin', name: 'unsigned __int128' });
    expect(member(m, 's', 'ld').type).toEqual({ kind: 'builtin', name: 'long double' });
    const char: CType = { kind: 'builtin', name: 'char' };
    expect(member(m, 's', 'p').type).toEqual({ kind: 'pointer', to: char });
    expect(member(m, 's', 'pp').type).toEqual({ kind: 'pointer', to: { kind: 'pointer', to: char } });
    expect(member(m, 's', 'ap').type).toEqual({ kind: 'array', of: { kind: 'pointer', to: char }, length: 3 });
    expect(member(m, 's', 'pa').type).toEqual({ kind: 'pointer', to: { kind: 'array', of: char, length: 4 } });
    expect(member(m, 's', 'm').type).toEqual({
      kind: 'array',
      of: { kind: 'array', of: { kind: 'builtin', name: 'int' }, length: 3 },
      length: 2,
    });
    expect(member(m, 's', 'op').type).toEqual({
      kind: 'pointer',
      to: {
        kind: 'function',
        returns: { kind: 'builtin', name: 'int' },
        params: [{ kind: 'pointer', to: { kind: 'record', id: 's' } }, { kind: 'builtin', name: 'unsigned long' }],
        variadic: true,
      },
    });
    expect(member(m, 's', 'ops_table').type).toEqual({
      kind: 'pointer',
      to: { kind: 'pointer', to: { kind: 'function', returns: { kind: 'void' }, params: [], variadic: false } },
    });
  });

  it('evaluates array sizes: enumerators, sizeof, casts, typedef names in parentheses', () => {
    const m = parseText(`
typedef unsigned int __u32;
typedef unsigned long long __u64;
enum { FOO = 3, BAR };
struct inner { __u32 a; __u64 b; };
struct s {
  char a[2 * FOO];
  char b[sizeof(struct inner)];
  char c[sizeof (__u64) - sizeof(__u32)];
  char d[(__u32)-1 == 0xffffffffU ? 1 : 2];
  char e[BAR << 1];
  char f[sizeof(((struct inner *)0)->b) + __builtin_offsetof(struct inner, b)];
  char g[_Alignof(__u64)];
  char h['A' - 64];
  char flex[];
};
struct z { int n; char zero[0]; };`);
    expect(errors(m)).toEqual([]);
    const len = (n: string) => {
      const t = member(m, 's', n).type;
      return t.kind === 'array' ? t.length : 'not an array';
    };
    expect([len('a'), len('b'), len('c'), len('d'), len('e'), len('f'), len('g'), len('h'), len('flex')]).toEqual([
      6, 16, 4, 1, 8, 16, 8, 1, null,
    ]);
    expect(member(m, 'z', 'zero').type).toMatchObject({ kind: 'array', length: 0 });
    // i386: __u64 is 4-aligned inside structs
    const i386 = parseText(`typedef unsigned long long u64; struct i { int a; u64 b; }; struct s { char x[sizeof(struct i)]; };`, 'i386');
    expect(member(i386, 's', 'x').type).toMatchObject({ length: 12 });
  });

  it('handles bitfields: named, unnamed, zero-width, after a comma', () => {
    const m = parseText(`
typedef unsigned int __u32;
struct b { __u32 a:3, :2, c:5; __u32 :0; unsigned char d:1; int :7; __u32 e : 1 + 2; };`);
    expect(errors(m)).toEqual([]);
    expect(record(m, 'b').members.map((x) => [x.name, x.bitWidth])).toEqual([
      ['a', 3],
      [null, 2],
      ['c', 5],
      [null, 0],
      ['d', 1],
      [null, 7],
      ['e', 3],
    ]);
  });

  it('keeps anonymous members, nested named records and tagless typedefs', () => {
    const m = parseText(`
typedef unsigned long long __u64;
struct vfio_region_dma_range {
  union { __u64 offset; struct tph { unsigned short tag; } tph; };
  union { __u64 length; __u64 reserved; };
  struct { int x; } named;
};
typedef struct { int a; } anon_t;
typedef union { int a; float f; } anon_u, *anon_up;`);
    expect(errors(m)).toEqual([]);
    const r = record(m, 'vfio_region_dma_range');
    expect(r.members.map((x) => [x.name, x.type.kind])).toEqual([
      [null, 'record'],
      [null, 'record'],
      ['named', 'record'],
    ]);
    const first = r.members[0]!.type as { kind: 'record'; id: string };
    const u = m.records.find((x) => x.id === first.id)!;
    expect(u).toMatchObject({ kind: 'union', tag: null, complete: true });
    expect(u.id).toMatch(/^anon#\d+@t\.h:4$/);
    expect(u.members.map((x) => x.name)).toEqual(['offset', 'tph']);
    expect(record(m, 'tph').members[0]!.name).toBe('tag');
    expect(record(m, 'anon_t')).toMatchObject({ tag: null, typedefName: 'anon_t', kind: 'struct' });
    expect(record(m, 'anon_u')).toMatchObject({ tag: null, typedefName: 'anon_u', kind: 'union' });
    expect(m.typedefs.find((t) => t.name === 'anon_up')!.type.kind).toBe('pointer');
  });

  it('numbers anonymous records per place, so ids do not depend on what was included before', () => {
    const m = parseText(['struct { int a; } x; struct { int b; } y;', 'enum { A, B };', 'struct { int c; } z;'].join('\n'));
    expect([...m.records.map((r) => r.id), ...m.enums.map((e) => e.id)]).toEqual(['anon#1@t.h:1', 'anon#2@t.h:1', 'anon#1@t.h:3', 'anon#1@t.h:2']);
  });

  it('records locations, end lines and member texts from the original text', () => {
    const m = parseText(`\n\nstruct s {\n  int a __attribute__((aligned(8)));\n  char   b;\n};`);
    const r = record(m, 's');
    expect(r.loc).toEqual({ file: 't.h', line: 3 });
    expect(r.endLine).toBe(6);
    expect(r.members.map((x) => [x.loc.line, x.text])).toEqual([
      [4, 'int a __attribute__((aligned(8)));'],
      [5, 'char b;'],
    ]);
  });

  it('completes a forward declaration in place and keeps source order', () => {
    const m = parseText(`struct later; struct user { struct later *p; }; struct later { int x; };`);
    expect(m.records.map((r) => [r.tag, r.complete])).toEqual([
      ['user', true],
      ['later', true],
    ]);
  });

  it('maps locations through the origins of preprocessed output', () => {
    const text = 'struct a {\n int x;\n};\nstruct b { int y; };';
    const origins = [
      { file: 'x.h', line: 10 },
      { file: 'x.h', line: 11 },
      { file: 'x.h', line: 12 },
      { file: 'y.h', line: 3 },
    ];
    return import('../../../src/c/parse/parse-translation-unit.ts').then(({ parseTranslationUnit }) => {
      const m = parseTranslationUnit(text, origins, 'x86_64');
      expect(m.records.map((r) => [r.tag, r.loc, r.endLine])).toEqual([
        ['a', { file: 'x.h', line: 10 }, 12],
        ['b', { file: 'y.h', line: 3 }, 3],
      ]);
    });
  });
});

describe('enums', () => {
  it('evaluates implicit increments, references, casts, shifts and negative values', () => {
    const m = parseText(`
typedef unsigned long long __u64;
enum e {
  A,
  B = 5,
  C,
  D = B << 2,
  E = -1,
  F,
  G = (int)sizeof(__u64),
  H = 'x',
  I = 0x80000000,
  J = (__u64)-32,
  K = 1 ? C : D,
  L = ~0U,
};`);
    expect(errors(m)).toEqual([]);
    expect(m.enums[0]!.enumerators.map((e) => [e.name, e.value])).toEqual([
      ['A', 0n],
      ['B', 5n],
      ['C', 6n],
      ['D', 20n],
      ['E', -1n],
      ['F', 0n],
      ['G', 8n],
      ['H', 120n],
      ['I', 0x80000000n],
      ['J', 0xffffffffffffffe0n],
      ['K', 6n],
      ['L', 0xffffffffn],
    ]);
  });

  it('reports an enumerator that is not constant, with its line', () => {
    const m = parseText(`enum e {\n  A = 1,\n  B = unknown_thing,\n  C\n};`);
    expect(errors(m)).toEqual([
      "t.h:3: value of enumerator 'B' is not a constant: 'unknown_thing' is not a known constant; assumed 2",
    ]);
    expect(m.enums[0]!.enumerators.map((e) => e.value)).toEqual([1n, 2n, 3n]);
  });
});

describe('functions', () => {
  it('keeps definitions with their text and lines, ignores declarations', () => {
    const text = `int decl(int);
static inline struct s *make(int n, const char *name)
{
	return (void *)0;
}
int plain(void) { return ({ int y = 1; y; }); }`;
    const m = parseText(`struct s { int x; };\n${text}`);
    expect(m.functions.map((f) => [f.name, f.isStatic, f.loc.line, f.endLine, f.params.map((p) => p.name)])).toEqual([
      ['make', true, 3, 6, ['n', 'name']],
      ['plain', false, 7, 7, []],
    ]);
    expect(m.functions[0]!.returns).toEqual({ kind: 'pointer', to: { kind: 'record', id: 's' } });
    expect(m.functions[0]!.text).toBe(text.split('\n').slice(1, 5).join('\n'));
  });
});

describe('unknown type names', () => {
  it('reports each unknown name once with file:line and records an unknown-size typedef', () => {
    const m = parseText(`struct s {\n  mystery_t a;\n  mystery_t b;\n  int ok;\n};`, 'x86_64', { fallbackTypes: false });
    expect(errors(m)).toEqual(["t.h:2: unknown type name 'mystery_t'"]);
    expect(member(m, 's', 'a').type).toEqual(unknownType('mystery_t'));
    expect(member(m, 's', 'ok').type).toEqual({ kind: 'builtin', name: 'int' });
  });
});

describe('constant expressions tree-sitter reads as calls', () => {
  it('evaluates chains of casts to typedef names, as big-endian __cpu_to_be32 expands', () => {
    const m = parseText(`typedef unsigned int __u32;\ntypedef __u32 __be32;\nenum { F = (__be32)(__u32)(0x00200000), G = (__u32)(0x10) << 1 };`, 'ppc64');
    expect(errors(m)).toEqual([]);
    expect(m.enums[0]!.enumerators.map((e) => e.value)).toEqual([0x00200000n, 0x20n]);
  });
});
