/**
 * What the preprocessor needs to know about each Linux ABI: the data model
 * facts GCC exposes as predefined macros, the kernel arch directory, the
 * Debian GCC that targets it (the oracle) and where Debian installs its uAPI
 * headers. Values measured with GCC 12 (`<cc> -dM -E - </dev/null`); the test
 * test/c/preprocess/predefined-macros.test.ts re-checks them against the
 * installed compilers.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import { InputError } from '../../errors.ts';

export interface AbiTarget {
  abi: AbiName;
  /** Kernel `arch/<dir>`. */
  archDir: string;
  /** GNU triplet of the Debian cross toolchain (x86 ABIs: the host's). */
  triplet: string;
  /** Compiler command and flags selecting this ABI. */
  cc: string;
  ccArgs: string[];
  /** Bits in long and in pointers (always equal on Linux). */
  longBits: 32 | 64;
  charUnsigned: boolean;
  bigEndian: boolean;
  int128: boolean;
  longDoubleSize: number;
  /** GCC's `__WCHAR_TYPE__`. */
  wcharType: 'int' | 'long int' | 'unsigned int';
  biggestAlignment: number;
  /** GCC's `__REGISTER_PREFIX__` spelling. */
  registerPrefix: string;
  /** Mantissa digits of long double: 64 (x87), 113 (IEEE quad), 53 (= double), 106 (IBM double-double). */
  ldblMantDig: 64 | 113 | 53 | 106;
  /** GCC's `__LONG_DOUBLE_128__` (128-bit long double, ppc and s390x only). */
  longDouble128?: boolean;
  /** `__float128` / `__float80` / `__ibm128` / `__ieee128` sizes, where GCC has them. */
  float128?: boolean;
  float80Size?: number;
  ibm128?: boolean;
  ieee128?: boolean;
  fltEvalMethod?: number;
  /** `-fPIC`/`-fPIE` level of the Debian compiler's default (none on m68k). */
  pic: '1' | '2' | null;
  /** `__sync`/`__atomic` support: sizes with a compare-and-swap, lock-free level of long long and of sub-word types. */
  casSizes: number[];
  llongLockFree: 1 | 2;
  subwordLockFree: 1 | 2;
  testAndSetTrueval: number;
  /** Arch-identifying macros GCC predefines (name → replacement). */
  archMacros: Record<string, string>;
}

const X86_ATOMIC_HLE = { __ATOMIC_HLE_ACQUIRE: '65536', __ATOMIC_HLE_RELEASE: '131072' };
const X86_64_MACROS = {
  ...X86_ATOMIC_HLE, __x86_64__: '1', __x86_64: '1', __amd64__: '1', __amd64: '1', __k8: '1', __k8__: '1', __FXSR__: '1',
};
const MIPS_COMMON = {
  __mips__: '1', _mips: '1', mips: '1', __MIPSEB__: '1', __MIPSEB: '1', _MIPSEB: '1', MIPSEB: '1',
  __mips_hard_float: '1', __mips_abicalls: '1', __mips_isa_rev: '2', _MIPS_SZINT: '32',
  __LANGUAGE_C__: '1', __LANGUAGE_C: '1', _LANGUAGE_C: '1', LANGUAGE_C: '1',
};
const PPC_COMMON = { __powerpc__: '1', __PPC__: '1', _ARCH_PPC: '1' };
const PPC64_COMMON = { ...PPC_COMMON, __powerpc64__: '1', __PPC64__: '1', _ARCH_PPC64: '1', _CALL_LINUX: '1' };

type Defaulted = 'registerPrefix' | 'biggestAlignment' | 'pic' | 'casSizes' | 'llongLockFree' | 'subwordLockFree' | 'testAndSetTrueval';

function target(t: Omit<AbiTarget, Defaulted> & Partial<AbiTarget>): AbiTarget {
  return {
    registerPrefix: '', biggestAlignment: 16, pic: '2', casSizes: [1, 2, 4, 8], llongLockFree: 2, subwordLockFree: 2,
    testAndSetTrueval: 1, ...t,
  };
}

