/**
 * The oracle's own machinery: reading GCC's layouts from DWARF (DWARF 5
 * data_bit_offset in structs, DWARF 2 bit_offset in unions, both byte
 * orders) and the `_Alignof` probes (given, partly given, wrong names).
 */
import { describe, expect, it } from 'vitest';
import { gccRecordsOfSource } from './gcc/gcc-layouts.ts';

const SRC = `
struct s { char a; unsigned int b:3, c:7; long long d; };
union u { unsigned char x:3; unsigned short y:9; int z; };
typedef struct { short h; struct { char i; } in; } t_t;
`;

describe('GCC oracle machinery', () => {
  it.each(['x86_64', 's390x'] as const)('reads bitfields in structs and unions on %s', async (abi) => {
    const r = await gccRecordsOfSource(abi, SRC, null);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.records.map((x) => [x.name, x.size, x.align, x.typedef ?? false])).toEqual([['s', 16, 8, false], ['u', 4, 4, false], ['t_t', 4, 2, true]]);
    expect(r.records[0]!.members.map((m) => [m.name, m.offset, m.bitOffset, m.bitSize])).toEqual([
      ['a', 0, undefined, undefined], ['b', 1, 8, 3], ['c', 1, 11, 7], ['d', 8, undefined, undefined]]);
    expect(r.records[1]!.members.map((m) => [m.name, m.bitOffset ?? null])).toEqual([['x', 0], ['y', 0], ['z', null]]);
    expect(r.records[2]!.members[1]).toEqual({ name: 'in', offset: 2, size: 1, kind: 'struct', members: [{ name: 'i', offset: 0, size: 1 }] });
  }, 60_000);

  it('gives the same answer whatever alignment probes it is handed', async () => {
    const plain = await gccRecordsOfSource('i386', SRC, null);
    const probed = await gccRecordsOfSource('i386', SRC, null, ['struct s', 'union u', 't_t']);
    const partly = await gccRecordsOfSource('i386', SRC, null, ['struct s']);
    const wrong = await gccRecordsOfSource('i386', SRC, null, ['struct nonexistent']);
    expect(probed).toEqual(plain);
    expect(partly).toEqual(plain);
    expect(wrong).toEqual(plain);
    expect(plain.ok && plain.records[0]!.align).toBe(4);
  }, 60_000);
});
