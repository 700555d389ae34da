/**
 * Data models of the 14 Linux ABIs abi-check lays records out for.
 *
 * Every number here was measured with GCC 12 (`gcc -m64/-m32/-mx32` and the
 * Debian cross compilers) by compiling `sizeof`/`_Alignof`/`offsetof` probes;
 * test/abi/layout re-checks them against GCC on every run of the oracle suite.
 * Notable measured facts:
 *  - i386: `long long` and `double` have size 8 but alignment 4 (also for
 *    `_Alignof`), `long double` is 12/4.
 *  - m68k: every natural alignment is capped at 2 (BIGGEST_ALIGNMENT = 16 bits),
 *    `long double` is 12/2, and bitfields follow GCC's non-PCC rules: they are
 *    bit-packed regardless of their declared type, only `:0` (to 2 bytes) and
 *    explicit `aligned` move them (see bitfieldRules).
 *  - arm, aarch64: unnamed bitfields (including `:0`) contribute their declared
 *    type's alignment to the record.
 *  - `long double`: 8/8 on arm and mips o32, 16/8 on s390x, 16/16 on ppc32,
 *    sparc64, mips64, riscv64, aarch64, x32, x86_64.
 *  - Extended floats: `_Float128` and `_Float64x` are the IEEE quad long double
 *    where long double is one (aarch64, riscv64, mips64, sparc64; s390x 16/8),
 *    `__float128` elsewhere (x86, ppc64le; x86's `_Float64x` is its long
 *    double); arm, mips o32, m68k, ppc32 and ppc64 have neither. `_Float16`
 *    exists on x86_64, x32 and aarch64 only (not i386 without SSE2); decimal
 *    floats on x86, PowerPC and s390x.
 *  - `__builtin_va_list`: a pointer, except x86_64 (24/8), x32 (16/4), aarch64
 *    (32/8), ppc32 (12/4) and s390x (32/8).
 */
import type { ExtendedFloat } from '../c/parse/c-types.ts';
import type { AbiName } from './layout-types.ts';
import { ABI_NAMES } from './layout-types.ts';

export { ABI_NAMES };
export type { AbiName };

/** Size and alignment (inside a struct) of one builtin type, in bytes. */
export interface SizeAlign {
  size: number;
  align: number;
}

/** Canonical builtin names, as CType `{kind:'builtin'}` spells them. */
export type BuiltinName =
  | 'char' | 'signed char' | 'unsigned char'
  | 'short' | 'unsigned short'
  | 'int' | 'unsigned int'
  | 'long' | 'unsigned long'
  | 'long long' | 'unsigned long long'
  | '_Bool' | 'float' | 'double' | 'long double'
  | '__int128' | 'unsigned __int128'
  /** GCC's extended floating types (../c/parse/c-types.ts), each only on the ABIs whose GCC has it. */
  | ExtendedFloat
  /** What va_list is made of: an array of a struct, a struct, or a pointer, by ABI. */
  | '__builtin_va_list';

type ExtendedFloats = Partial<Record<ExtendedFloat, SizeAlign>>;

/**
 * How GCC allocates bitfields on a target (gcc/stor-layout.cc, place_field and
 * update_alignment_for_field).
 */
export interface BitfieldRules {
  /**
   * PCC_BITFIELD_TYPE_MATTERS: a bitfield may not span more alignment units of
   * its declared type than the type itself has, and a named bitfield gives the
   * record its declared type's alignment. False on m68k, where bitfields are
   * bit-packed and only whole-mode fields (width 8/16/32/64 at a position aligned
   * for that mode) become ordinary aligned fields.
   */
  typeMatters: boolean;
  /** TARGET_ALIGN_ANON_BITFIELD: unnamed bitfields also raise the record's alignment (arm, aarch64). */
  unnamedContributeAlignment: boolean;
  /** EMPTY_FIELD_BOUNDARY for non-PCC targets: the alignment (bytes) a `:0` bitfield imposes, or 0. */
  emptyFieldBoundary: number;
}

export interface AbiModel {
  name: AbiName;
  /** Human description (compiler, psABI). */
  description: string;
  /** GNU triplet of the matching Debian cross GCC (x86 ABIs use gcc -m32/-mx32). */
  gnuTriplet: string;
  /** Extra GCC flags selecting the ABI (e.g. -m32). */
  gccFlags: string[];
  byteOrder: 'little' | 'big';
  charSigned: boolean;
  /** Pointers and size_t. */
  pointer: SizeAlign;
  /** Absent entries (e.g. __int128 on 32-bit targets) do not exist on that ABI. */
  builtins: Partial<Record<BuiltinName, SizeAlign>>;
  /** Alignment of bare `__attribute__((aligned))` (__BIGGEST_ALIGNMENT__). */
  biggestAlignment: number;
  /** Largest alignment a machine mode gets naturally (m68k: 2); used by non-PCC bitfield rules. */
  maxModeAlignment: number;
  bitfields: BitfieldRules;
}

