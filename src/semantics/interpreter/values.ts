/**
 * Values of the interpreted C program and the integer conversions of C11
 * 6.3: exact widths, signedness, integer promotions, the usual arithmetic
 * conversions and wrap-around (the kernel builds with -fno-strict-overflow,
 * so signed overflow wraps too).
 */
import type { CType } from '../../c/type-model.ts';
import { INT, UINT, TypeEnv } from './types.ts';
import { Unsupported } from './run-errors.ts';

/** A scalar: integer, enum, _Bool or pointer (v is the address). */
export interface ScalarValue {
  k: 'scalar';
  t: CType;
  v: bigint;
}
/** A struct/union value (its bytes, copied). */
export interface AggregateValue {
  k: 'agg';
  t: CType;
  bytes: Uint8Array;
}
export interface VoidValue {
  k: 'void';
}
export type Value = ScalarValue | AggregateValue | VoidValue;

export const VOID_VALUE: VoidValue = { k: 'void' };

export function scalar(t: CType, v: bigint): ScalarValue {
  return { k: 'scalar', t, v };
}

/** Wrap v into the range of integer/pointer type t. */
export function wrap(env: TypeEnv, t: CType, v: bigint): bigint {
  const info = env.intInfo(t);
  if (info.bool) return v !== 0n ? 1n : 0n;
  return info.signed ? BigInt.asIntN(info.bits, v) : BigInt.asUintN(info.bits, v);
}

/** Convert a value to type t (assignment/cast semantics). */
export function convert(env: TypeEnv, v: Value, t: CType): Value {
  const s = env.strip(t);
  if (s.kind === 'void') return VOID_VALUE;
  if (s.kind === 'record' || s.kind === 'array') {
    if (v.k !== 'agg') throw new Unsupported('a scalar used where a struct/union is expected');
    return { k: 'agg', t, bytes: v.bytes };
  }
  if (v.k !== 'scalar') throw new Unsupported('a struct/union or void used where a scalar is expected');
  return scalar(t, wrap(env, t, v.v));
}

export function asScalar(v: Value, what: string): ScalarValue {
  if (v.k !== 'scalar') throw new Unsupported(`${what} is not a scalar value`);
  return v;
}

export function truthy(v: Value): boolean {
  return asScalar(v, 'condition').v !== 0n;
}

/** Integer promotion (C11 6.3.1.1p2). */
export function promote(env: TypeEnv, t: CType): CType {
  const s = env.strip(t);
  if (s.kind === 'pointer') return t;
  if (env.rank(s) < 3) return INT; // every narrower type fits in int
  if (s.kind === 'enum') return env.intInfo(s).signed ? INT : UINT;
  return s;
}

/** The usual arithmetic conversions (C11 6.3.1.8), integers only. */
export function commonType(env: TypeEnv, a: CType, b: CType): CType {
  const pa = promote(env, a);
  const pb = promote(env, b);
  const ia = env.intInfo(pa);
  const ib = env.intInfo(pb);
  if (ia.bits === ib.bits && ia.signed === ib.signed) return env.rank(pa) >= env.rank(pb) ? pa : pb;
  if (ia.signed === ib.signed) return ia.bits > ib.bits || (ia.bits === ib.bits && env.rank(pa) >= env.rank(pb)) ? pa : pb;
  const [u, s] = ia.signed ? [pb, pa] : [pa, pb];
  const iu = env.intInfo(u);
  const is = env.intInfo(s);
  if (env.rank(u) >= env.rank(s) && iu.bits >= is.bits) return u;
  if (is.bits > iu.bits) return s;
  return unsignedOf(env, s);
}

export function unsignedOf(env: TypeEnv, t: CType): CType {
  const s = env.strip(t);
  if (s.kind !== 'builtin') return UINT;
  const map: Record<string, string> = {
    int: 'unsigned int', long: 'unsigned long', 'long long': 'unsigned long long', __int128: 'unsigned __int128',
  };
  return { kind: 'builtin', name: map[s.name] ?? s.name };
}
