/**
 * The engine on hand-written TypeModels: the measured facts of
 * ../shared/docs/ABI-FACTS.md section 2, the DESIGN.md naming conventions,
 * partial records and the error policy.
 */
import { describe, expect, it } from 'vitest';
import type { CType, Member, RecordDecl, TypeModel } from '../../../src/c/type-model.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { layoutHeader, layoutRecord, LayoutError, sizeAlignOf } from '../../../src/abi/layout/index.ts';

const FILE = 'include/uapi/linux/x.h';
const b = (name: string): CType => ({ kind: 'builtin', name });
const u8 = b('unsigned char'), u32 = b('unsigned int'), u64 = b('unsigned long long'), char = b('char'), int = b('int');

type M = [name: string | null, type: CType, opts?: Partial<Pick<Member, 'bitWidth' | 'attrs' | 'unknownLines'>>];

function rec(id: string, kind: 'struct' | 'union', members: M[], extra: Partial<RecordDecl> = {}, line = 1): RecordDecl {
  const tag = id.startsWith('anon') ? null : id.split(' ')[1]!;
  return {
    id, kind, tag, complete: true, attrs: {}, loc: { file: FILE, line },
    members: members.map(([name, type, o]) => ({ name, type, attrs: {}, loc: { file: FILE, line }, text: '', ...o })),
    ...extra,
  };
}

function model(records: RecordDecl[]): TypeModel {
  return { abi: 'x86_64', records, enums: [], typedefs: [], macros: [], functions: [], diagnostics: [] };
}

function sizeOn(abi: AbiName, ...members: M[]): number {
  return layoutRecord(model([rec('struct t', 'struct', members)]), 'struct t', abi).size;
}

describe('ABI-FACTS section 2, measured with GCC', () => {
  const cases: [string, M[], Partial<Record<AbiName, number>>][] = [
    ['struct{u32;u64;u32}', [['a', u32], ['b', u64], ['c', u32]], { x86_64: 24, i386: 16, x32: 24, arm: 24, m68k: 16 }],
    ['struct{u64;u32}', [['a', u64], ['b', u32]], { x86_64: 16, i386: 12, m68k: 12 }],
    ['struct{u32 n; u64 d[];}', [['n', u32], ['d', { kind: 'array', of: u64, length: null }]], { x86_64: 8, i386: 4, arm: 8 }],
    ['struct{char; u64 x:4}', [['a', char], ['x', u64, { bitWidth: 4 }]], { x86_64: 8, i386: 4, m68k: 2 }],
    ['struct{char a; int :0; char b}', [['a', char], [null, int, { bitWidth: 0 }], ['b', char]], { x86_64: 5, arm: 8, aarch64: 8, s390x: 5, m68k: 4 }],
    ['struct{char a; long long :0; char b}', [['a', char], [null, b('long long'), { bitWidth: 0 }], ['b', char]], { x86_64: 9, i386: 5, arm: 16, aarch64: 16 }],
    ['struct{u64 a:40; u32 b:30}', [['a', u64, { bitWidth: 40 }], ['b', u32, { bitWidth: 30 }]], { x86_64: 16, i386: 12, m68k: 9 }],
    ['struct{u32; u64 __aligned(8)}', [['a', u32], ['b', u64, { attrs: { aligned: 8 } }]], { x86_64: 16, i386: 16 }],
  ];
  for (const [what, members, want] of cases) {
    for (const [abi, size] of Object.entries(want)) {
      it(`${what} is ${size} bytes on ${abi}`, () => expect(sizeOn(abi as AbiName, ...members)).toBe(size));
    }
  }

  it('packed struct{char; u32} is 5 everywhere', () => {
    const m = model([rec('struct p', 'struct', [['a', char], ['b', u32]], { attrs: { packed: true } })]);
    for (const abi of ['x86_64', 'i386', 'arm', 'm68k', 's390x'] as const) expect(layoutRecord(m, 'struct p', abi)).toMatchObject({ size: 5, align: 1 });
  });

  it('builtin sizes and alignments', () => {
    const m = model([]);
    expect(sizeAlignOf(m, b('long double'), 'i386')).toEqual({ size: 12, align: 4 });
    expect(sizeAlignOf(m, b('long double'), 's390x')).toEqual({ size: 16, align: 8 });
    expect(sizeAlignOf(m, b('long double'), 'arm')).toEqual({ size: 8, align: 8 });
    expect(sizeAlignOf(m, b('long double'), 'mips')).toEqual({ size: 8, align: 8 });
    expect(sizeAlignOf(m, b('long double'), 'ppc32')).toEqual({ size: 16, align: 16 });
    expect(sizeAlignOf(m, b('long'), 'x32')).toEqual({ size: 4, align: 4 });
    expect(sizeAlignOf(m, { kind: 'pointer', to: { kind: 'void' } }, 'm68k')).toEqual({ size: 4, align: 2 });
  });
});

