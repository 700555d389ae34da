/**
 * Small pure helpers over CType: canonical builtin names from specifier
 * words, following typedef chains, and describing a type for messages.
 */
import type { CType } from '../type-model.ts';

const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '_Atomic', 'register', 'static', 'extern', 'auto', 'inline']);

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
    } else if (w === '__float128' || w === '_Float128') base = '__float128';
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
    case '__float128':
    case '_Bool':
      return base;
    case 'double':
      return longs > 0 ? 'long double' : 'double';
    case 'char':
      return unsigned ? 'unsigned char' : signed ? 'signed char' : 'char';
    case '__int128':
      return unsigned ? 'unsigned __int128' : '__int128';
  }
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
