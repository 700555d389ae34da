/** Linux errno numbers (include/uapi/asm-generic/errno-base.h, errno.h) the models return. */
export const ERRNO = {
  EPERM: 1, ENOENT: 2, EINTR: 4, EIO: 5, EBADF: 9, ENOMEM: 12, EFAULT: 14, EBUSY: 16, ENODEV: 19,
  EINVAL: 22, EMFILE: 24, ENOTTY: 25, ENOSPC: 28, ERANGE: 34, EOVERFLOW: 75, EOPNOTSUPP: 95,
} as const;

const NAMES = new Map<number, string>(Object.entries(ERRNO).map(([k, v]) => [v, k]));

/** `-22` → `-EINVAL`; other numbers as they are. */
export function errnoName(v: number): string {
  return v < 0 && NAMES.has(-v) ? `-${NAMES.get(-v)}` : String(v);
}
