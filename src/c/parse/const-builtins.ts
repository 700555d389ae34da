/**
 * GCC's builtin functions that fold to integer constants, as kernel headers
 * use them in array sizes, bit widths and enumerators: ilog2() and
 * roundup_pow_of_two() choose with `__builtin_constant_p(n) ? … :` and count
 * bits with `__builtin_clzll`, min()/max() and __is_constexpr() select with
 * `__builtin_choose_expr`. Each folds as GCC folds it: a count of bits of
 * zero (undefined in GCC) is not a constant, `__builtin_constant_p` is 1 for
 * what this evaluator can fold and 0 for anything else.
 */
import type { AbiIntegers } from './abi-integers.ts';
import { INT, make, NotConstant, type IntType, type IntValue } from './c-integer.ts';
import type { SyntaxNode } from './tree-sitter-c.ts';

type Evaluate = (node: SyntaxNode) => IntValue;

/** Operand width of the counting builtins: no suffix (unsigned int), `l` (unsigned long), `ll` (unsigned long long). */
function operandType(suffix: string, abi: AbiIntegers): IntType {
  return { bits: suffix === 'll' ? 64 : suffix === 'l' ? abi.longBits : 32, unsigned: true };
}

const COUNTING = /^__builtin_(clz|ctz|popcount|ffs|parity|clrsb)(l|ll)?$/;
const BSWAP = /^__builtin_bswap(16|32|64)$/;

/** Whether `name` is a builtin this file folds. */
export function isConstBuiltin(name: string): boolean {
  return name === '__builtin_constant_p' || name === '__builtin_choose_expr' || name === '__builtin_expect'
    || COUNTING.test(name) || BSWAP.test(name);
}

/** Fold a call of the builtin `name` (isConstBuiltin) with argument nodes `args`. */
export function foldBuiltin(name: string, args: readonly SyntaxNode[], evaluate: Evaluate, abi: AbiIntegers, uses?: (fact: keyof AbiIntegers) => void): IntValue {
  const arity = (n: number) => {
    if (args.length !== n) throw new NotConstant(`${name} takes ${n} argument${n === 1 ? '' : 's'}`);
  };
  if (name === '__builtin_constant_p') {
    arity(1);
    try {
      evaluate(args[0]!);
      return { value: 1n, type: INT };
    } catch (e) {
      if (e instanceof NotConstant) return { value: 0n, type: INT };
      throw e;
    }
  }
  if (name === '__builtin_choose_expr') {
    arity(3);
    // only the chosen expression is evaluated, and it keeps its own type
    return evaluate(evaluate(args[0]!).value !== 0n ? args[1]! : args[2]!);
  }
  if (name === '__builtin_expect') {
    arity(2);
    uses?.('longBits');
    return make(evaluate(args[0]!).value, { bits: abi.longBits, unsigned: false });
  }
  const bswap = BSWAP.exec(name);
  if (bswap) {
    arity(1);
    const bits = Number(bswap[1]);
    const type: IntType = { bits, unsigned: true };
    let x = make(evaluate(args[0]!).value, type).value;
    let out = 0n;
    for (let i = 0; i < bits / 8; i++) {
      out = (out << 8n) | (x & 0xffn);
      x >>= 8n;
    }
    return { value: out, type };
  }
  const m = COUNTING.exec(name);
  if (!m) throw new NotConstant(`'${name}' is not a builtin that folds to a constant`);
  arity(1);
  if (m[2] === 'l') uses?.('longBits');
  const type = operandType(m[2] ?? '', abi);
  const x = make(evaluate(args[0]!).value, type).value;
  const bits = type.bits;
  const count = (from: number, step: number, want: bigint): number => {
    let n = 0;
    for (let i = from; i >= 0 && i < bits && ((x >> BigInt(i)) & 1n) === want; i += step) n++;
    return n;
  };
  let ones = 0;
  for (let v = x; v > 0n; v >>= 1n) ones += Number(v & 1n);
  switch (m[1]) {
    case 'clz':
      if (x === 0n) throw new NotConstant(`${name}(0) is undefined`);
      return { value: BigInt(count(bits - 1, -1, 0n)), type: INT };
    case 'ctz':
      if (x === 0n) throw new NotConstant(`${name}(0) is undefined`);
      return { value: BigInt(count(0, 1, 0n)), type: INT };
    case 'ffs':
      return { value: x === 0n ? 0n : BigInt(count(0, 1, 0n) + 1), type: INT };
    case 'popcount':
      return { value: BigInt(ones), type: INT };
    case 'parity':
      return { value: BigInt(ones & 1), type: INT };
    default: {
      // clrsb: redundant sign bits, the bits after the sign bit that equal it
      const sign = (x >> BigInt(bits - 1)) & 1n;
      return { value: BigInt(count(bits - 2, -1, sign)), type: INT };
    }
  }
}
