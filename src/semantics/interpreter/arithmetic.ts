/**
 * C arithmetic of the emulated kernel: binary operators after the usual
 * arithmetic conversions (shifts, division by zero and wrap-around as the
 * target does them), and pointer arithmetic scaled by the pointee's size.
 */
import type { Machine } from './machine.ts';
import { KernelFault, Unsupported } from './run-errors.ts';
import { INT, LONG } from './types.ts';
import type { ScalarValue } from './values.ts';
import { commonType, promote, scalar, wrap } from './values.ts';

export function wrapPtr(m: Machine, a: bigint): bigint {
  return BigInt.asUintN(m.mem.opts.pointerBytes * 8, a);
}

export function arith(m: Machine, op: string, a: ScalarValue, b: ScalarValue, site: string): ScalarValue {
  const env = m.env;
  const ap = env.isPointer(a.t);
  const bp = env.isPointer(b.t);
  if (ap || bp) return pointerArith(m, op, a, b, ap, bp);
  if (op === '<<' || op === '>>') {
    const t = promote(env, a.t);
    const info = env.intInfo(t);
    const x = wrap(env, t, a.v);
    const c = wrap(env, promote(env, b.t), b.v);
    if (c < 0n || c >= BigInt(info.bits)) {
      m.event('undefined-behaviour', `shift by ${c} of a ${info.bits}-bit value`, site);
      return scalar(t, 0n);
    }
    if (op === '<<') return scalar(t, wrap(env, t, x << c));
    return scalar(t, wrap(env, t, x >> c));
  }
  const t = commonType(env, a.t, b.t);
  const x = wrap(env, t, a.v);
  const y = wrap(env, t, b.v);
  switch (op) {
    case '+': return scalar(t, wrap(env, t, x + y));
    case '-': return scalar(t, wrap(env, t, x - y));
    case '*': return scalar(t, wrap(env, t, x * y));
    case '/':
    case '%':
      if (y === 0n) throw new KernelFault('bug', `division by zero at ${site}`);
      return scalar(t, wrap(env, t, op === '/' ? x / y : x % y));
    case '&': return scalar(t, wrap(env, t, x & y));
    case '|': return scalar(t, wrap(env, t, x | y));
    case '^': return scalar(t, wrap(env, t, x ^ y));
    case '<': return scalar(INT, x < y ? 1n : 0n);
    case '>': return scalar(INT, x > y ? 1n : 0n);
    case '<=': return scalar(INT, x <= y ? 1n : 0n);
    case '>=': return scalar(INT, x >= y ? 1n : 0n);
    case '==': return scalar(INT, x === y ? 1n : 0n);
    case '!=': return scalar(INT, x !== y ? 1n : 0n);
    default: throw new Unsupported(`binary operator ${op}`);
  }
}

function pointerArith(m: Machine, op: string, a: ScalarValue, b: ScalarValue, ap: boolean, bp: boolean): ScalarValue {
  const env = m.env;
  const cmp = (r: boolean): ScalarValue => scalar(INT, r ? 1n : 0n);
  switch (op) {
    case '==': return cmp(a.v === b.v);
    case '!=': return cmp(a.v !== b.v);
    case '<': return cmp(a.v < b.v);
    case '>': return cmp(a.v > b.v);
    case '<=': return cmp(a.v <= b.v);
    case '>=': return cmp(a.v >= b.v);
  }
  const elem = (p: ScalarValue): bigint => {
    const s = env.strip(p.t);
    const to = s.kind === 'pointer' ? env.strip(s.to) : s;
    return BigInt(to.kind === 'void' || to.kind === 'function' ? 1 : env.sizeOf(to));
  };
  if (op === '-' && ap && bp) {
    const d = BigInt.asIntN(64, a.v - b.v) / elem(a);
    return scalar(LONG, wrap(env, LONG, d));
  }
  if ((op === '+' || op === '-') && ap !== bp) {
    const [p, i] = ap ? [a, b] : [b, a];
    const idx = env.intInfo(i.t).signed ? BigInt.asIntN(64, i.v) : i.v;
    const delta = idx * elem(p);
    return scalar(p.t, wrapPtr(m, op === '+' ? p.v + delta : p.v - delta));
  }
  if (op === '&' || op === '|' || op === '^') {
    // GNU C allows none of this on pointers; kernel code casts first.
    throw new Unsupported(`bitwise ${op} on a pointer`);
  }
  throw new Unsupported(`pointer arithmetic ${op}`);
}
