/**
 * Small helpers the kernel models share: reading and writing members of
 * kernel objects through the run's layouts, and typed return values.
 */
import type { CType } from '../../c/type-model.ts';
import type { Machine } from '../interpreter/machine.ts';
import { load, store } from '../interpreter/expressions.ts';
import { INT, LONG, VOID_PTR, ptrTo } from '../interpreter/types.ts';
import type { Value } from '../interpreter/values.ts';
import { asScalar, scalar } from '../interpreter/values.ts';
import { Unsupported } from '../interpreter/run-errors.ts';

export function recordType(m: Machine, tag: string): CType {
  return m.env.recordByTag(tag);
}

export function fieldLValue(m: Machine, base: bigint, tag: string, path: string) {
  let t = recordType(m, tag);
  let addr = base;
  let fi = null;
  for (const part of path.split('.')) {
    fi = m.env.field(t, part);
    if (fi.bitSize !== undefined) return { addr, t: fi.type, bitOffset: fi.bitOffset, bitSize: fi.bitSize };
    addr += BigInt(fi.offset);
    t = fi.type;
  }
  return { addr, t };
}

export function readField(m: Machine, base: bigint, tag: string, path: string): bigint {
  return asScalar(load(m, fieldLValue(m, base, tag, path)), `${tag}.${path}`).v;
}

export function writeField(m: Machine, base: bigint, tag: string, path: string, v: bigint): void {
  const lv = fieldLValue(m, base, tag, path);
  store(m, lv, scalar(lv.t, v));
}

export function fieldAddr(m: Machine, base: bigint, tag: string, path: string): bigint {
  return fieldLValue(m, base, tag, path).addr;
}

export function sizeofTag(m: Machine, tag: string): number {
  return m.env.sizeOf(recordType(m, tag));
}

export function int(v: bigint | number): Value {
  return scalar(INT, BigInt(v));
}

export function long(v: bigint | number): Value {
  return scalar(LONG, BigInt(v));
}

export function ptr(v: bigint, to: CType = { kind: 'void' }): Value {
  return scalar(to.kind === 'void' ? VOID_PTR : ptrTo(to), v);
}

export function arg(args: Value[], i: number, name: string): bigint {
  const a = args[i];
  if (!a) throw new Unsupported(`${name}: missing argument ${i + 1}`);
  return asScalar(a, `${name} argument ${i + 1}`).v;
}

/** Signed view of an integer argument. */
export function sarg(m: Machine, args: Value[], i: number, name: string): bigint {
  const a = asScalar(args[i] ?? scalar(INT, 0n), `${name} argument ${i + 1}`);
  const info = m.env.intInfo(a.t);
  return info.signed ? BigInt.asIntN(info.bits, a.v) : a.v;
}
