/**
 * C integer arithmetic for constant expressions, with C's types: every value
 * carries its type's width and signedness, operands go through the integer
 * promotions and usual arithmetic conversions, and results wrap like GCC's do
 * (`~0U` is 0xffffffff, `1 << 31` is INT_MIN).
 */
import type { CType } from '../type-model.ts';
import type { AbiIntegers } from './abi-integers.ts';
import { stripTypedefs } from './c-types.ts';

export interface IntType {
  bits: number;
  unsigned: boolean;
  /** `_Bool`: conversion yields 0 or 1. */
  bool?: boolean;
}

export interface IntValue {
  value: bigint;
  type: IntType;
}

/** Thrown when an expression is not an integer constant expression. */
export class NotConstant extends Error {}

export const INT: IntType = { bits: 32, unsigned: false };
export const UINT: IntType = { bits: 32, unsigned: true };

export function wrap(value: bigint, type: IntType): bigint {
  if (type.bool) return value !== 0n ? 1n : 0n;
  return type.unsigned ? BigInt.asUintN(type.bits, value) : BigInt.asIntN(type.bits, value);
}

export function make(value: bigint, type: IntType): IntValue {
  return { value: wrap(value, type), type };
}

/** Integer type of a canonical builtin name (see CType 'builtin'); null for non-integers. */
export function builtinIntType(name: string, abi: AbiIntegers): IntType | null {
  switch (name) {
    case 'char':
      return { bits: 8, unsigned: abi.charUnsigned };
    case 'signed char':
      return { bits: 8, unsigned: false };
    case 'unsigned char':
      return { bits: 8, unsigned: true };
    case 'short':
      return { bits: 16, unsigned: false };
    case 'unsigned short':
      return { bits: 16, unsigned: true };
    case 'int':
      return INT;
    case 'unsigned int':
      return UINT;
    case 'long':
      return { bits: abi.longBits, unsigned: false };
    case 'unsigned long':
      return { bits: abi.longBits, unsigned: true };
    case 'long long':
      return { bits: 64, unsigned: false };
    case 'unsigned long long':
      return { bits: 64, unsigned: true };
    case '__int128':
      return { bits: 128, unsigned: false };
    case 'unsigned __int128':
      return { bits: 128, unsigned: true };
    case '_Bool':
      return { bits: 8, unsigned: true, bool: true };
    default:
      return null;
  }
}

/** Integer promotions: anything narrower than int becomes int. */
export function promote(t: IntType): IntType {
  return t.bits < 32 || t.bool ? INT : t;
}

/** Usual arithmetic conversions, decided on width and signedness (what the value depends on). */
export function common(a: IntType, b: IntType): IntType {
  const x = promote(a);
  const y = promote(b);
  if (x.unsigned === y.unsigned) return x.bits >= y.bits ? x : y;
  const [u, s] = x.unsigned ? [x, y] : [y, x];
  if (u.bits >= s.bits) return u;
  return s;
}

/** Type and value of an integer literal (`0x10UL`, `017`, `42`), or null if not one. */
/** Literal values by ABI: headers spell the same few thousand literals in every unit. */
const literalCache = new WeakMap<AbiIntegers, Map<string, IntValue | null>>();
const LITERALS_PER_ABI = 50_000;

export function parseIntegerLiteral(text: string, abi: AbiIntegers): IntValue | null {
  let cache = literalCache.get(abi);
  if (!cache) literalCache.set(abi, (cache = new Map()));
  let v = cache.get(text);
  if (v === undefined) {
    v = readIntegerLiteral(text, abi);
    if (cache.size >= LITERALS_PER_ABI) cache.clear();
    cache.set(text, v);
  }
  return v;
}

function readIntegerLiteral(text: string, abi: AbiIntegers): IntValue | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text.replace(/'/g, ''));
  if (!m) return null;
  const digits = m[1]!;
  const suffix = m[2]!.toLowerCase();
  let value: bigint;
  if (/^0[bB]/.test(digits)) value = BigInt(digits);
  else if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt('0o' + digits.slice(1));
  else value = BigInt(digits);
  const decimal = !/^0./.test(digits) || digits === '0';
  const unsignedSuffix = suffix.includes('u');
  const longs = (suffix.match(/l/g) ?? []).length;
  const L = abi.longBits;
  const candidates: IntType[] = [];
  const add = (bits: number, unsigned: boolean) => candidates.push({ bits, unsigned });
  if (longs === 0) {
    if (!unsignedSuffix) add(32, false);
    if (unsignedSuffix || !decimal) add(32, true);
  }
  if (longs <= 1) {
    if (!unsignedSuffix) add(L, false);
    if (unsignedSuffix || !decimal) add(L, true);
  }
  if (!unsignedSuffix) add(64, false);
  if (unsignedSuffix || !decimal) add(64, true);
  add(64, true); // GCC: a decimal too big for long long becomes unsigned (with a warning)
  for (const t of candidates) {
    const max = t.unsigned ? (1n << BigInt(t.bits)) - 1n : (1n << BigInt(t.bits - 1)) - 1n;
    if (value <= max) return { value, type: t };
  }
  return { value: wrap(value, { bits: 128, unsigned: true }), type: { bits: 128, unsigned: true } };
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63,
};