describe('bitfields of a packed struct', () => {
  it('straddle bytes whatever their type\'s alignment (GCC >= 4.4), on every ABI', () => {
    // struct { char x:3; unsigned char m3:6; unsigned char m4:8; } __attribute__((packed)): GCC 12 puts m3 at bit 3, m4 at bit 9
    const m = model([rec('struct p', 'struct', [['x', char, { bitWidth: 3 }], ['m3', u8, { bitWidth: 6 }], ['m4', u8, { bitWidth: 8 }]], { attrs: { packed: true } })]);
    for (const abi of ['x86_64', 'i386', 'arm', 'aarch64', 's390x', 'm68k', 'ppc32'] as const) {
      const l = layoutRecord(m, 'struct p', abi);
      expect([l.size, ...l.members.map((x) => x.bitOffset)], abi).toEqual([3, 0, 3, 9]);
    }
    // without packed, m3 may not straddle a byte (it moves to bit 8) and m4 follows whole
    const plain = model([rec('struct q', 'struct', [['x', char, { bitWidth: 3 }], ['m3', u8, { bitWidth: 6 }], ['m4', u8, { bitWidth: 8 }]])]);
    expect(layoutRecord(plain, 'struct q', 'x86_64').members.map((x) => x.bitOffset)).toEqual([0, 8, 16]);
  });
});

describe('big-endian bit offsets are in storage order', () => {
  it('counts from the MSB of byte 0 like DW_AT_data_bit_offset', () => {
    const m = model([rec('struct t', 'struct', [['a', u8, { bitWidth: 4 }], ['b', u8, { bitWidth: 4 }]])]);
    for (const abi of ['x86_64', 's390x'] as const) {
      expect(layoutRecord(m, 'struct t', abi).members.map((x) => x.bitOffset)).toEqual([0, 4]);
    }
  });
});

describe('DESIGN.md naming in layoutHeader', () => {
  const anonInner = rec('anon#1', 'union', [['x', u32], ['y', u64]], {}, 3);
  const tagless = rec('anon#2', 'struct', [['v', char]], { typedefName: 'foo_t' }, 5);
  const outer = rec('struct outer', 'struct', [
    ['a', u32],
    [null, { kind: 'record', id: 'anon#1' }],
    ['t', { kind: 'typedef', name: 'foo_t', to: { kind: 'record', id: 'anon#2' } }],
    [null, u32, { bitWidth: 3 }],
    ['bits', u32, { bitWidth: 5 }],
    ['arr', { kind: 'array', of: { kind: 'record', id: 'anon#1' }, length: 2 }],
  ], {}, 2);
  const m = model([outer, anonInner, tagless, { ...rec('struct fwd', 'struct', []), complete: false }]);

  it('lists named and typedef-named records in source order, expands anonymous members only', () => {
    const h = layoutHeader(m, FILE, 'x86_64');
    expect(h.failures).toEqual([]);
    expect(h.records.map((r) => [r.name, r.typedef ?? false])).toEqual([['outer', false], ['foo_t', true]]);
    const o = h.records[0]!;
    expect(o.members.map((x) => x.name)).toEqual(['a', '(anon)', 't', 'bits', 'arr']);
    expect(o.members[1]).toMatchObject({ offset: 8, size: 8, kind: 'union' });
    expect(o.members[1]!.members!.map((x) => x.name)).toEqual(['x', 'y']);
    expect(o.members[2]!.members).toBeUndefined();
    expect(o.members[3]).toMatchObject({ offset: 17, size: 4, bitOffset: 139, bitSize: 5 });
    expect(o.members[4]).toMatchObject({ offset: 24, size: 16, kind: 'union' });
  });
});

