/**
 * Integer constant expressions over already macro-expanded tokens, with C's
 * typing rules done in BigInt:
 *
 * - `#if` mode (C11 6.10.1p4): every value is intmax_t or uintmax_t (64-bit),
 *   remaining identifiers are 0, no casts or sizeof;
 * - C mode (for macro values such as `_IOW('k', 1, struct x)`): int, long and
 *   long long with the ABI's widths, integer promotions and the usual
 *   arithmetic conversions, casts to integer type names, `sizeof`/`_Alignof`
 *   through hooks, identifiers through a hook (enum constants) or not constant.
 *
 * Division by zero and shifts are evaluated as GCC folds them; operands that
 * are not evaluated (`0 && 1/0`) do not raise errors.
 */
import type { Token } from './token.ts';

export interface IntType {
  /** 0 = char/short/_Bool (promoted before use), 1 int, 2 long, 3 long long, 4 __int128. */
  rank: number;
  bits: number;
  unsigned: boolean;
}

export interface IntValue {
  value: bigint;
  type: IntType;
}

export interface ExpressionHooks {
  /** `sizeof(T)` / `sizeof expr` for a type or expression text. */
  sizeof?: (typeText: string) => number | undefined;
  /** `_Alignof(T)` / `__alignof__(T)`. */
  alignof?: (typeText: string) => number | undefined;
  /** Value of an identifier left after expansion (an enumerator), in C mode. */
  identifier?: (name: string) => bigint | undefined;
  /** An integer typedef name used in a cast, in C mode (fallback: the kernel's and <stdint.h>'s names). */
  integerType?: (name: string) => IntType | undefined;
}

export interface EvalOptions {
  mode: 'if' | 'c';
  /** Width of long and pointers (C mode); default 64. */
  longBits: number;
  /** Plain char is unsigned on this ABI (character constants). */
  charUnsigned: boolean;
  /** wchar_t is unsigned int (arm, aarch64) rather than a signed type. */
  wcharUnsigned?: boolean;
  /** wchar_t is long int (i386, x32, ppc32, m68k). */
  wcharLong?: boolean;
  hooks?: ExpressionHooks;
}

export class ExpressionError extends Error {}

/** Parentheses deeper than this are rejected rather than risking the stack. */
const MAX_PAREN_DEPTH = 256;

const INT: IntType = { rank: 1, bits: 32, unsigned: false };
const INTMAX: IntType = { rank: 3, bits: 64, unsigned: false };
const UINTMAX: IntType = { rank: 3, bits: 64, unsigned: true };

function wrap(v: bigint, t: IntType): bigint {
  if (t.rank === -1) return v !== 0n ? 1n : 0n;
  return t.unsigned ? BigInt.asUintN(t.bits, v) : BigInt.asIntN(t.bits, v);
}

const BUILTIN_TYPE_WORDS = new Set(['char', 'short', 'int', 'long', 'signed', 'unsigned', '_Bool', '__int128', '__signed__', '__signed', 'const', 'volatile']);

/** Integer typedefs a uAPI macro may cast to. `L` stands for long's width. */
const NAMED_TYPES: Record<string, [bits: number | 'L', unsigned: boolean, rank: number]> = {
  __u8: [8, true, 0], __s8: [8, false, 0], __u16: [16, true, 0], __s16: [16, false, 0],
  __u32: [32, true, 1], __s32: [32, false, 1], __u64: [64, true, 3], __s64: [64, false, 3],
  __le16: [16, true, 0], __be16: [16, true, 0], __le32: [32, true, 1], __be32: [32, true, 1],
  __le64: [64, true, 3], __be64: [64, true, 3], __sum16: [16, true, 0], __wsum: [32, true, 1],
  u8: [8, true, 0], s8: [8, false, 0], u16: [16, true, 0], s16: [16, false, 0],
  u32: [32, true, 1], s32: [32, false, 1], u64: [64, true, 3], s64: [64, false, 3],
  uint8_t: [8, true, 0], int8_t: [8, false, 0], uint16_t: [16, true, 0], int16_t: [16, false, 0],
  uint32_t: [32, true, 1], int32_t: [32, false, 1], uint64_t: [64, true, 3], int64_t: [64, false, 3],
  size_t: ['L', true, 2], ssize_t: ['L', false, 2], uintptr_t: ['L', true, 2], intptr_t: ['L', false, 2],
  ptrdiff_t: ['L', false, 2], __kernel_size_t: ['L', true, 2], __kernel_ssize_t: ['L', false, 2],
  __kernel_ulong_t: ['L', true, 2], __kernel_long_t: ['L', false, 2], bool: [1, true, -1], _Bool: [1, true, -1],
};

