/**
 * The macros GCC 12 predefines for a Linux target in its default mode
 * (gnu17), derived from the ABI's data model (abi-targets.ts). Only the part
 * headers look at is modelled: language and compiler version, OS, data model
 * (sizes, limits, the <stdint.h> type macros), byte order, char signedness and
 * the arch macros. Keys are `NAME` or `NAME(params)`, values the replacement.
 * In-kernel code also gets `__KERNEL__` and the architecture's Kconfig symbols
 * (kernel-config.ts).
 */
import type { AbiName } from '../../abi/layout-types.ts';
import { abiTarget } from './abi-targets.ts';
import { archKconfig } from './kernel-config.ts';

export function predefinedMacros(abi: AbiName, kernel: boolean): Record<string, string> {
  const t = abiTarget(abi);
  const lp64 = t.longBits === 64;
  const ptr = lp64 ? 8 : 4;
  const int64 = lp64 ? 'long int' : 'long long int';
  const uint64 = lp64 ? 'long unsigned int' : 'long long unsigned int';
  const intptr = lp64 ? 'long int' : 'int';
  const uintptr = lp64 ? 'long unsigned int' : 'unsigned int';
  const int64Suffix = lp64 ? 'L' : 'LL';
  const longMax = lp64 ? '0x7fffffffffffffffL' : '0x7fffffffL';
  const ptrMax = lp64 ? '0x7fffffffffffffffL' : '0x7fffffff';
  const uptrMax = lp64 ? '0xffffffffffffffffUL' : '0xffffffffU';
  const wcharMax = t.wcharType === 'unsigned int' ? '0xffffffffU' : t.wcharType === 'long int' ? '0x7fffffffL' : '0x7fffffff';

  const m: Record<string, string> = {
    __STDC__: '1',
    __STDC_VERSION__: '201710L',
    __STDC_HOSTED__: '1',
    __STDC_UTF_16__: '1',
    __STDC_UTF_32__: '1',
    __GNUC__: '12',
    __GNUC_MINOR__: '2',
    __GNUC_PATCHLEVEL__: '0',
    __VERSION__: '"12.2.0"',
    __GNUC_STDC_INLINE__: '1',
    __CHAR_BIT__: '8',
    __ELF__: '1',
    __linux__: '1', __linux: '1', linux: '1', __gnu_linux__: '1',
    __unix__: '1', __unix: '1', unix: '1',
    __ORDER_LITTLE_ENDIAN__: '1234',
    __ORDER_BIG_ENDIAN__: '4321',
    __ORDER_PDP_ENDIAN__: '3412',
    __BYTE_ORDER__: t.bigEndian ? '__ORDER_BIG_ENDIAN__' : '__ORDER_LITTLE_ENDIAN__',
    __FLOAT_WORD_ORDER__: t.bigEndian ? '__ORDER_BIG_ENDIAN__' : '__ORDER_LITTLE_ENDIAN__',
    __SIZEOF_SHORT__: '2',
    __SIZEOF_INT__: '4',
    __SIZEOF_LONG__: String(ptr),
    __SIZEOF_LONG_LONG__: '8',
    __SIZEOF_POINTER__: String(ptr),
    __SIZEOF_SIZE_T__: String(ptr),
    __SIZEOF_PTRDIFF_T__: String(ptr),
    __SIZEOF_FLOAT__: '4',
    __SIZEOF_DOUBLE__: '8',
    __SIZEOF_LONG_DOUBLE__: String(t.longDoubleSize),
    __SIZEOF_WCHAR_T__: '4',
    __SIZEOF_WINT_T__: '4',
    __BIGGEST_ALIGNMENT__: String(t.biggestAlignment),
    __REGISTER_PREFIX__: t.registerPrefix,
    __USER_LABEL_PREFIX__: '',
    __SCHAR_MAX__: '0x7f',
    __SHRT_MAX__: '0x7fff',
    __INT_MAX__: '0x7fffffff',
    __LONG_MAX__: longMax,
    __LONG_LONG_MAX__: '0x7fffffffffffffffLL',
    __WCHAR_MAX__: wcharMax,
    __WCHAR_MIN__: t.wcharType === 'unsigned int' ? '0U' : '(-__WCHAR_MAX__ - 1)',
    __WINT_MAX__: '0xffffffffU',
    __WINT_MIN__: '0U',
    __PTRDIFF_MAX__: ptrMax,
    __SIZE_MAX__: uptrMax,
    __INTMAX_MAX__: '0x7fffffffffffffff' + int64Suffix,
    __UINTMAX_MAX__: '0xffffffffffffffffU' + int64Suffix,
    __INTPTR_MAX__: ptrMax,
    __UINTPTR_MAX__: uptrMax,
    __SCHAR_WIDTH__: '8',
    __SHRT_WIDTH__: '16',
    __INT_WIDTH__: '32',
    __LONG_WIDTH__: String(t.longBits),
    __LONG_LONG_WIDTH__: '64',
    __PTRDIFF_WIDTH__: String(t.longBits),
    __SIZE_WIDTH__: String(t.longBits),
    __WCHAR_WIDTH__: '32',
    __WINT_WIDTH__: '32',
    __INTMAX_WIDTH__: '64',
    __INTPTR_WIDTH__: String(t.longBits),
    __SIZE_TYPE__: lp64 ? 'long unsigned int' : 'unsigned int',
    __PTRDIFF_TYPE__: intptr,
    __WCHAR_TYPE__: t.wcharType,
    __WINT_TYPE__: 'unsigned int',
    __INTMAX_TYPE__: int64,
    __UINTMAX_TYPE__: uint64,
    __CHAR16_TYPE__: 'short unsigned int',
    __CHAR32_TYPE__: 'unsigned int',
    __INT8_TYPE__: 'signed char',
    __INT16_TYPE__: 'short int',
    __INT32_TYPE__: 'int',
    __INT64_TYPE__: int64,
    __UINT8_TYPE__: 'unsigned char',
    __UINT16_TYPE__: 'short unsigned int',
    __UINT32_TYPE__: 'unsigned int',
    __UINT64_TYPE__: uint64,
    __INTPTR_TYPE__: intptr,
    __UINTPTR_TYPE__: uintptr,
    __INT8_MAX__: '0x7f',
    __INT16_MAX__: '0x7fff',
    __INT32_MAX__: '0x7fffffff',
    __INT64_MAX__: '0x7fffffffffffffff' + int64Suffix,
    __UINT8_MAX__: '0xff',
    __UINT16_MAX__: '0xffff',
    __UINT32_MAX__: '0xffffffffU',
    __UINT64_MAX__: '0xffffffffffffffffU' + int64Suffix,
    '__INT8_C(c)': 'c',
    '__INT16_C(c)': 'c',
    '__INT32_C(c)': 'c',
    '__INT64_C(c)': 'c ## ' + int64Suffix,
    '__UINT8_C(c)': 'c',
    '__UINT16_C(c)': 'c',
    '__UINT32_C(c)': 'c ## U',
    '__UINT64_C(c)': 'c ## U' + int64Suffix,
    '__INTMAX_C(c)': 'c ## ' + int64Suffix,
    '__UINTMAX_C(c)': 'c ## U' + int64Suffix,
    ...t.archMacros,
  };
  const ldblDig = { 64: ['18', '21'], 113: ['33', '36'], 53: ['15', '17'], 106: ['31', '33'] }[t.ldblMantDig];
  m.__LDBL_MANT_DIG__ = String(t.ldblMantDig);
  m.__LDBL_DIG__ = ldblDig[0]!;
  m.__DECIMAL_DIG__ = ldblDig[1]!;
  m.__FLT_MANT_DIG__ = '24';
  m.__DBL_MANT_DIG__ = '53';
  m.__FLT_EVAL_METHOD__ = String(t.fltEvalMethod ?? 0);
  m.__FLT_EVAL_METHOD_TS_18661_3__ = String(t.fltEvalMethod ?? 0);
  m.__NO_INLINE__ = '1';
  if (t.longDouble128) m.__LONG_DOUBLE_128__ = '1';
  if (t.ibm128) {
    m.__LONG_DOUBLE_IBM128__ = '1';
    m.__LONGDOUBLE128 = '1';
    m.__SIZEOF_IBM128__ = '16';
  }
  if (t.ieee128) m.__SIZEOF_IEEE128__ = '16';
  if (t.float128) m.__SIZEOF_FLOAT128__ = '16';
  if (t.float80Size) m.__SIZEOF_FLOAT80__ = String(t.float80Size);
  if (t.pic) {
    m.__PIC__ = t.pic;
    m.__pic__ = t.pic;
    m.__PIE__ = '2';
    m.__pie__ = '2';
  }
  // <stdint.h>'s least and fast types: least = exact width; fast16/fast32 are long on LP64.
  const exact: Record<number, [string, string, string, string]> = {
    8: ['signed char', 'unsigned char', '0x7f', '0xff'],
    16: ['short int', 'short unsigned int', '0x7fff', '0xffff'],
    32: ['int', 'unsigned int', '0x7fffffff', '0xffffffffU'],
    64: [int64, uint64, '0x7fffffffffffffff' + int64Suffix, '0xffffffffffffffffU' + int64Suffix],
  };
  for (const bits of [8, 16, 32, 64]) {
    const fastBits = (bits === 16 || bits === 32) && lp64 ? 64 : bits === 16 ? 32 : bits;
    const fast = fastBits === 64 && bits !== 64 ? (['long int', 'long unsigned int', longMax, uptrMax] as const) : exact[fastBits]!;
    for (const [kind, [st, ut, smax, umax], width] of [['LEAST', exact[bits]!, bits], ['FAST', fast, fastBits]] as const) {
      m[`__INT_${kind}${bits}_TYPE__`] = st;
      m[`__UINT_${kind}${bits}_TYPE__`] = ut;
      m[`__INT_${kind}${bits}_MAX__`] = smax;
      m[`__UINT_${kind}${bits}_MAX__`] = umax;
      m[`__INT_${kind}${bits}_WIDTH__`] = String(width);
    }
  }
  m.__SIG_ATOMIC_TYPE__ = 'int';
  m.__SIG_ATOMIC_MAX__ = '0x7fffffff';
  m.__SIG_ATOMIC_MIN__ = '(-__SIG_ATOMIC_MAX__ - 1)';
  m.__SIG_ATOMIC_WIDTH__ = '32';
  const orders = ['RELAXED', 'CONSUME', 'ACQUIRE', 'RELEASE', 'ACQ_REL', 'SEQ_CST'];
  orders.forEach((o, i) => (m[`__ATOMIC_${o}`] = String(i)));
  for (const ty of ['BOOL', 'CHAR', 'CHAR16_T', 'SHORT']) m[`__GCC_ATOMIC_${ty}_LOCK_FREE`] = String(t.subwordLockFree);
  for (const ty of ['CHAR32_T', 'WCHAR_T', 'INT', 'LONG', 'POINTER']) m[`__GCC_ATOMIC_${ty}_LOCK_FREE`] = '2';
  m.__GCC_ATOMIC_LLONG_LOCK_FREE = String(t.llongLockFree);
  m.__GCC_ATOMIC_TEST_AND_SET_TRUEVAL = String(t.testAndSetTrueval);
  for (const n of t.casSizes) m[`__GCC_HAVE_SYNC_COMPARE_AND_SWAP_${n}`] = '1';
  if (lp64) {
    m._LP64 = '1';
    m.__LP64__ = '1';
  }
  if (t.int128) m.__SIZEOF_INT128__ = '16';
  if (t.charUnsigned) m.__CHAR_UNSIGNED__ = '1';
  if (kernel) Object.assign(m, { __KERNEL__: '1' }, archKconfig(abi));
  return m;
}