const TARGETS: Record<AbiName, AbiTarget> = {
  x86_64: target({
    abi: 'x86_64', ldblMantDig: 64, float128: true, float80Size: 16,
    archDir: 'x86', triplet: 'x86_64-linux-gnu', cc: 'gcc', ccArgs: ['-m64'],
    longBits: 64, charUnsigned: false, bigEndian: false, int128: true, longDoubleSize: 16, wcharType: 'int',
    archMacros: X86_64_MACROS,
  }),
  i386: target({
    abi: 'i386', ldblMantDig: 64, float128: true, float80Size: 12, fltEvalMethod: 2,
    archDir: 'x86', triplet: 'x86_64-linux-gnu', cc: 'gcc', ccArgs: ['-m32'],
    longBits: 32, charUnsigned: false, bigEndian: false, int128: false, longDoubleSize: 12, wcharType: 'long int',
    archMacros: { ...X86_ATOMIC_HLE, __i386__: '1', __i386: '1', i386: '1', __ILP32__: '1', _ILP32: '1' },
  }),
  x32: target({
    abi: 'x32', ldblMantDig: 64, float128: true, float80Size: 16,
    archDir: 'x86', triplet: 'x86_64-linux-gnu', cc: 'gcc', ccArgs: ['-mx32'],
    longBits: 32, charUnsigned: false, bigEndian: false, int128: true, longDoubleSize: 16, wcharType: 'long int',
    archMacros: { ...X86_64_MACROS, __ILP32__: '1', _ILP32: '1' },
  }),
  aarch64: target({
    abi: 'aarch64', ldblMantDig: 113,
    casSizes: [1, 2, 4, 8, 16],
    archDir: 'arm64', triplet: 'aarch64-linux-gnu', cc: 'aarch64-linux-gnu-gcc', ccArgs: [],
    longBits: 64, charUnsigned: true, bigEndian: false, int128: true, longDoubleSize: 16, wcharType: 'unsigned int',
    archMacros: { __aarch64__: '1', __AARCH64EL__: '1', __ARM_64BIT_STATE: '1', __ARM_ARCH: '8', __ARM_PCS_AAPCS64: '1' },
  }),
  arm: target({
    abi: 'arm', ldblMantDig: 53,
    archDir: 'arm', triplet: 'arm-linux-gnueabihf', cc: 'arm-linux-gnueabihf-gcc', ccArgs: [],
    longBits: 32, charUnsigned: true, bigEndian: false, int128: false, longDoubleSize: 8, wcharType: 'unsigned int',
    biggestAlignment: 8,
    archMacros: {
      __arm__: '1', __ARM_EABI__: '1', __ARMEL__: '1', __APCS_32__: '1', __ARM_32BIT_STATE: '1', __ARM_ARCH: '7',
      __ARM_ARCH_7A__: '1', __ARM_PCS_VFP: '1', __VFP_FP__: '1', __thumb__: '1', __thumb2__: '1',
    },
  }),
  ppc64le: target({
    abi: 'ppc64le', ldblMantDig: 106, longDouble128: true, float128: true, ibm128: true, ieee128: true,
    casSizes: [1, 2, 4, 8, 16],
    archDir: 'powerpc', triplet: 'powerpc64le-linux-gnu', cc: 'powerpc64le-linux-gnu-gcc', ccArgs: [],
    longBits: 64, charUnsigned: true, bigEndian: false, int128: true, longDoubleSize: 16, wcharType: 'int',
    archMacros: {
      ...PPC64_COMMON, _CALL_ELF: '2', __LITTLE_ENDIAN__: '1', _LITTLE_ENDIAN: '1', _ARCH_PPCGR: '1', _ARCH_PPCSQ: '1',
      _ARCH_PWR4: '1', _ARCH_PWR5: '1', _ARCH_PWR5X: '1', _ARCH_PWR6: '1', _ARCH_PWR7: '1', _ARCH_PWR8: '1',
      __ALTIVEC__: '1', __VSX__: '1', __POWER8_VECTOR__: '1', __FLOAT128__: '1', __FLOAT128_TYPE__: '1',
    },
  }),
  ppc64: target({
    abi: 'ppc64', ldblMantDig: 106, longDouble128: true, ibm128: true,
    archDir: 'powerpc', triplet: 'powerpc64-linux-gnu', cc: 'powerpc64-linux-gnu-gcc', ccArgs: [],
    longBits: 64, charUnsigned: true, bigEndian: true, int128: true, longDoubleSize: 16, wcharType: 'int',
    archMacros: { ...PPC64_COMMON, _CALL_ELF: '1', __BIG_ENDIAN__: '1', _BIG_ENDIAN: '1', _ARCH_PPCGR: '1', _ARCH_PPCSQ: '1', _ARCH_PWR4: '1' },
  }),
  ppc32: target({
    abi: 'ppc32', ldblMantDig: 106, longDouble128: true, ibm128: true,
    casSizes: [1, 2, 4], llongLockFree: 1,
    archDir: 'powerpc', triplet: 'powerpc-linux-gnu', cc: 'powerpc-linux-gnu-gcc', ccArgs: [],
    longBits: 32, charUnsigned: true, bigEndian: true, int128: false, longDoubleSize: 16, wcharType: 'long int',
    archMacros: { ...PPC_COMMON, __powerpc: '1', __PPC: '1', PPC: '1', powerpc: '1', _CALL_SYSV: '1', __BIG_ENDIAN__: '1', _BIG_ENDIAN: '1' },
  }),
  s390x: target({
    abi: 's390x', ldblMantDig: 113, longDouble128: true,
    casSizes: [1, 2, 4, 8, 16],
    archDir: 's390', triplet: 's390x-linux-gnu', cc: 's390x-linux-gnu-gcc', ccArgs: [],
    longBits: 64, charUnsigned: true, bigEndian: true, int128: true, longDoubleSize: 16, wcharType: 'int',
    biggestAlignment: 8,
    archMacros: { __s390__: '1', __s390x__: '1', __zarch__: '1' },
  }),
  riscv64: target({
    abi: 'riscv64', ldblMantDig: 113,
    casSizes: [4, 8], subwordLockFree: 1,
    archDir: 'riscv', triplet: 'riscv64-linux-gnu', cc: 'riscv64-linux-gnu-gcc', ccArgs: [],
    longBits: 64, charUnsigned: true, bigEndian: false, int128: true, longDoubleSize: 16, wcharType: 'int',
    archMacros: { __riscv: '1', __riscv_xlen: '64', __riscv_flen: '64', __riscv_float_abi_double: '1' },
  }),
  mips: target({
    abi: 'mips', ldblMantDig: 53, pic: '1',
    casSizes: [1, 2, 4], llongLockFree: 1,
    archDir: 'mips', triplet: 'mips-linux-gnu', cc: 'mips-linux-gnu-gcc', ccArgs: [],
    longBits: 32, charUnsigned: false, bigEndian: true, int128: false, longDoubleSize: 8, wcharType: 'int',
    biggestAlignment: 8, registerPrefix: '$',
    archMacros: {
      ...MIPS_COMMON, __mips: '32', _ABIO32: '1', _MIPS_SIM: '_ABIO32', _MIPS_SZLONG: '32', _MIPS_SZPTR: '32',
      _MIPS_ISA: '_MIPS_ISA_MIPS32', __mips_fpr: '0', _MIPS_FPSET: '16',
    },
  }),
  mips64: target({
    abi: 'mips64', ldblMantDig: 113, pic: '1',
    archDir: 'mips', triplet: 'mips64-linux-gnuabi64', cc: 'mips64-linux-gnuabi64-gcc', ccArgs: [],
    longBits: 64, charUnsigned: false, bigEndian: true, int128: true, longDoubleSize: 16, wcharType: 'int',
    registerPrefix: '$',
    archMacros: {
      ...MIPS_COMMON, __mips: '64', __mips64: '1', _ABI64: '3', _MIPS_SIM: '_ABI64', _MIPS_SZLONG: '64', _MIPS_SZPTR: '64',
      _MIPS_ISA: '_MIPS_ISA_MIPS64', __mips_fpr: '64', _MIPS_FPSET: '32',
    },
  }),
  m68k: target({
    abi: 'm68k', ldblMantDig: 64, fltEvalMethod: 2, pic: null,
    casSizes: [1, 2, 4], llongLockFree: 1, testAndSetTrueval: 128,
    archDir: 'm68k', triplet: 'm68k-linux-gnu', cc: 'm68k-linux-gnu-gcc', ccArgs: [],
    longBits: 32, charUnsigned: false, bigEndian: true, int128: false, longDoubleSize: 12, wcharType: 'long int',
    biggestAlignment: 2, registerPrefix: '%',
    archMacros: { __HAVE_68881__: '1', __m68k__: '1', __mc68000__: '1', __mc68000: '1', mc68000: '1', __mc68020__: '1', __mc68020: '1', mc68020: '1' },
  }),
  sparc64: target({
    abi: 'sparc64', ldblMantDig: 113,
    testAndSetTrueval: 255,
    archDir: 'sparc', triplet: 'sparc64-linux-gnu', cc: 'sparc64-linux-gnu-gcc', ccArgs: [],
    longBits: 64, charUnsigned: false, bigEndian: true, int128: true, longDoubleSize: 16, wcharType: 'int',
    archMacros: { __sparc__: '1', __sparc: '1', sparc: '1', __sparc_v9__: '1', __arch64__: '1', _LONGLONG: '1' },
  }),
};