export function evaluateTokens(tokens: readonly Token[], opts: EvalOptions): IntValue {
  return new Evaluator(tokens, opts).run();
}

class Evaluator {
  private pos = 0;
  private depth = 0;
  private readonly toks: readonly Token[];
  private readonly opts: EvalOptions;
  private readonly ifMode: boolean;
  private readonly intType: IntType;
  private readonly longType: IntType;

  constructor(toks: readonly Token[], opts: EvalOptions) {
    this.toks = toks;
    this.opts = opts;
    this.ifMode = opts.mode === 'if';
    this.intType = this.ifMode ? INTMAX : INT;
    this.longType = { rank: 2, bits: opts.longBits, unsigned: false };
  }

  run(): IntValue {
    if (this.toks.length === 0) throw new ExpressionError('#if with no expression');
    const v = this.comma(true);
    const t = this.toks[this.pos];
    if (t) {
      throw new ExpressionError(t.text === ')' ? "missing '(' in expression" : `missing binary operator before token "${t.text}"`);
    }
    return v;
  }

  private peek(): string | undefined {
    return this.toks[this.pos]?.text;
  }

  private expect(text: string): void {
    const t = this.toks[this.pos];
    if (t?.text !== text) throw new ExpressionError(t ? `expected '${text}' before "${t.text}"` : `expected '${text}' at end of expression`);
    this.pos++;
  }

  private make(value: bigint, type: IntType): IntValue {
    return { value: wrap(value, type), type };
  }

  private promote(v: IntValue): IntValue {
    if (this.ifMode) return v.type.bits === 64 ? v : this.make(v.value, v.type.unsigned ? UINTMAX : INTMAX);
    return v.type.rank < 1 ? { value: v.value, type: INT } : v;
  }

  private common(a: IntValue, b: IntValue): IntType {
    const x = this.promote(a).type;
    const y = this.promote(b).type;
    if (x.unsigned === y.unsigned) return x.rank >= y.rank ? x : y;
    const [u, s] = x.unsigned ? [x, y] : [y, x];
    if (u.rank >= s.rank) return u;
    if (s.bits > u.bits) return s;
    return { ...s, unsigned: true };
  }

  private truth(b: boolean): IntValue {
    return { value: b ? 1n : 0n, type: this.intType };
  }

  private comma(ev: boolean): IntValue {
    let v = this.conditional(ev);
    while (this.peek() === ',') {
      this.pos++;
      v = this.conditional(ev);
    }
    return v;
  }

  private conditional(ev: boolean): IntValue {
    const c = this.binary(0, ev);
    if (this.peek() !== '?') return c;
    this.pos++;
    const take = c.value !== 0n;
    const a = this.comma(ev && take);
    this.expect(':');
    const b = this.conditional(ev && !take);
    const t = this.common(a, b);
    return this.make((take ? a : b).value, t);
  }

  private static readonly PREC: Record<string, number> = {
    '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
    '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
  };

  private binary(minPrec: number, ev: boolean): IntValue {
    let lhs = this.unary(ev);
    for (;;) {
      const t = this.toks[this.pos];
      const op = t?.kind === 'punct' ? t.text : undefined;
      const prec = op ? Evaluator.PREC[op] : undefined;
      if (!op || prec === undefined || prec <= minPrec) return lhs;
      this.pos++;
      if (op === '&&' || op === '||') {
        const lv = lhs.value !== 0n;
        const rhs = this.binary(prec, ev && (op === '&&' ? lv : !lv));
        lhs = this.truth(op === '&&' ? lv && rhs.value !== 0n : lv || rhs.value !== 0n);
        continue;
      }
      const rhs = this.binary(prec, ev);
      lhs = this.apply(op, lhs, rhs, ev);
    }
  }