type Widths = {
  long: number;
  pointer: number;
  /** Alignment of 8-byte long long and double. */
  align8: number;
  longDouble: SizeAlign;
  int128: SizeAlign | null;
  /** The extended floating types the ABI has. */
  floats?: ExtendedFloats;
  /** `__builtin_va_list` (default: a pointer). */
  vaList?: SizeAlign;
  /** Cap on every natural alignment (m68k). */
  cap?: number;
};

function builtinsFor(w: Widths): Partial<Record<BuiltinName, SizeAlign>> {
  const cap = (sa: SizeAlign): SizeAlign => ({ size: sa.size, align: Math.min(sa.align, w.cap ?? 64) });
  const t: Partial<Record<BuiltinName, SizeAlign>> = {};
  const set = (names: BuiltinName[], sa: SizeAlign) => { for (const n of names) t[n] = cap(sa); };
  set(['char', 'signed char', 'unsigned char', '_Bool'], { size: 1, align: 1 });
  set(['short', 'unsigned short'], { size: 2, align: 2 });
  set(['int', 'unsigned int', 'float'], { size: 4, align: 4 });
  set(['long', 'unsigned long'], { size: w.long, align: w.long === 8 ? w.align8 : 4 });
  set(['long long', 'unsigned long long', 'double'], { size: 8, align: w.align8 });
  set(['long double'], w.longDouble);
  if (w.int128) set(['__int128', 'unsigned __int128'], w.int128);
  for (const [name, sa] of Object.entries(w.floats ?? {}) as [ExtendedFloat, SizeAlign][]) set([name], sa);
  set(['__builtin_va_list'], w.vaList ?? { size: w.pointer, align: w.pointer });
  return t;
}

const PCC: BitfieldRules = { typeMatters: true, unnamedContributeAlignment: false, emptyFieldBoundary: 0 };
const AAPCS: BitfieldRules = { typeMatters: true, unnamedContributeAlignment: true, emptyFieldBoundary: 0 };
const M68K: BitfieldRules = { typeMatters: false, unnamedContributeAlignment: false, emptyFieldBoundary: 2 };

const LP64: Widths = { long: 8, pointer: 8, align8: 8, longDouble: { size: 16, align: 16 }, int128: { size: 16, align: 16 } };
const ILP32: Widths = { long: 4, pointer: 4, align8: 8, longDouble: { size: 8, align: 8 }, int128: null };
const QUAD: SizeAlign = { size: 16, align: 16 };
const DECIMAL: ExtendedFloats = { _Decimal32: { size: 4, align: 4 }, _Decimal64: { size: 8, align: 8 }, _Decimal128: QUAD };
/** x86: `_Float64x` and `__float80` are the 80-bit long double. */
const x86Floats = (longDouble: SizeAlign, float16: boolean): ExtendedFloats => ({
  ...(float16 ? { _Float16: { size: 2, align: 2 } } : {}),
  _Float128: QUAD, __float128: QUAD, _Float64x: longDouble, __float80: longDouble, ...DECIMAL,
});
/** Where long double is IEEE quad, `_Float128` and `_Float64x` are that format. */
const quadFloats = (quad: SizeAlign): ExtendedFloats => ({ _Float128: quad, _Float64x: quad });

function model(
  name: AbiName, description: string, gnuTriplet: string, gccFlags: string[],
  byteOrder: 'little' | 'big', charSigned: boolean, w: Widths, biggestAlignment: number, bitfields: BitfieldRules,
): AbiModel {
  const ptrAlign = Math.min(w.pointer, w.cap ?? 64);
  return {
    name, description, gnuTriplet, gccFlags, byteOrder, charSigned,
    pointer: { size: w.pointer, align: ptrAlign },
    builtins: builtinsFor(w),
    biggestAlignment,
    maxModeAlignment: w.cap ?? 16,
    bitfields,
  };
}