export function abiTarget(abi: AbiName): AbiTarget {
  const t = TARGETS[abi];
  if (!t) throw new InputError('abi', `unknown ABI "${String(abi)}" (known: ${Object.keys(TARGETS).join(', ')})`);
  return t;
}

/** The kernel's `arch/<dir>` for an ABI ('x86', 'arm64', 'arm', 'powerpc', 's390', 'riscv', 'mips', 'm68k', 'sparc'). */
export function archDirOf(abi: AbiName): string {
  return abiTarget(abi).archDir;
}

/** The installed GCC that compiles for `abi` (the layout oracle), e.g. x86_64 → gcc -m64. */
export function gccCommandFor(abi: AbiName): { cc: string; args: string[] } {
  const t = abiTarget(abi);
  return { cc: t.cc, args: [...t.ccArgs] };
}

/**
 * Where Debian installs the C and uAPI headers for `abi`, in the order that
 * ABI's GCC searches them (`<cc> -v -E`), so `asm/…` resolves to the ABI's own
 * asm directory. i386 and x32 use the host's GCC with -m32/-mx32, which (with
 * gcc-12-multilib) finds libc's 32-bit headers in /usr/include but no `asm/`
 * at all: the x86 asm headers in /usr/include/x86_64-linux-gnu serve all
 * three x86 ABIs (they switch on `__i386__`/`__ILP32__`), so that directory is
 * searched last for them. The GCC oracle must be given the same directory with
 * `-I` for i386 and x32.
 */
export function systemIncludeDirsFor(abi: AbiName): string[] {
  const t = abiTarget(abi);
  if (t.archDir === 'x86') {
    const gccInclude = '/usr/lib/gcc/x86_64-linux-gnu/12/include';
    if (abi === 'x86_64') return [gccInclude, '/usr/include/x86_64-linux-gnu', '/usr/include'];
    return [gccInclude, '/usr/include', '/usr/include/x86_64-linux-gnu'];
  }
  return [`/usr/lib/gcc-cross/${t.triplet}/12/include`, `/usr/${t.triplet}/include`, '/usr/include'];
}

/** The ABI facts integer constant expressions depend on. */
export function expressionTargetOf(abi: AbiName): { longBits: number; charUnsigned: boolean; wcharUnsigned: boolean; wcharLong: boolean } {
  const t = abiTarget(abi);
  return { longBits: t.longBits, charUnsigned: t.charUnsigned, wcharUnsigned: t.wcharType === 'unsigned int', wcharLong: t.wcharType === 'long int' };
}