  private apply(op: string, a: IntValue, b: IntValue, ev: boolean): IntValue {
    if (op === '<<' || op === '>>') {
      const l = this.promote(a);
      const n = this.promote(b).value;
      const bits = BigInt(l.type.bits);
      let left = op === '<<';
      let count = n;
      if (count < 0n) {
        left = !left;
        count = -count;
      }
      if (left) return this.make(count >= bits ? 0n : l.value << count, l.type);
      if (count >= bits) return this.make(l.value < 0n ? -1n : 0n, l.type);
      return this.make(l.value >> count, l.type);
    }
    const t = this.common(a, b);
    const x = wrap(a.value, t);
    const y = wrap(b.value, t);
    switch (op) {
      case '*': return this.make(x * y, t);
      case '/':
      case '%':
        if (y === 0n) {
          if (ev) throw new ExpressionError(`division by zero in ${this.ifMode ? '#if' : 'constant expression'}`);
          // Not evaluated: only the type matters. GCC's #if keeps the left operand (and its signedness) here.
          return this.ifMode ? this.promote(a) : this.make(0n, t);
        }
        return this.make(op === '/' ? x / y : x % y, t);
      case '+': return this.make(x + y, t);
      case '-': return this.make(x - y, t);
      case '<': return this.truth(x < y);
      case '>': return this.truth(x > y);
      case '<=': return this.truth(x <= y);
      case '>=': return this.truth(x >= y);
      case '==': return this.truth(x === y);
      case '!=': return this.truth(x !== y);
      case '&': return this.make(x & y, t);
      case '^': return this.make(x ^ y, t);
      case '|': return this.make(x | y, t);
    }
    throw new ExpressionError(`unsupported operator ${op}`);
  }

  private unary(ev: boolean): IntValue {
    const t = this.toks[this.pos];
    if (!t) throw new ExpressionError('#if expression ends early');
    if (t.kind === 'punct') {
      switch (t.text) {
        case '+': { this.pos++; return this.promote(this.unary(ev)); }
        case '-': { this.pos++; const v = this.promote(this.unary(ev)); return this.make(-v.value, v.type); }
        case '~': { this.pos++; const v = this.promote(this.unary(ev)); return this.make(~v.value, v.type); }
        case '!': { this.pos++; const v = this.unary(ev); return this.truth(v.value === 0n); }
        case '(': {
          if (!this.ifMode) {
            const cast = this.tryCastType();
            if (cast) {
              const v = this.unary(ev);
              return this.make(v.value, cast);
            }
          }
          this.pos++;
          if (++this.depth > MAX_PAREN_DEPTH) throw new ExpressionError(`expression nested too deeply (more than ${MAX_PAREN_DEPTH} parentheses)`);
          const v = this.comma(ev);
          this.expect(')');
          this.depth--;
          return v;
        }
      }
      throw new ExpressionError(`token "${t.text}" is not valid in ${this.ifMode ? 'preprocessor expressions' : 'an integer constant expression'}`);
    }
    this.pos++;
    if (t.kind === 'number') return this.number(t.text);
    if (t.kind === 'char') return this.charConstant(t.text);
    if (t.kind === 'ident') {
      if (this.ifMode) return { value: 0n, type: INTMAX };
      return this.identifier(t.text, ev);
    }
    if (t.kind === 'string') throw new ExpressionError(`token "${t.text}" is not valid in ${this.ifMode ? 'preprocessor expressions' : 'an integer constant expression'}`);
    throw new ExpressionError(`token "${t.text}" is not valid in expressions`);
  }

  private identifier(name: string, ev: boolean): IntValue {
    const hooks = this.opts.hooks;
    if (name === 'sizeof' || name === '_Alignof' || name === '__alignof__' || name === '__alignof' || name === 'alignof') {
      const text = this.operandText();
      const n = name === 'sizeof' ? hooks?.sizeof?.(text) ?? this.builtinSize(text) : hooks?.alignof?.(text) ?? this.builtinSize(text);
      if (n === undefined) throw new ExpressionError(`cannot compute ${name}(${text})`);
      return { value: BigInt(n), type: { rank: 2, bits: this.opts.longBits, unsigned: true } };
    }
    const v = hooks?.identifier?.(name);
    if (v !== undefined) return { value: v, type: this.intType };
    if (name === 'true' || name === 'false') return this.truth(name === 'true');
    if (!ev) return { value: 0n, type: this.intType };
    throw new ExpressionError(`"${name}" is not an integer constant`);
  }

