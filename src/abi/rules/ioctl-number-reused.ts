/**
 * uapi.ioctl-number-reused: a new request has the number of another request
 * the header defines (the same direction, type, nr and size; for families
 * whose dispatcher indexes its table by nr alone, such as drm_ioctl(), the
 * same type and nr). A handler that serves both on one file descriptor cannot
 * tell them apart. Requests named for different objects (VFIO_DEVICE_* and
 * VFIO_IOMMU_*: the first two words of their names differ) are served on
 * different file descriptors by convention, and VFIO reuses numbers across
 * them on purpose: only requests whose names share their first two words
 * are compared. Even then the reuse may be deliberate, hence a warning.
 */
import { defineRule } from './rule.ts';
import { newRequests } from './new-requests.ts';
import { sizeFromRequest } from './ioctl-dispatch.ts';
import { formatIoctl } from '../diff/ioctl-encoding.ts';

export const ioctlNumberReused = defineRule({
  id: 'uapi.ioctl-number-reused',
  level: 'warning',
  kind: 'design',
  summary: 'a new ioctl request has the same number as another request of the header',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const abi = ctx.diff.abis[0];
    if (!abi) return;
    const fresh = newRequests(ctx.diff);
    const freshNames = new Set(fresh.map((r) => r.macro.name));
    const object = (name: string) => name.split('_').filter(Boolean).slice(0, 2).join('_');
    for (const r of fresh) {
      const mine = r.ioctl[abi];
      if (!mine) continue;
      const byNr = sizeFromRequest(ctx.diff.path, mine) !== null;
      const same = ctx.diff.requestsAfter.filter((o) => {
        if (o.name === r.macro.name || object(o.name) !== object(r.macro.name)) return false;
        // two new requests with one number: said once, at the later one
        if (freshNames.has(o.name) && o.line > r.line) return false;
        return byNr ? o.ioctl.type === mine.type && o.ioctl.nr === mine.nr : o.ioctl.value === mine.value;
      });
      if (same.length === 0) continue;
      const others = same.map((o) => `${o.name} (line ${o.line})`).join(', ');
      emit({
        line: r.line,
        symbol: r.macro.name,
        abis: [abi],
        message: `${r.macro.name} is ${formatIoctl(mine)} on ${abi}, ${byNr ? `the same type and nr as ${others}, and ${sizeFromRequest(ctx.diff.path, mine)} looks requests up by nr alone` : `the same request number as ${others}`}: a handler that serves both on one file descriptor cannot tell them apart.`,
        before: null,
        after: { request: r.macro.name, value: `0x${mine.value.toString(16)}`, sameAs: same.map((o) => o.name) },
        suggestion: 'Take the next free nr of this ioctl type (Documentation/userspace-api/ioctl/ioctl-number.rst), unless the two are served on different file descriptors on purpose.',
      });
    }
  },
});