describe('errors and partial records', () => {
  it('throws a LayoutError naming file:line for an incomplete member type', () => {
    const m = model([rec('struct a', 'struct', [['f', { kind: 'record', id: 'struct fwd' }]]), { ...rec('struct fwd', 'struct', []), complete: false }]);
    expect(() => layoutRecord(m, 'struct a', 'x86_64')).toThrow(LayoutError);
    expect(() => layoutRecord(m, 'struct a', 'x86_64')).toThrow(/x\.h:1: incomplete type 'struct fwd'/);
    expect(layoutHeader(m, FILE, 'x86_64').failures[0]).toMatchObject({ name: 'struct a', reason: "incomplete type 'struct fwd'" });
  });

  it('rejects __int128 on i386 and a record containing itself', () => {
    expect(() => sizeAlignOf(model([]), b('__int128'), 'i386')).toThrow(/does not exist on i386/);
    const self = model([rec('struct s', 'struct', [['me', { kind: 'record', id: 'struct s' }]])]);
    expect(() => layoutRecord(self, 'struct s', 'x86_64')).toThrow(/contains itself/);
  });

  it('lays out a record with unknown lines as partial, in segments', () => {
    const m = model([rec('struct p', 'struct', [['a', u32], ['b', u64], [null, int, { unknownLines: { start: 10, end: 12 } }], ['c', u32], ['d', u64]], { partial: true })]);
    const l = layoutRecord(m, 'struct p', 'x86_64');
    expect(l.partial?.unknownLines).toEqual([{ start: 10, end: 12 }]);
    // `d` needs more alignment than `c`, the first known member after the gap: where it
    // lands depends on where the unknown lines end, so it starts a segment of its own.
    expect(l.members.map((x) => [x.name, x.offset, x.segment ?? 0])).toEqual([['a', 0, 0], ['b', 8, 0], ['c', 0, 1], ['d', 0, 2]]);
    // The size stays a lower bound: every known member, rounded to the alignment.
    expect(l.size).toBe(32);
  });

  it('keeps relative offsets within a segment while alignment allows', () => {
    const m = model([rec('struct q', 'struct', [[null, int, { unknownLines: { start: 3, end: 3 } }], ['c', u64], ['d', u32], ['e', u64]], { partial: true })]);
    const l = layoutRecord(m, 'struct q', 'x86_64');
    expect(l.members.map((x) => [x.name, x.offset, x.segment ?? 0])).toEqual([['c', 0, 1], ['d', 8, 1], ['e', 16, 1]]);
  });
});

describe('pahole-style text', () => {
  it('marks offsets after unknown lines as relative', async () => {
    const { renderRecordLayout } = await import('../../../src/report/render-layout-text.ts');
    const m = model([rec('struct p', 'struct', [['a', u32], [null, int, { unknownLines: { start: 10, end: 12 } }], ['c', u32]], { partial: true })]);
    const text = renderRecordLayout(layoutRecord(m, 'struct p', 'x86_64'), 'x86_64');
    expect(text).toContain('/* ... offset unknown: lines the diff does not show, or padding after them ... */');
    expect(text).toContain('/* size: >= 8, align: >= 4');
    expect(text).not.toContain('padding:');
    expect(text).toMatch(/c;\s+\/\*\s+\?\+0\s+4 \*\//);
    expect(text).toContain('PARTIAL');
  });
});

describe('a bitfield as wide as an integer mode becomes an ordinary field (GCC layout_decl), i386 measured with gcc -m32', () => {
  const full = (userAlign?: number): M => ['m', u64, { bitWidth: 64, attrs: userAlign ? { aligned: userAlign } : {} }];
  const on = (r: RecordDecl) => layoutRecord(model([r]), r.id, 'i386');
  it('with an aligned attribute it keeps the mode alignment where its position allows', () => {
    expect(on(rec('struct t1', 'struct', [full(1)]))).toMatchObject({ size: 8, align: 8 });
    expect(on(rec('struct t2', 'struct', [['x', int], ['y', int], full(1)]))).toMatchObject({ size: 16, align: 8 });
    expect(on(rec('struct t3', 'struct', [['c', char], ['x', int], ['y', int], full(1)]))).toMatchObject({ size: 20, align: 4 });
    expect(on(rec('union u1', 'union', [['s', b('short')], full(2)]))).toMatchObject({ size: 8, align: 8 });
  });
  it('without one, the in-struct alignment of long long (4) applies', () => {
    expect(on(rec('union u2', 'union', [['s', b('short')], full()]))).toMatchObject({ size: 8, align: 4 });
    expect(on(rec('struct t1', 'struct', [full()]))).toMatchObject({ size: 8, align: 4 });
  });
});

describe('#pragma pack (RecordDecl.maxFieldAlign, set by the front end)', () => {
  it('caps member alignment of records defined under it', () => {
    const m = model([rec('struct p', 'struct', [['a', char], ['b', u64]], { maxFieldAlign: 2 }), rec('struct q', 'struct', [['a', char], ['b', u64]])]);
    expect(layoutRecord(m, 'struct p', 'x86_64')).toMatchObject({ size: 10, align: 2 });
    expect(layoutRecord(m, 'struct q', 'x86_64')).toMatchObject({ size: 16, align: 8 });
  });
});
