/**
 * Userspace memory as the kernel sees it: buffers a scenario maps, the
 * copy_{from,to}_user family (a hole in the range → the bytes not copied,
 * -EFAULT for the memdup helpers), size overflow in memdup_array_user
 * (-EOVERFLOW), and reads beyond the extent userspace declared (argsz).
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { ULONG } from '../interpreter/types.ts';
import { scalar } from '../interpreter/values.ts';
import { ERRNO } from './errno.ts';
import { errPtr } from './err-ptr.ts';
import { arg, ptr } from './model-helpers.ts';
import { slabAlloc, slabFree } from './slab.ts';

export interface UserState {
  /** The argument userspace passed and how many bytes it said it holds (argsz). */
  declared: { start: bigint; length: number } | null;
  /** Furthest byte (exclusive, relative to declared.start) the kernel read, and where it read it. */
  readUpTo: number;
  readUpToSite: string | null;
  faults: { site: string; addr: bigint; requested: number; copied: number }[];
}

export function userState(m: Machine): UserState {
  return m.stateOf<UserState>('user', () => ({ declared: null, readUpTo: 0, readUpToSite: null, faults: [] }));
}

/** Map a user buffer holding `bytes` (its end is followed by unmapped memory). */
export function mapUser(m: Machine, bytes: Uint8Array, label: string): bigint {
  const block = m.mem.allocate(bytes.length, 'user', 'user', label);
  block.bytes.set(bytes);
  return block.base;
}

function noteRead(m: Machine, from: bigint, n: number, site: string): void {
  const s = userState(m);
  if (!s.declared) return;
  const rel = Number(from - s.declared.start) + n;
  if (from >= s.declared.start && rel > s.readUpTo) {
    s.readUpTo = rel;
    s.readUpToSite = site;
  }
}

/** copy_from_user semantics: returns the number of bytes NOT copied; the uncopied tail is zeroed. */
export function copyFromUser(m: Machine, to: bigint, from: bigint, n: number, site: string): number {
  noteRead(m, from, n, site);
  const ok = m.mem.mappedBytes(from, n, 'user');
  const buf = new Uint8Array(n);
  if (ok) buf.set(m.mem.read(from, ok, 'user'));
  m.mem.write(to, buf, 'kernel');
  if (ok < n) userState(m).faults.push({ site, addr: from + BigInt(ok), requested: n, copied: ok });
  return n - ok;
}

export function copyToUser(m: Machine, to: bigint, from: bigint, n: number, site: string): number {
  const ok = m.mem.mappedBytes(to, n, 'user');
  if (ok) m.mem.write(to, m.mem.read(from, ok, 'kernel').slice(), 'user');
  if (ok < n) userState(m).faults.push({ site, addr: to + BigInt(ok), requested: n, copied: ok });
  return n - ok;
}

function memdupUser(m: Machine, src: bigint, len: bigint, site: string): bigint {
  const buf = slabAlloc(m, len, site, false);
  if (!buf) return errPtr(m, -ERRNO.ENOMEM);
  if (copyFromUser(m, buf, src, Number(len), site)) {
    slabFree(m, buf, site);
    return errPtr(m, -ERRNO.EFAULT);
  }
  return buf;
}

export function userMemoryModels(): Record<string, KernelModel> {
  return {
    copy_from_user: {
      call: (m, a, site) => scalar(ULONG, BigInt(copyFromUser(m, arg(a, 0, 'copy_from_user'), arg(a, 1, 'copy_from_user'), Number(arg(a, 2, 'copy_from_user')), site))),
    },
    copy_to_user: {
      call: (m, a, site) => scalar(ULONG, BigInt(copyToUser(m, arg(a, 0, 'copy_to_user'), arg(a, 1, 'copy_to_user'), Number(arg(a, 2, 'copy_to_user')), site))),
    },
    memdup_user: { call: (m, a, site) => ptr(memdupUser(m, arg(a, 0, 'memdup_user'), arg(a, 1, 'memdup_user'), site)) },
    memdup_array_user: {
      call: (m, a, site) => {
        const n = arg(a, 1, 'memdup_array_user');
        const size = arg(a, 2, 'memdup_array_user');
        if (n * size >= 1n << BigInt(m.env.abi.longBytes * 8)) return ptr(errPtr(m, -ERRNO.EOVERFLOW));
        return ptr(memdupUser(m, arg(a, 0, 'memdup_array_user'), n * size, site));
      },
    },
  };
}