/** Value of a character constant such as `'a'`, `'\n'`, `'\x7f'`, `'ab'` (type int, as GCC computes it). */
export function parseCharLiteral(text: string, abi: AbiIntegers): IntValue | null {
  const m = /^(L|u|U|u8)?'(.*)'$/s.exec(text);
  if (!m) return null;
  const body = m[2]!;
  const chars: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      chars.push(body.codePointAt(i)!);
      continue;
    }
    const rest = body.slice(i + 1);
    let mm: RegExpExecArray | null;
    if ((mm = /^x([0-9a-fA-F]+)/.exec(rest))) {
      chars.push(parseInt(mm[1]!, 16));
      i += mm[0].length;
    } else if ((mm = /^[0-7]{1,3}/.exec(rest))) {
      chars.push(parseInt(mm[0], 8));
      i += mm[0].length;
    } else if (rest[0] !== undefined && rest[0] in SIMPLE_ESCAPES) {
      chars.push(SIMPLE_ESCAPES[rest[0]]!);
      i += 1;
    } else return null;
  }
  if (chars.length === 0) return null;
  if (m[1]) return { value: BigInt(chars[chars.length - 1]!), type: m[1] === 'L' ? INT : UINT };
  if (chars.length === 1) {
    const c = BigInt(chars[0]! & 0xff);
    return { value: abi.charUnsigned ? c : BigInt.asIntN(8, c), type: INT };
  }
  let v = 0n;
  for (const c of chars) v = (v << 8n) | BigInt(c & 0xff);
  return make(v, INT);
}

export function binary(op: string, a: IntValue, b: IntValue): IntValue {
  switch (op) {
    case '&&':
      return { value: a.value !== 0n && b.value !== 0n ? 1n : 0n, type: INT };
    case '||':
      return { value: a.value !== 0n || b.value !== 0n ? 1n : 0n, type: INT };
    case '<<':
    case '>>': {
      const t = promote(a.type);
      if (b.value < 0n || b.value >= BigInt(t.bits)) throw new NotConstant(`shift count ${b.value} out of range`);
      const v = op === '<<' ? a.value << b.value : wrap(a.value, t) >> b.value;
      return make(v, t);
    }
  }
  const t = common(a.type, b.type);
  const x = wrap(a.value, t);
  const y = wrap(b.value, t);
  const bool = (c: boolean): IntValue => ({ value: c ? 1n : 0n, type: INT });
  switch (op) {
    case '+':
      return make(x + y, t);
    case '-':
      return make(x - y, t);
    case '*':
      return make(x * y, t);
    case '/':
      if (y === 0n) throw new NotConstant('division by zero');
      return make(x / y, t);
    case '%':
      if (y === 0n) throw new NotConstant('division by zero');
      return make(x % y, t);
    case '&':
      return make(x & y, t);
    case '|':
      return make(x | y, t);
    case '^':
      return make(x ^ y, t);
    case '==':
      return bool(x === y);
    case '!=':
      return bool(x !== y);
    case '<':
      return bool(x < y);
    case '>':
      return bool(x > y);
    case '<=':
      return bool(x <= y);
    case '>=':
      return bool(x >= y);
    default:
      throw new NotConstant(`operator ${op}`);
  }
}

export function unary(op: string, a: IntValue): IntValue {
  const t = promote(a.type);
  switch (op) {
    case '-':
      return make(-a.value, t);
    case '+':
      return make(a.value, t);
    case '~':
      return make(~a.value, t);
    case '!':
      return { value: a.value === 0n ? 1n : 0n, type: INT };
    default:
      throw new NotConstant(`operator ${op}`);
  }
}

/** An enumerator's value with GCC's type for it: int when it fits, else unsigned int, long long, unsigned long long. */
export function enumeratorValue(v: bigint): IntValue {
  if (v >= -(1n << 31n) && v < 1n << 31n) return { value: v, type: INT };
  if (v >= 0n && v < 1n << 32n) return { value: v, type: UINT };
  if (v >= -(1n << 63n) && v < 1n << 63n) return { value: v, type: { bits: 64, unsigned: false } };
  return { value: BigInt.asUintN(64, v), type: { bits: 64, unsigned: true } };
}

/**
 * The integer type of `t` for the evaluator (typedefs stripped; an enum is
 * int, a pointer an unsigned long), null when it is none; `fact` notes the
 * ABI facts the answer read (char signedness, long's width).
 */
export function integerTypeOf(t: CType, ints: AbiIntegers, fact: (f: 'charUnsigned' | 'longBits') => unknown): IntType | null {
  const x = stripTypedefs(t);
  if (x.kind === 'builtin') {
    if (x.name === 'char') fact('charUnsigned');
    else if (x.name === 'long' || x.name === 'unsigned long') fact('longBits');
    return builtinIntType(x.name, ints);
  }
  if (x.kind === 'enum') return INT;
  if (x.kind === 'pointer') {
    fact('longBits');
    return { bits: ints.longBits, unsigned: true };
  }
  return null;
}

/** The diagnostic of an enumerator whose initializer is not a constant (the value assumed instead is the next in sequence). */
export function enumeratorNotConstant(name: string, why: string, assumed: bigint): string {
  return `value of enumerator '${name}' is not a constant: ${why}; assumed ${assumed}`;
}

/** The enumerator an enumeratorNotConstant() message is about, else null. */
export function notConstantEnumerator(message: string): string | null {
  return /^value of enumerator '(\w+)' is not a constant: /.exec(message)?.[1] ?? null;
}
