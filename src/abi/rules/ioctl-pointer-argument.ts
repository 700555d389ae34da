/**
 * uapi.ioctl-pointer-argument: a new request gives `_IOR/_IOW/_IOWR` a
 * pointer type (`struct foo *`) or a `sizeof(…)` as its argument type. The
 * macro takes sizeof of its third argument itself, so the request encodes
 * the size of a pointer or of size_t (8 bytes on 64-bit ABIs, 4 on 32-bit
 * ones), not the data's: the size field is useless to check the argument,
 * and 32-bit and 64-bit userspace send different numbers
 * (Documentation/driver-api/ioctl.rst).
 */
import { defineRule } from './rule.ts';
import { newRequests } from './new-requests.ts';
import { describeGroups, groupByValue } from './format.ts';

/** What the argument really is, or null for a proper data type. */
export function pointerArgument(argType: string | null): { kind: 'pointer' | 'sizeof'; data: string } | null {
  if (argType === null) return null;
  const sizeOf = /^sizeof\s*\((.*)\)$/.exec(argType);
  if (sizeOf) return { kind: 'sizeof', data: sizeOf[1]!.trim() };
  if (/\*\s*$/.test(argType) && !/\(\s*\*/.test(argType)) return { kind: 'pointer', data: argType.replace(/\s*\*\s*$/, '') };
  return null;
}

export const ioctlPointerArgument = defineRule({
  id: 'uapi.ioctl-pointer-argument',
  level: 'error',
  kind: 'binary',
  summary: 'a new ioctl request encodes a pointer or a sizeof() instead of its argument type',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const r of newRequests(ctx.diff)) {
      const what = pointerArgument(r.argType);
      if (!what) continue;
      const sizes = describeGroups(groupByValue(ctx.abis, (a) => (r.ioctl[a] ? `${r.ioctl[a]!.size} bytes` : undefined)), ctx.abis);
      const encodes = what.kind === 'pointer' ? `\`${r.argType}\`, a pointer` : `\`${r.argType}\`, which _IO* takes the sizeof of again: size_t`;
      emit({
        line: r.line,
        symbol: r.macro.name,
        abis: ctx.abis.filter((a) => r.ioctl[a]),
        message: `${r.macro.name} encodes ${encodes} (${sizes}), not the size of ${what.data}. The size field cannot check the argument, and 32-bit and 64-bit userspace send different request numbers.`,
        before: null,
        after: { request: r.macro.name, argType: r.argType },
        suggestion: `Give the macro the argument's type itself: \`${r.macro.after!.def.body.trim().replace(/,\s*[^,]*\)\s*$/, `, ${what.data})`)}\`.`,
      });
    }
  },
});
