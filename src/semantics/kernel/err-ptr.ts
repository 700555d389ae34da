/**
 * ERR_PTR and friends (include/linux/err.h): errors encoded in the top 4095
 * values of the pointer range.
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { LONG } from '../interpreter/types.ts';
import { asScalar, scalar } from '../interpreter/values.ts';
import { int, ptr } from './model-helpers.ts';

export const MAX_ERRNO = 4095n;

export function errPtr(m: Machine, errno: number): bigint {
  return BigInt.asUintN(m.env.abi.pointerBytes * 8, BigInt(errno));
}

export function isErrValue(m: Machine, p: bigint): boolean {
  return BigInt.asUintN(m.env.abi.pointerBytes * 8, p) >= (1n << BigInt(m.env.abi.pointerBytes * 8)) - MAX_ERRNO;
}

export function ptrErr(m: Machine, p: bigint): number {
  return Number(BigInt.asIntN(m.env.abi.pointerBytes * 8, p));
}

export function errPtrModels(): Record<string, KernelModel> {
  return {
    ERR_PTR: { call: (m, a) => ptr(BigInt.asUintN(m.env.abi.pointerBytes * 8, asScalar(a[0]!, 'ERR_PTR').v)) },
    PTR_ERR: { call: (m, a) => scalar(LONG, BigInt(ptrErr(m, asScalar(a[0]!, 'PTR_ERR').v))) },
    IS_ERR: { call: (m, a) => int(isErrValue(m, asScalar(a[0]!, 'IS_ERR').v) ? 1 : 0) },
    IS_ERR_OR_NULL: {
      call: (m, a) => {
        const v = asScalar(a[0]!, 'IS_ERR_OR_NULL').v;
        return int(v === 0n || isErrValue(m, v) ? 1 : 0);
      },
    },
    ERR_CAST: { call: (_m, a) => ptr(asScalar(a[0]!, 'ERR_CAST').v) },
    PTR_ERR_OR_ZERO: {
      call: (m, a) => {
        const v = asScalar(a[0]!, 'PTR_ERR_OR_ZERO').v;
        return int(isErrValue(m, v) ? ptrErr(m, v) : 0);
      },
    },
  };
}
