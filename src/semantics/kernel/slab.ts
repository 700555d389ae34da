/**
 * The slab allocator: kmalloc and friends, kfree, with failure injection
 * (the Nth allocation of a run returns NULL) and detection of leaks (blocks
 * still live when the scenario ends), double frees, frees of non-slab
 * pointers and use after free (memory keeps freed blocks).
 */
import type { Frame, KernelModel, Machine } from '../interpreter/machine.ts';
import { staticType } from '../interpreter/expressions.ts';
import { evalExpr } from '../interpreter/expressions.ts';
import { KernelFault } from '../interpreter/run-errors.ts';
import { asScalar } from '../interpreter/values.ts';
import type { SyntaxNode } from '../c-syntax.ts';
import { arg, ptr } from './model-helpers.ts';

/** KMALLOC_MAX_SIZE with SLUB on 4K pages: 1 << (MAX_PAGE_ORDER + PAGE_SHIFT). */
export const KMALLOC_MAX_SIZE = 1 << 22;
/** What kmalloc(0) returns (include/linux/slab.h): not NULL, faults on any access. */
export const ZERO_SIZE_PTR = 16n;

export interface SlabAllocation {
  /** 1-based position among the run's allocation attempts. */
  n: number;
  /** Stable name of the attempt across images: call site without line numbers, and its ordinal. */
  key: string;
  site: string;
  size: number;
  addr: bigint;
  injectedFailure: boolean;
}

export interface SlabState {
  attempts: SlabAllocation[];
  /** Make the attempt with this number fail (1-based), or null. */
  failAt: number | null;
  /** Make the attempt with this key fail (see allocationKey), or null. */
  failKey: string | null;
  live: Map<bigint, SlabAllocation>;
}

export function slabState(m: Machine): SlabState {
  return m.stateOf<SlabState>('slab', () => ({ attempts: [], failAt: null, failKey: null, live: new Map() }));
}

/** One allocation attempt; 0n when it fails (injected, or too large). */
export function slabAlloc(m: Machine, size: bigint, site: string, zero: boolean): bigint {
  const s = slabState(m);
  const n = s.attempts.length + 1;
  const where = site.replace(/:\d+/g, '');
  const key = `${where} #${s.attempts.filter((a) => a.key.startsWith(`${where} #`)).length + 1}`;
  const rec: SlabAllocation = { n, key, site, size: Number(size), addr: 0n, injectedFailure: false };
  s.attempts.push(rec);
  if (s.failAt === n || s.failKey === key) {
    rec.injectedFailure = true;
    m.event('alloc-failure-injected', `allocation #${n} (${size} bytes at ${site}) made to fail`, site);
    return 0n;
  }
  if (size > BigInt(KMALLOC_MAX_SIZE)) {
    m.event('alloc-too-large', `allocation of ${size} bytes at ${site} exceeds KMALLOC_MAX_SIZE and fails`, site);
    return 0n;
  }
  if (size === 0n) {
    m.event('zero-size-alloc', `allocation of 0 bytes at ${site} returns ZERO_SIZE_PTR`, site);
    return ZERO_SIZE_PTR;
  }
  const block = m.mem.allocate(Number(size), 'kernel', 'slab', `${size}-byte allocation at ${site}`, !zero);
  if (!zero) block.bytes.fill(0x6b);
  rec.addr = block.base;
  s.live.set(block.base, rec);
  return block.base;
}

export function slabFree(m: Machine, addr: bigint, site: string): void {
  if (addr === 0n || addr === ZERO_SIZE_PTR) return;
  const block = m.mem.find(addr);
  if (block?.freed && block.base === addr && block.kind === 'slab') {
    throw new KernelFault('double-free', `double free of ${block.label} at ${site} (first freed ${block.freedAt})`);
  }
  if (!block || block.base !== addr || block.kind !== 'slab') {
    throw new KernelFault('bad-free', `kfree(0x${addr.toString(16)}) at ${site}: not the start of a slab object${block ? ` (inside ${block.label})` : ''}`);
  }
  m.mem.free(block, site);
  slabState(m).live.delete(addr);
}

function mulOverflows(m: Machine, a: bigint, b: bigint): boolean {
  return a * b >= 1n << BigInt(m.env.abi.longBytes * 8);
}

function sizeofArg(m: Machine, f: Frame, n: SyntaxNode): bigint {
  return BigInt(m.env.sizeOf(staticType(m, f, n)));
}

export function slabModels(): Record<string, KernelModel> {
  const alloc = (zero: boolean): KernelModel => ({
    call: (m, args, site) => ptr(slabAlloc(m, arg(args, 0, 'kmalloc'), site, zero)),
  });
  const array = (zero: boolean): KernelModel => ({
    call: (m, args, site) => {
      const n = arg(args, 0, 'kmalloc_array');
      const size = arg(args, 1, 'kmalloc_array');
      if (mulOverflows(m, n, size)) {
        m.event('alloc-overflow', `${n} × ${size} overflows size_t at ${site}`, site);
        return ptr(0n);
      }
      return ptr(slabAlloc(m, n * size, site, zero));
    },
  });
  const free: KernelModel = {
    call: (m, args, site) => {
      slabFree(m, arg(args, 0, 'kfree'), site);
      return { k: 'void' };
    },
  };
  return {
    kmalloc: alloc(false),
    kzalloc: alloc(true),
    kvmalloc: alloc(false),
    kvzalloc: alloc(true),
    kmalloc_array: array(false),
    kcalloc: array(true),
    kvcalloc: array(true),
    kfree: free,
    kvfree: free,
    // kzalloc_obj(P[, gfp]) allocates sizeof(P); kzalloc_objs(P, n[, gfp]) sizeof(P) * n (overflow → NULL).
    kzalloc_obj: { callSyntax: (m, f, a, site) => ptr(slabAlloc(m, sizeofArg(m, f, a[0]!), site, true)) },
    kmalloc_obj: { callSyntax: (m, f, a, site) => ptr(slabAlloc(m, sizeofArg(m, f, a[0]!), site, false)) },
    kzalloc_objs: {
      callSyntax: (m, f, a, site) => {
        const size = sizeofArg(m, f, a[0]!);
        const n = asScalar(evalExpr(m, f, a[1]!), 'kzalloc_objs count').v;
        if (mulOverflows(m, n, size)) {
          m.event('alloc-overflow', `${n} × ${size} overflows size_t at ${site}`, site);
          return ptr(0n);
        }
        return ptr(slabAlloc(m, n * size, site, true));
      },
    },
  };
}
