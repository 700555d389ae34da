/**
 * The per-ABI integer facts the front end needs to evaluate constant
 * expressions and pick fallback types, derived from the layout engine's ABI
 * data models (src/abi/abis.ts, measured with GCC) plus one header fact.
 */
import { ABIS, wordBytesOf } from '../../abi/abis.ts';
import { ABI_NAMES, type AbiName } from '../../abi/layout-types.ts';

export interface AbiIntegers {
  /** Bits of `long`, `unsigned long`, pointers and `size_t`. */
  longBits: 32 | 64;
  charUnsigned: boolean;
  /** What a bare `__attribute__((aligned))` means (`__BIGGEST_ALIGNMENT__`). */
  biggestAlignment: number;
  /** Userspace `__u64`/`__s64` are `unsigned long`/`long` (asm-generic/int-l64.h):
   *  arch/powerpc and arch/mips uapi asm/types.h choose it for 64-bit userspace. */
  uapiInt64IsLong: boolean;
  /** Bytes of a register (GCC's word mode, for the mode attribute): 8 on x32 too. */
  wordBytes: 4 | 8;
}

const INT_L64_ABIS = new Set<AbiName>(['ppc64le', 'ppc64', 'mips64']);

function integersOf(abi: AbiName): AbiIntegers {
  const m = ABIS[abi];
  return {
    longBits: m.builtins.long?.size === 8 ? 64 : 32,
    charUnsigned: !m.charSigned,
    biggestAlignment: m.biggestAlignment,
    uapiInt64IsLong: INT_L64_ABIS.has(abi),
    wordBytes: wordBytesOf(abi),
  };
}

export const ABI_INTEGERS = Object.fromEntries(ABI_NAMES.map((a) => [a, integersOf(a)])) as Record<AbiName, AbiIntegers>;
