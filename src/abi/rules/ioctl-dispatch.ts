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
import type { FileDiff, IoctlNumber } from '../diff/types.ts';

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

/** Whether a request changed in its encoded size only (direction, type and number kept). */
export function onlySizeChanged(before: IoctlNumber, after: IoctlNumber): boolean {
  return before.size !== after.size && before.dir === after.dir && before.type === after.type && before.nr === after.nr;
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
      if (by) return `${by} serves ${m.name} by its number and copies the size the caller's request encodes, zero-filling the rest`;
    }
  }
  return null;
}
