/**
 * GCC builtins in integer constant expressions (src/c/parse/const-builtins.ts)
 * and the kernel idioms built on them (ilog2, __is_constexpr, ALIGN's typeof cast, GNU `x ?: y`), against GCC's own values on ABIs of
 * both long widths and both byte orders: macro values, and the array sizes
 * of a struct.
 */
import { describe, expect, it } from 'vitest';
import { layoutHeader } from '../../../src/abi/layout/index.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { gccConstants } from './gcc-values.ts';

const PRELUDE = `
#define ilog2(n) (__builtin_constant_p(n) ? ((n) < 2 ? 0 : 63 - __builtin_clzll(n)) : (sizeof(n) <= 4) ? __ilog2_u32(n) : __ilog2_u64(n))
#define __is_constexpr(x) (sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))
#define __ALIGN_KERNEL(x, a) __ALIGN_KERNEL_MASK(x, (__typeof__(x))(a) - 1)
#define __ALIGN_KERNEL_MASK(x, mask) (((x) + (mask)) & ~(mask))
#define ALIGN(x, a) __ALIGN_KERNEL((x), (a))
struct note { int a; char b; };
int __ilog2_u32(unsigned int);
int __ilog2_u64(unsigned long long);
extern int runtime;
#define V_ILOG2 ilog2(4096)
#define V_ILOG2_RT (__builtin_constant_p(runtime) ? 1 : 2)
#define V_CONSTEXPR __is_constexpr(12)
#define V_NOT_CONSTEXPR (__is_constexpr(runtime) + 10)
#define V_CHOOSE __builtin_choose_expr(sizeof(long) == 8, 64, 32)
#define V_CLZ __builtin_clz(0x10)
#define V_CLZL __builtin_clzl(1UL)
#define V_CTZLL __builtin_ctzll(1ULL << 40)
#define V_POPCOUNTL __builtin_popcountl(-1L)
#define V_FFS __builtin_ffs(0)
#define V_FFSLL __builtin_ffsll(0x100000000ULL)
#define V_PARITY __builtin_parity(7)
#define V_CLRSB __builtin_clrsb(-1)
#define V_BSWAP32 __builtin_bswap32(0x11223344)
#define V_BSWAP64 __builtin_bswap64(0x0102030405060708ULL)
#define V_EXPECT __builtin_expect(5, 1)
#define V_TYPEOF_CAST ((typeof(1UL))-1 >> 31)
#define V_ALIGN ALIGN(sizeof(struct note), 16)
#define V_COND_ARITH sizeof(1 ? 0 : (char)1)
#define V_COND_PTR sizeof(0 ? (char *)0 : 0)
#define V_ELVIS_ZERO (0 ?: 5)
#define V_ELVIS (3 ?: 5)
#define V_ELVIS_TYPE sizeof(1 ?: 2UL)
`;
const NAMES = ['V_ILOG2', 'V_ILOG2_RT', 'V_CONSTEXPR', 'V_NOT_CONSTEXPR', 'V_CHOOSE', 'V_CLZ', 'V_CLZL', 'V_CTZLL', 'V_POPCOUNTL', 'V_FFS', 'V_FFSLL',
  'V_PARITY', 'V_CLRSB', 'V_BSWAP32', 'V_BSWAP64', 'V_EXPECT', 'V_TYPEOF_CAST', 'V_ALIGN',
  'V_COND_ARITH', 'V_COND_PTR', 'V_ELVIS_ZERO', 'V_ELVIS', 'V_ELVIS_TYPE'];

const STRUCT = `${PRELUDE}
struct sized {
  char a[1 << (2 * ilog2(64))];
  char b[__builtin_choose_expr(__is_constexpr(3), 7, 9)];
  char c[__builtin_popcountll(0xf0f0ULL) + __builtin_ffs(0x10)];
  char d[__is_constexpr(runtime) + 1];
  char e[ALIGN(sizeof("CORE"), 4) + ALIGN(3 * 5, 8)];
  /* the kernel's __cacheline_group_begin_aligned(): __aligned((__VA_ARGS__ + 0) ? : SMP_CACHE_BYTES) */
  char f[0] __attribute__((aligned(( + 0) ? : 16)));
  char g;
};
`;

const ABIS: AbiName[] = ['x86_64', 'i386', 'aarch64', 'ppc32', 's390x', 'm68k'];

describe('GCC builtins fold as GCC folds them', () => {
  for (const abi of ABIS) {
    it(`${abi}: macro values and array sizes`, async () => {
      const expected = await gccConstants(abi, PRELUDE, NAMES);
      expect(expected).not.toBeNull();
      const model = buildTypeModel({ path: '/tmp/builtins.h', text: PRELUDE }, { abi, kernel: false, includeDirs: [] });
      // gccConstants reads each value as an unsigned long long
      const ours = NAMES.map((n) => model.macros.find((m) => m.name === n)?.value);
      expect(ours.map((v) => (v === undefined ? v : BigInt.asUintN(64, v)))).toEqual(expected);

      const [size] = (await gccConstants(abi, STRUCT, ['sizeof(struct sized)']))!;
      const m = buildTypeModel({ path: '/tmp/sized.h', text: STRUCT }, { abi, kernel: false, includeDirs: [] });
      expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(BigInt(layoutHeader(m, '/tmp/sized.h', abi).records.find((r) => r.name === 'sized')!.size)).toBe(size);
    });
  }
});
