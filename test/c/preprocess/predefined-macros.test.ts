import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABI_NAMES, type AbiName } from '../../../src/abi/layout-types.ts';
import { archDirOf, gccCommandFor, predefinedMacros, systemIncludeDirsFor } from '../../../src/c/preprocess/index.ts';
import { haveCompiler } from './gcc-oracle.ts';

/** GCC's predefined macros for the ABI: name (with parameters) → replacement. */
function gccMacros(abi: AbiName): Map<string, string> {
  const { cc, args } = gccCommandFor(abi);
  const out = execFileSync(cc, [...args, '-dM', '-E', '-x', 'c', '/dev/null'], { encoding: 'utf8' });
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const r = /^#define (\w+(?:\([^)]*\))?) ?(.*)$/.exec(line);
    if (r) m.set(r[1]!, r[2]!);
  }
  return m;
}

/** Macros headers test that every ABI must get right, whether GCC defines them or not. */
const MUST_MATCH = [
  '__x86_64__', '__i386__', '__ILP32__', '_ILP32', '_LP64', '__LP64__', '__aarch64__', '__arm__', '__ARM_EABI__',
  '__powerpc__', '__powerpc64__', '__PPC64__', '_CALL_ELF', '__s390__', '__s390x__', '__riscv', '__riscv_xlen',
  '__mips__', '_MIPS_SIM', '_ABIO32', '_ABI64', '_MIPS_SZLONG', '__mips64', '__m68k__', '__mc68000__', '__sparc__',
  '__sparc_v9__', '__arch64__', '__CHAR_UNSIGNED__', '__SIZEOF_INT128__', '__BIG_ENDIAN__', '__LITTLE_ENDIAN__',
  '__LONG_DOUBLE_128__', '__KERNEL__', '__SIZEOF_FLOAT128__', '__HAVE_68881__', '__FLOAT128__', '_ARCH_PWR8',
  '__GCC_HAVE_SYNC_COMPARE_AND_SWAP_1', '__GCC_HAVE_SYNC_COMPARE_AND_SWAP_8', '__GCC_HAVE_SYNC_COMPARE_AND_SWAP_16',
];

describe('predefined macros', () => {
  for (const abi of ABI_NAMES) {
    it.skipIf(!haveCompiler(abi))(`${abi}: every macro we predefine has GCC's value, and the arch/data-model ones exist iff GCC has them`, () => {
      const gcc = gccMacros(abi);
      const ours = predefinedMacros(abi, false);
      const wrong = Object.entries(ours).filter(([k, v]) => gcc.get(k) !== v).map(([k, v]) => `${k}: ours ${v}, gcc ${gcc.get(k) ?? '(undefined)'}`);
      expect(wrong).toEqual([]);
      const presence = MUST_MATCH.filter((k) => (k in ours) !== gcc.has(k)).map((k) => `${k}: ours ${k in ours}, gcc ${gcc.has(k)}`);
      expect(presence).toEqual([]);
      // Every size, limit and stdint type macro GCC has, we have.
      const generic = [...gcc.keys()].filter((k) => /^__(SIZEOF_\w+|(U?INT(8|16|32|64|MAX|PTR|_LEAST\d+|_FAST\d+)|SIG_ATOMIC|SIZE|PTRDIFF|WCHAR|WINT|SCHAR|SHRT|INT|LONG|LONG_LONG|CHAR16|CHAR32)_(TYPE|MAX|WIDTH)__|BYTE_ORDER__|ORDER_\w+__|ATOMIC_\w+|GCC_ATOMIC_\w+|CHAR_BIT__|STDC_VERSION__|GNUC(_MINOR|_PATCHLEVEL)?__)$/.test(k));
      expect(generic.filter((k) => !(k in ours))).toEqual([]);
      expect(generic.length).toBeGreaterThan(50);
    });
  }

  it('defines __KERNEL__ only for in-kernel code', () => {
    expect(predefinedMacros('x86_64', true).__KERNEL__).toBe('1');
    expect(predefinedMacros('x86_64', false).__KERNEL__).toBeUndefined();
  });
});

describe('ABI targets', () => {
  it('names the kernel arch directory of each ABI', () => {
    expect(ABI_NAMES.map(archDirOf)).toEqual(['x86', 'x86', 'x86', 'arm64', 'arm', 'powerpc', 'powerpc', 'powerpc', 's390', 'riscv', 'mips', 'mips', 'm68k', 'sparc']);
  });

  it('gives the GCC oracle command for each ABI', () => {
    expect(gccCommandFor('x86_64')).toEqual({ cc: 'gcc', args: ['-m64'] });
    expect(gccCommandFor('i386')).toEqual({ cc: 'gcc', args: ['-m32'] });
    expect(gccCommandFor('x32')).toEqual({ cc: 'gcc', args: ['-mx32'] });
    expect(gccCommandFor('ppc32')).toEqual({ cc: 'powerpc-linux-gnu-gcc', args: [] });
    expect(gccCommandFor('mips64')).toEqual({ cc: 'mips64-linux-gnuabi64-gcc', args: [] });
    expect(gccCommandFor('arm')).toEqual({ cc: 'arm-linux-gnueabihf-gcc', args: [] });
  });

  for (const abi of ABI_NAMES) {
    it.skipIf(!haveCompiler(abi))(`${abi}: the system include dirs hold this ABI's asm/types.h and GCC's stddef.h`, () => {
      const dirs = systemIncludeDirsFor(abi);
      expect(dirs.some((d) => existsSync(`${d}/asm/types.h`)), dirs.join(' ')).toBe(true);
      expect(dirs.some((d) => existsSync(`${d}/stddef.h`)), dirs.join(' ')).toBe(true);
      expect(dirs.some((d) => existsSync(`${d}/linux/types.h`)), dirs.join(' ')).toBe(true);
    });
  }
});