  /** The text of `( type-or-expr )` or of a unary operand, after sizeof. */
  private operandText(): string {
    if (this.peek() !== '(') {
      const t = this.toks[this.pos++];
      if (!t) throw new ExpressionError('sizeof needs an operand');
      return t.text;
    }
    this.pos++;
    const parts: string[] = [];
    let depth = 0;
    for (;;) {
      const t = this.toks[this.pos++];
      if (!t) throw new ExpressionError("missing ')' after sizeof operand");
      if (t.text === '(') depth++;
      else if (t.text === ')' && depth-- === 0) break;
      parts.push(t.text);
    }
    return parts.join(' ');
  }

  /** Sizes of the builtin scalar types (fallback when no hook answers). */
  private builtinSize(text: string): number | undefined {
    if (/\*\s*$/.test(text)) return this.opts.longBits / 8;
    const t = this.typeFromWords(text.split(/\s+/));
    return t ? Math.max(1, t.bits / 8) : undefined;
  }

  /** `( type-name )` followed by an operand: the cast's type, consuming the parentheses. */
  private tryCastType(): IntType | undefined {
    const words: string[] = [];
    let j = this.pos + 1;
    for (; j < this.toks.length && this.toks[j]!.text !== ')'; j++) {
      const t = this.toks[j]!;
      if (t.kind !== 'ident') return undefined;
      words.push(t.text);
    }
    if (j >= this.toks.length || words.length === 0) return undefined;
    const type = this.typeFromWords(words);
    if (!type) return undefined;
    const after = this.toks[j + 1];
    if (!after || (after.kind === 'punct' && !['(', '-', '+', '~', '!'].includes(after.text))) return undefined;
    this.pos = j + 1;
    return type;
  }

  private typeFromWords(words: string[]): IntType | undefined {
    const ws = words.filter((w) => w !== 'const' && w !== 'volatile' && w !== '');
    if (ws.length === 1 && !BUILTIN_TYPE_WORDS.has(ws[0]!)) {
      const hooked = this.opts.hooks?.integerType?.(ws[0]!);
      if (hooked) return hooked;
      const named = NAMED_TYPES[ws[0]!];
      if (!named) return undefined;
      const [bits, unsigned, rank] = named;
      return { bits: bits === 'L' ? this.opts.longBits : bits, unsigned, rank };
    }
    if (!ws.every((w) => BUILTIN_TYPE_WORDS.has(w))) return undefined;
    const unsigned = ws.includes('unsigned');
    const longs = ws.filter((w) => w === 'long').length;
    if (ws.includes('_Bool')) return { rank: -1, bits: 1, unsigned: true };
    if (ws.includes('char')) return { rank: 0, bits: 8, unsigned: unsigned || (!ws.some((w) => w.startsWith('signed') || w.startsWith('__signed')) && this.opts.charUnsigned) };
    if (ws.includes('short')) return { rank: 0, bits: 16, unsigned };
    if (ws.includes('__int128')) return { rank: 4, bits: 128, unsigned };
    if (longs >= 2) return { rank: 3, bits: 64, unsigned };
    if (longs === 1) return { ...this.longType, unsigned };
    return { rank: 1, bits: 32, unsigned };
  }