export const ABIS: Readonly<Record<AbiName, AbiModel>> = {
  x86_64: model('x86_64', 'x86-64 SysV LP64 (gcc -m64)', 'x86_64-linux-gnu', ['-m64'], 'little', true,
    { ...LP64, floats: x86Floats({ size: 16, align: 16 }, true), vaList: { size: 24, align: 8 } }, 16, PCC),
  i386: model('i386', 'i386 SysV ILP32 (gcc -m32): 8-byte scalars 4-aligned', 'i686-linux-gnu', ['-m32'], 'little', true,
    { long: 4, pointer: 4, align8: 4, longDouble: { size: 12, align: 4 }, int128: null, floats: x86Floats({ size: 12, align: 4 }, false) }, 16, PCC),
  x32: model('x32', 'x86-64 x32 ILP32 (gcc -mx32)', 'x86_64-linux-gnux32', ['-mx32'], 'little', true,
    { ...LP64, long: 4, pointer: 4, floats: x86Floats({ size: 16, align: 16 }, true), vaList: { size: 16, align: 4 } }, 16, PCC),
  aarch64: model('aarch64', 'AArch64 AAPCS64 LP64', 'aarch64-linux-gnu', [], 'little', false,
    { ...LP64, floats: { _Float16: { size: 2, align: 2 }, ...quadFloats(QUAD) }, vaList: { size: 32, align: 8 } }, 16, AAPCS),
  arm: model('arm', 'ARM EABI AAPCS hard-float', 'arm-linux-gnueabihf', [], 'little', false, ILP32, 8, AAPCS),
  ppc64le: model('ppc64le', 'PowerPC64 ELFv2 little-endian', 'powerpc64le-linux-gnu', [], 'little', false,
    { ...LP64, floats: { ...quadFloats(QUAD), __float128: QUAD, __ibm128: QUAD, __ieee128: QUAD, ...DECIMAL } }, 16, PCC),
  ppc64: model('ppc64', 'PowerPC64 ELFv1 big-endian', 'powerpc64-linux-gnu', [], 'big', false,
    { ...LP64, floats: { __ibm128: QUAD, ...DECIMAL } }, 16, PCC),
  ppc32: model('ppc32', 'PowerPC 32-bit SysV big-endian', 'powerpc-linux-gnu', [], 'big', false,
    { ...ILP32, longDouble: QUAD, floats: { __ibm128: QUAD, ...DECIMAL }, vaList: { size: 12, align: 4 } }, 16, PCC),
  s390x: model('s390x', 'z/Architecture 64-bit big-endian', 's390x-linux-gnu', [], 'big', false,
    { ...LP64, longDouble: { size: 16, align: 8 }, int128: { size: 16, align: 8 },
      floats: { ...quadFloats({ size: 16, align: 8 }), ...DECIMAL, _Decimal128: { size: 16, align: 8 } }, vaList: { size: 32, align: 8 } }, 8, PCC),
  riscv64: model('riscv64', 'RISC-V LP64D', 'riscv64-linux-gnu', [], 'little', false, { ...LP64, floats: quadFloats(QUAD) }, 16, PCC),
  mips: model('mips', 'MIPS o32 big-endian', 'mips-linux-gnu', [], 'big', true, ILP32, 8, PCC),
  mips64: model('mips64', 'MIPS64 n64 big-endian', 'mips64-linux-gnuabi64', [], 'big', true, { ...LP64, floats: quadFloats(QUAD) }, 16, PCC),
  m68k: model('m68k', 'm68k SysV (alignment capped at 2)', 'm68k-linux-gnu', [], 'big', true,
    { long: 4, pointer: 4, align8: 2, longDouble: { size: 12, align: 2 }, int128: null, cap: 2 }, 2, M68K),
  sparc64: model('sparc64', 'SPARC V9 LP64 big-endian', 'sparc64-linux-gnu', [], 'big', true, { ...LP64, floats: quadFloats(QUAD) }, 16, PCC),
};

export function isAbiName(s: string): s is AbiName {
  return (ABI_NAMES as readonly string[]).includes(s);
}

export function abiModel(name: AbiName): AbiModel {
  return ABIS[name];
}

/** Bytes of a register, GCC's word mode: 8 on 64-bit machines, x32 included (its longs are 4). */
export function wordBytesOf(abi: AbiName): 4 | 8 {
  return ABIS[abi].pointer.size === 8 || abi === 'x32' ? 8 : 4;
}

/**
 * Bytes of GCC's integer machine mode `mode` (the argument of the `mode`
 * attribute, underscores stripped): QI/byte 1, HI 2, SI 4, DI 8, TI 16;
 * `word` a register, `pointer` a pointer. Null for any other mode (floating,
 * vector).
 */
export function machineModeBytes(mode: string, machine: { readonly pointerBytes: number; readonly wordBytes: number }): number | null {
  const fixed: Record<string, number> = { QI: 1, byte: 1, HI: 2, SI: 4, DI: 8, TI: 16 };
  if (Object.hasOwn(fixed, mode)) return fixed[mode]!;
  if (mode === 'word') return machine.wordBytes;
  if (mode === 'pointer') return machine.pointerBytes;
  return null;
}
