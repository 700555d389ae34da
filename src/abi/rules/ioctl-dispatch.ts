/**
 * ioctl families whose kernel dispatcher looks a request up by its number
 * alone and takes the argument's size from the request the caller issued,
 * not from the kernel's own definition. For them a request number that
 * changes only in its encoded size is the same request, and appending to its
 * argument struct is the sanctioned way to grow it:
 *  - DRM (include/uapi/drm/, type 'd'): drm_ioctl() indexes drm_ioctls[] or
 *    the driver's table by _IOC_NR, copies in _IOC_SIZE(cmd) bytes, zero-fills
 *    up to the kernel's size and copies out no more than the caller's size;
 *  - DMA-BUF heaps (include/uapi/linux/dma-heap.h, type 'H'): dma_heap_ioctl()
 *    does the same with dma_heap_ioctl_cmds[];
 *  - AMD KFD (include/uapi/linux/kfd_ioctl.h, type 'K'): kfd_ioctl() indexes
 *    amdkfd_ioctls[], copies in the caller's size, zero-fills up to the
 *    kernel's and copies out the caller's size.
 * The direction bits still matter (both dispatchers copy only in the
 * directions the caller's and the kernel's numbers share), so only a size
 * change qualifies.
 */
import type { EnumeratorChange, FileDiff, IoctlNumber } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { decodeIoctl } from '../diff/ioctl-encoding.ts';

interface Dispatcher {
  path: RegExp;
  type: number;
  /** The dispatcher, named as a reviewer would look it up. */
  name: string;
}

const DISPATCHERS: readonly Dispatcher[] = [
  { path: /(^|\/)include\/uapi\/drm\/[^/]+\.h$/, type: 0x64, name: 'drm_ioctl()' },
  { path: /(^|\/)include\/uapi\/linux\/dma-heap\.h$/, type: 0x48, name: 'dma_heap_ioctl()' },
  { path: /(^|\/)include\/uapi\/linux\/kfd_ioctl\.h$/, type: 0x4b, name: 'kfd_ioctl()' },
];

/** The dispatcher that serves `ioctl` as defined in `path` by number and caller's size, or null. */
export function sizeFromRequest(path: string, ioctl: IoctlNumber): string | null {
  return DISPATCHERS.find((d) => d.type === ioctl.type && d.path.test(path))?.name ?? null;
}

/** What such a dispatcher does, for messages. */
export const SERVED_BY_NUMBER = "looks the request up by its number and copies the size the caller's request encodes, zero-filling the rest";

/**
 * The dispatcher that still serves a request whose number, defined in `path`,
 * changed from `before` to `after` only in its encoded size (direction, type
 * and number kept); null for any other change or family.
 */
export function servedBy(path: string, before: IoctlNumber, after: IoctlNumber): string | null {
  const onlySize = before.size !== after.size && before.dir === after.dir && before.type === after.type && before.nr === after.nr;
  return onlySize ? sizeFromRequest(path, after) : null;
}

/**
 * Why `symbol` is sized by the request that carries it: it is the argument of
 * an ioctl defined in this file whose dispatcher takes the caller's size. Null
 * when no such request names it.
 */
export function sizedByRequest(diff: FileDiff, symbol: string): string | null {
  for (const m of diff.macros) {
    for (const n of Object.values(m.after?.ioctl ?? {})) {
      if (n?.argType !== symbol) continue;
      const by = sizeFromRequest(diff.path, n);
      if (by) return `${by} serves ${m.name}: it ${SERVED_BY_NUMBER}`;
    }
  }
  // A request defined as an enumerator names no type: it is this struct's when it resized exactly as the struct did.
  const abi = diff.abis[0];
  const rec = diff.records.find((r) => r.symbol === symbol);
  const sizes = abi && rec?.before?.layouts[abi] && rec.after?.layouts[abi] ? [rec.before.layouts[abi]!.size, rec.after.layouts[abi]!.size] : null;
  if (sizes) {
    for (const c of diff.enumerators) {
      const r = resizedRequestEnumerator(diff, c);
      if (r && r.before.size === sizes[0] && r.after.size === sizes[1]) {
        return `${r.by} serves ${c.name}, whose encoded size follows sizeof(${symbol}): it ${SERVED_BY_NUMBER}`;
      }
    }
  }
  return null;
}

/**
 * An enumerator that is a request number (panthor's `enum { DRM_IOCTL_PANTHOR_DEV_QUERY =
 * DRM_IOCTL_PANTHOR(WR, DEV_QUERY, dev_query), … }`) whose value changed only in its encoded
 * size on `abi` (default: the diff's first, where enumerators are matched), in a family that
 * takes the size from the request: both numbers, decoded there. Null for anything else.
 */
export function resizedRequestEnumerator(
  diff: FileDiff,
  c: EnumeratorChange,
  abi: AbiName | undefined = diff.abis[0],
): { before: IoctlNumber; after: IoctlNumber; by: string } | null {
  const b = abi === undefined ? undefined : c.perAbi.before[abi] ?? c.before?.value;
  const n = abi === undefined ? undefined : c.perAbi.after[abi] ?? c.after?.value;
  if (!abi || b === undefined || n === undefined || b === n || !/IOC/.test(c.name)) return null;
  const before = { ...decodeIoctl(abi, b), argType: null };
  const after = { ...decodeIoctl(abi, n), argType: null };
  const by = servedBy(diff.path, before, after);
  return by ? { before, after, by } : null;
}
