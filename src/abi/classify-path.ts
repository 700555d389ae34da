/**
 * Which compatibility promise a path in the kernel tree falls under.
 * uAPI headers (`include/uapi/**`, `arch/*\/include/uapi/**`, and their
 * `generated/uapi` counterparts) are the contract
 * with userspace; other headers are in-kernel interfaces (kABI, a note at most);
 * `.c` files are implementation (read for behaviour, never an interface).
 */
export type PathScope = 'uapi-header' | 'kernel-header' | 'kernel-source' | 'other';

export function classifyPath(path: string): PathScope {
  const p = path.replace(/^\.?\/+/, '').replace(/^[ab]\//, '');
  const isHeader = /\.h$/.test(p);
  // include/generated/uapi: what Kbuild generates for userspace (syscall numbers: src/abi/syscall-table-images.ts)
  if (isHeader && (/^include\/(?:generated\/)?uapi\//.test(p) || /^arch\/[^/]+\/include\/(?:generated\/)?uapi\//.test(p))) return 'uapi-header';
  if (isHeader) return 'kernel-header';
  if (/\.c$/.test(p)) return 'kernel-source';
  return 'other';
}

/** The name userspace includes a uAPI header by (`include/uapi/linux/vfio.h` → `linux/vfio.h`). */
export function uapiIncludeName(path: string): string | null {
  const m = /(?:^|\/)include\/(?:generated\/)?uapi\/(.+)$/.exec(path);
  return m ? m[1] : null;
}
