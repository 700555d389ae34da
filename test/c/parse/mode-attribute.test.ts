/**
 * GCC's mode(M) attribute: an enum with it (the kernel's netfs.h and
 * fscache.h: `} __mode(byte);`) or an integer declared with it (a typedef, a
 * member) has the size of machine mode M. Compared with GCC on ABIs whose
 * word, long long alignment and char signedness differ.
 */
import { describe, expect, it } from 'vitest';
import { layoutHeader } from '../../../src/abi/layout/index.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { gccConstants } from './gcc-values.ts';

const HEADER = `
enum e_byte { A1, B1 } __attribute__((mode(byte)));
enum e_hi { A2 = -1, B2 } __attribute__((__mode__(__HI__)));
enum e_di { A3 } __attribute__((mode(DI)));
enum e_word { A4 } __attribute__((mode(word)));
typedef int qi_t __attribute__((mode(QI)));
typedef unsigned int udi_t __attribute__((__mode__(DI)));
struct modes {
  char c;
  enum e_byte a;
  enum e_hi b;
  enum e_di d;
  char e;
  enum e_word w;
  qi_t q;
  int h __attribute__((mode(HI)));
  udi_t u;
  char p __attribute__((mode(pointer)));
};
`;
const FIELDS = ['a', 'b', 'd', 'e', 'w', 'q', 'h', 'u', 'p'];
const EXPRS = [
  'sizeof(struct modes)', '_Alignof(struct modes)', ...FIELDS.map((f) => `__builtin_offsetof(struct modes, ${f})`),
  'sizeof(enum e_byte)', 'sizeof(enum e_hi)', 'sizeof(enum e_di)', '_Alignof(enum e_di)', 'sizeof(enum e_word)', 'sizeof(qi_t)', 'sizeof(udi_t)',
  '(qi_t)-1 < 0', '(udi_t)-1 > 0',
];

const ABIS: AbiName[] = ['x86_64', 'i386', 'x32', 'arm', 'aarch64', 'm68k', 's390x'];

describe('mode(M) gives an enum or an integer the size of machine mode M', () => {
  for (const abi of ABIS) {
    it(abi, async () => {
      const gcc = await gccConstants(abi, HEADER, EXPRS);
      expect(gcc).not.toBeNull();
      const model = buildTypeModel({ path: '/tmp/modes.h', text: `${HEADER}\n${EXPRS.map((e, i) => `#define V${i} (${e})`).join('\n')}\n` }, { abi, kernel: false, includeDirs: [] });
      expect(model.diagnostics).toEqual([]);
      const rec = layoutHeader(model, '/tmp/modes.h', abi).records.find((r) => r.name === 'modes')!;
      expect(BigInt(rec.size)).toBe(gcc![0]);
      expect(BigInt(rec.align)).toBe(gcc![1]);
      expect(FIELDS.map((f) => BigInt(rec.members.find((m) => m.name === f)!.offset))).toEqual(gcc!.slice(2, 2 + FIELDS.length));
      // the same through constant expressions (sizeof, _Alignof, offsetof, casts to the typedefs)
      const values = EXPRS.map((_, i) => model.macros.find((m) => m.name === `V${i}`)?.value);
      expect(values.map((v) => (v === undefined ? v : BigInt.asUintN(64, v)))).toEqual(gcc);
    });
  }
});

describe('a mode the ABI has no integer for', () => {
  it('is a layout failure naming the mode, as GCC refuses mode(TI) on i386', () => {
    const text = 'enum e_ti { A } __attribute__((mode(TI)));\nstruct s { enum e_ti x; };\n';
    const h = (abi: AbiName) => layoutHeader(buildTypeModel({ path: '/tmp/ti.h', text }, { abi, kernel: false, includeDirs: [] }), '/tmp/ti.h', abi);
    expect(h('i386').failures.map((f) => f.reason)).toEqual(['enum e_ti: no 16-byte integer on i386 for mode(TI)']);
    expect(h('x86_64').records.find((r) => r.name === 's')!.size).toBe(16);
  });
});
