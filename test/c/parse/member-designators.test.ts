/**
 * Offsets and sizes uAPI macros spell in ways tree-sitter-c does not read as
 * they are (linux/fuse.h's `offsetof(struct fuse_direntplus, dirent.name)`,
 * nilfs2's `(long)&((struct nilfs_super_block *)0)->s_reserved`,
 * fscrypt's `_IOW('f', 20, __u8[16])`, xattr.h's `sizeof("os2.") - 1`,
 * fs.h's `_IOR(0x12, 114, size_t)`), against GCC's values on ABIs of both
 * long widths and both byte orders.
 */
import { describe, expect, it } from 'vitest';
import { layoutHeader } from '../../../src/abi/layout/index.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { normalizeGnuC } from '../../../src/c/parse/gnu-normalize.ts';
import { designatorSteps } from '../../../src/c/parse/member-designators.ts';
import { gccConstants } from './gcc-values.ts';

const HEADER = `
typedef unsigned char u8_t;
typedef unsigned short u16_t;
enum { SLOT = 3 };
struct inner { int a; char name[5]; long tail; };
struct outer { char c; struct inner dirent; struct inner arr[4]; union { short s; struct { char x, y[3]; } n; }; };
#define IOC(dir, size) (((dir) << 30) | ((size) << 16) | 0x6601)
#define V_DESIG offsetof(struct outer, dirent.name)
#define V_DESIG_INDEX offsetof(struct outer, arr[2].name[1])
#define V_DESIG_ENUM __builtin_offsetof(struct outer, arr [ SLOT ] . tail)
#define V_DESIG_ANON offsetof(struct outer, n.y[2])
#define V_ADDR ((long)&((struct outer *)0)->dirent)
#define V_ADDR_DEEP ((unsigned long)&((struct outer *)0)->arr[1].name[2])
#define V_ADDR_ARROW ((long)&(&((struct outer *)0)->arr[2])->tail)
#define V_ARRAY_TYPE sizeof(u8_t[16])
#define V_ARRAY_2D sizeof(u16_t[SLOT + 1][2])
#define V_IOC IOC(2U, sizeof(u16_t[SLOT]))
#define PREFIX "os2."
#define V_STRING (sizeof(PREFIX) - 1)
#define V_STRINGS sizeof("ab" "cde")
#define V_SIZE_T IOC(1U, sizeof(size_t))
#define V_PTRDIFF_T sizeof(ptrdiff_t)
struct sized {
  char a[offsetof(struct outer, arr[1].tail)];
  char b[(unsigned long)&((struct outer *)0)->n.y[1]];
  char c[sizeof(u16_t[5])];
};
`;
const NAMES = ['V_DESIG', 'V_DESIG_INDEX', 'V_DESIG_ENUM', 'V_DESIG_ANON', 'V_ADDR', 'V_ADDR_DEEP', 'V_ADDR_ARROW', 'V_ARRAY_TYPE', 'V_ARRAY_2D',
  'V_IOC', 'V_STRING', 'V_STRINGS', 'V_SIZE_T', 'V_PTRDIFF_T'];
/** For GCC: offsetof and <stddef.h>'s types, which the header names without declaring (as uAPI headers do). */
const GCC_PRELUDE = '#define offsetof(t, m) __builtin_offsetof(t, m)\ntypedef __SIZE_TYPE__ size_t;\ntypedef __PTRDIFF_TYPE__ ptrdiff_t;\n';

const ABIS: AbiName[] = ['x86_64', 'i386', 'aarch64', 'ppc32', 's390x', 'm68k'];

describe('offsets, address constants and type operands in constant expressions', () => {
  for (const abi of ABIS) {
    it(`${abi}: macro values and array sizes as GCC computes them`, async () => {
      const expected = await gccConstants(abi, GCC_PRELUDE + HEADER, NAMES);
      expect(expected).not.toBeNull();
      const model = buildTypeModel({ path: '/tmp/designators.h', text: HEADER }, { abi, kernel: false, includeDirs: [] });
      const ours = NAMES.map((n) => model.macros.find((m) => m.name === n)?.value);
      expect(ours.map((v) => (v === undefined ? v : BigInt.asUintN(64, v)))).toEqual(expected);

      const [size] = (await gccConstants(abi, GCC_PRELUDE + HEADER, ['sizeof(struct sized)']))!;
      expect(model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(BigInt(layoutHeader(model, '/tmp/designators.h', abi).records.find((r) => r.name === 'sized')!.size)).toBe(size);
    });
  }

  it('size_t is <stddef.h>\'s only for macro values: a uAPI struct member of that type is still unknown', () => {
    const m = buildTypeModel({ path: '/tmp/s.h', text: 'struct s { size_t n; };\n' }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(m.diagnostics.map((d) => d.message)).toContainEqual("unknown type name 'size_t'");
  });

  it('a wide string, an index that is not constant and a missing member have no value', () => {
    const text = `${HEADER}\nextern int n;\n#define W_WIDE sizeof(L"ab")\n#define W_INDEX offsetof(struct outer, arr[n])\n#define W_MEMBER offsetof(struct outer, dirent.nope)\n`
      + '#define W_NOT_ARRAY offsetof(struct outer, dirent[1])\n';
    const m = buildTypeModel({ path: '/tmp/w.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    for (const name of ['W_WIDE', 'W_INDEX', 'W_MEMBER', 'W_NOT_ARRAY']) expect(m.macros.find((d) => d.name === name)?.value, name).toBeUndefined();
  });

  it('normalization spells a long designator as one identifier without moving anything', () => {
    const source = 'x = offsetof(__typeof__(s), a .b[ 2 ]); y = "offsetof(t, a.b)"; z = __builtin_offsetof(struct t, c);\n';
    const { text } = normalizeGnuC(source);
    expect(text.length).toBe(source.length);
    expect(text).toContain('offsetof(typeof    (s), aǃǂbǀǃ2ǃǁ)');
    expect(text).toContain('"offsetof(t, a.b)"');
    expect(text).toContain('offsetof          (struct t, c)');
    expect(designatorSteps('aǃǂbǀǃ2ǃǁ')).toEqual([{ member: 'a' }, { member: 'b' }, { index: '2' }]);
  });
});
