/**
 * Small pure helpers over CType: canonical builtin names from specifier
 * words, following typedef chains, and describing a type for messages.
 */
import type { CType } from '../type-model.ts';

const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '_Atomic', 'register', 'static', 'extern', 'auto', 'inline']);

/**
 * The floating types GCC adds to C on some targets: the ISO/IEC TS 18661-3
 * types `_Float16`, `_Float128`, `_Float64x`; the target-specific
 * `__float128` (x86, ppc64le), `__float80` (x86's 80-bit long double),
 * `__ibm128` and `__ieee128` (PowerPC); decimal floating point. Each is its
 * own builtin, which exists only on the ABIs whose GCC has it (src/abi/abis.ts):
 * `_Float128` is not `__float128`, aarch64, riscv64, s390x … have the one and
 * not the other. (`_Float32`, `_Float64`, `_Float32x` are float and double on
 * every ABI, and are mapped to them.)
 */
export const EXTENDED_FLOAT_NAMES = [
  '_Float16', '_Float128', '_Float64x', '__float128', '__float80', '__ibm128', '__ieee128', '_Decimal32', '_Decimal64', '_Decimal128',
] as const;
export type ExtendedFloat = (typeof EXTENDED_FLOAT_NAMES)[number];
const EXTENDED_FLOATS: ReadonlySet<string> = new Set(EXTENDED_FLOAT_NAMES);

/** Whether a canonical builtin name is a floating type. */
export function isFloatingBuiltin(name: string): boolean {
  return name === 'float' || name === 'double' || name === 'long double' || EXTENDED_FLOATS.has(name);
}

/**
 * GCC's `__builtin_va_list`, what <stdarg.h> makes `va_list` of: a builtin
 * whose size differs per ABI (x86_64's is a one-element array of a 24-byte
 * struct, i386's a pointer: src/abi/abis.ts). In-kernel structs hold it
 * (linux/stdarg.h typedefs va_list to it).
 */
export const VA_LIST = '__builtin_va_list';

/** Builtins that are one word and their own canonical name (no `unsigned`/`long` combine with them). */
const NAMED_BUILTINS: ReadonlySet<string> = new Set([...EXTENDED_FLOAT_NAMES, VA_LIST]);

/** Whether a canonical builtin name is an integer type (not floating, not va_list). */
export function isIntegerBuiltin(name: string): boolean {
  return name !== VA_LIST && !isFloatingBuiltin(name);
}

/** Canonical builtin name (see CType 'builtin') for specifier words such as `long unsigned int`; null if not a builtin. */
export function canonicalBuiltin(words: string[]): string | null {
  let unsigned = false;
  let signed = false;
  let shorts = 0;
  let longs = 0;
  let base: string | null = null;
  for (const w of words) {
    if (QUALIFIERS.has(w)) continue;
    if (w === 'unsigned') unsigned = true;
    else if (w === 'signed') signed = true;
    else if (w === 'short') shorts++;
    else if (w === 'long') longs++;
    else if (w === 'int') base ??= 'int';
    else if (w === 'char' || w === 'double' || w === 'float' || w === '_Bool' || w === '__int128' || w === 'void') {
      if (base !== null && base !== 'int') return null;
      base = w;
    } else if (NAMED_BUILTINS.has(w)) base = w;
    else if (w === '_Float64' || w === '_Float32x') base = 'double';
    else if (w === '_Float32') base = 'float';
    else if (w === '__int128_t') base = '__int128';
    else if (w === '__uint128_t') {
      base = '__int128';
      unsigned = true;
    } else return null;
  }
  switch (base) {
    case 'void':
    case 'float':
    case '_Bool':
      return base;
    case 'double':
      return longs > 0 ? 'long double' : 'double';
    case 'char':
      return unsigned ? 'unsigned char' : signed ? 'signed char' : 'char';
    case '__int128':
      return unsigned ? 'unsigned __int128' : '__int128';
  }
  if (base !== null && NAMED_BUILTINS.has(base)) return base;
  const u = unsigned ? 'unsigned ' : '';
  if (shorts > 0) return `${u}short`;
  if (longs >= 2) return `${u}long long`;
  if (longs === 1) return `${u}long`;
  if (base === null && !unsigned && !signed) return null;
  return `${u}int`;
}

/** The type with all typedefs peeled off. */
export function stripTypedefs(t: CType): CType {
  let x = t;
  while (x.kind === 'typedef') x = x.to;
  return x;
}

/** The id of the record a type names through typedefs and arrays (`struct foo`, `foo_t [4]`), null for any other type. */
export function recordIdWithin(t: CType): string | null {
  let x = t;
  while (x.kind === 'array' || (x.kind === 'typedef' && !x.unknown)) x = x.kind === 'array' ? x.of : x.to;
  return x.kind === 'record' ? x.id : null;
}

/** True when the type (through typedefs, arrays) rests on an unknown type name. */
export function dependsOnUnknown(t: CType): boolean {
  let x = t;
  for (;;) {
    if (x.kind === 'typedef') {
      if (x.unknown) return true;
      x = x.to;
    } else if (x.kind === 'array') x = x.of;
    else return false;
  }
}

/** An unknown-size stand-in (CType typedef with `unknown: true`). */
export function unknownType(name: string): CType {
  return { kind: 'typedef', name, to: { kind: 'void' }, unknown: true };
}

/**
 * What <stddef.h> declares for every userspace program, as GCC's
 * __SIZE_TYPE__ and __PTRDIFF_TYPE__ on Linux ABIs: size_t and ptrdiff_t are
 * unsigned long and long where long is 64-bit, unsigned int and int
 * elsewhere (x32 included).
 */
export function stddefType(name: string, abi: { longBits: number }): CType | undefined {
  const lp64 = abi.longBits === 64;
  if (name === 'size_t') return { kind: 'builtin', name: lp64 ? 'unsigned long' : 'unsigned int' };
  if (name === 'ptrdiff_t') return { kind: 'builtin', name: lp64 ? 'long' : 'int' };
  return undefined;
}