  private number(text: string): IntValue {
    const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(text);
    if (!m) {
      if (/^[0-9]*\.|^[0-9]+[eE]|^0[xX].*[pP]/.test(text)) throw new ExpressionError('floating constant in preprocessor expression');
      throw new ExpressionError(`invalid integer constant "${text}"`);
    }
    const digits = m[1]!;
    const suffix = m[2]!.toLowerCase();
    if (!/^(u?(l|ll)?|(l|ll)u)$/.test(suffix)) throw new ExpressionError(`invalid suffix "${m[2]}" on integer constant`);
    let value: bigint;
    if (/^0[0-7]+$/.test(digits)) value = BigInt('0o' + digits.slice(1));
    else if (/^0[0-9]+$/.test(digits)) throw new ExpressionError(`invalid digit in octal constant "${text}"`);
    else value = BigInt(digits);
    const unsignedSuffix = suffix.includes('u');
    const decimal = /^[1-9]|^0$/.test(digits);
    if (this.ifMode) {
      if (value > 0xffffffffffffffffn) throw new ExpressionError('integer constant is too large for its type');
      return { value, type: unsignedSuffix || value > 0x7fffffffffffffffn ? UINTMAX : INTMAX };
    }
    const longs = suffix.includes('ll') ? 2 : suffix.includes('l') ? 1 : 0;
    const candidates: IntType[] = [];
    const L = this.opts.longBits;
    const add = (rank: number, bits: number, unsigned: boolean) => {
      if (rank >= [1, 2, 3][longs]!) candidates.push({ rank, bits, unsigned });
    };
    for (const [rank, bits] of [[1, 32], [2, L], [3, 64]] as const) {
      if (!unsignedSuffix) add(rank, bits, false);
      if (unsignedSuffix || !decimal) add(rank, bits, true);
    }
    for (const t of candidates) {
      const max = t.unsigned ? (1n << BigInt(t.bits)) - 1n : (1n << BigInt(t.bits - 1)) - 1n;
      if (value <= max) return { value, type: t };
    }
    throw new ExpressionError('integer constant is too large for its type');
  }

  private charConstant(text: string): IntValue {
    const m = /^(L|u8|u|U)?'(.*)'$/s.exec(text);
    if (!m) throw new ExpressionError(`invalid character constant ${text}`);
    const prefix = m[1] ?? '';
    const chars = decodeEscapes(m[2]!);
    if (chars.length === 0) throw new ExpressionError('empty character constant');
    // GCC gives a character constant in #if the signedness of its type: plain
    // char, wchar_t, char16_t/char32_t (unsigned); multi-character constants are int.
    if (prefix === 'L' || prefix === 'U' || prefix === 'u') {
      const c = BigInt(chars[chars.length - 1]!);
      const unsigned = prefix !== 'L' || this.opts.wcharUnsigned === true;
      if (this.ifMode) return { value: c, type: unsigned ? UINTMAX : INTMAX };
      if (prefix === 'u') return { value: c, type: INT };
      return { value: c, type: unsigned ? { ...INT, unsigned: true } : prefix === 'L' ? this.wcharSignedType() : INT };
    }
    let v = 0n;
    for (const c of chars) v = (v << 8n) | BigInt(c & 0xff);
    if (chars.length === 1 && !this.opts.charUnsigned) v = BigInt.asIntN(8, v);
    else if (chars.length > 1) v = BigInt.asIntN(32, v);
    if (this.ifMode) return { value: v, type: chars.length === 1 && this.opts.charUnsigned ? UINTMAX : INTMAX };
    return { value: v, type: INT };
  }

  /** wchar_t is `long` on i386, x32, ppc32 and m68k, `int` elsewhere; both 32-bit there. */
  private wcharSignedType(): IntType {
    return this.opts.wcharLong ? { ...this.longType } : INT;
  }
}

/** Code units of a character constant's body, escapes decoded. */
function decodeEscapes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out.push(s.charCodeAt(i));
      continue;
    }
    const d = s[++i]!;
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63 };
    if (d in simple) out.push(simple[d]!);
    else if (d === 'x') {
      let j = i + 1;
      while (j < s.length && /[0-9a-fA-F]/.test(s[j]!)) j++;
      out.push(parseInt(s.slice(i + 1, j) || '0', 16));
      i = j - 1;
    } else if (/[0-7]/.test(d)) {
      let j = i;
      while (j < s.length && j < i + 3 && /[0-7]/.test(s[j]!)) j++;
      out.push(parseInt(s.slice(i, j), 8));
      i = j - 1;
    } else out.push(d.charCodeAt(0));
  }
  return out;
}
