/**
 * uapi.ioctl-abi-dependent-size: a new request's argument type has a size
 * that differs between ABIs (`long`, a struct with a long or a pointer in
 * it), so its request number does too: 32-bit userspace on a 64-bit kernel
 * sends a number the native handler does not know, which .compat_ioctl has
 * to translate. Pointer and sizeof() arguments are
 * uapi.ioctl-pointer-argument's.
 */
import { defineRule } from './rule.ts';
import { newRequests } from './new-requests.ts';
import { pointerArgument } from './ioctl-pointer-argument.ts';
import { describeGroups, groupByValue } from './format.ts';

export const ioctlAbiDependentSize = defineRule({
  id: 'uapi.ioctl-abi-dependent-size',
  level: 'warning',
  kind: 'design',
  summary: 'a new ioctl request encodes an argument whose size differs between ABIs (needs compat translation)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const r of newRequests(ctx.diff)) {
      if (r.argType === null || pointerArgument(r.argType)) continue;
      const groups = groupByValue(ctx.abis, (a) => (r.ioctl[a] ? `${r.ioctl[a]!.size} bytes` : undefined));
      if (groups.length < 2) continue;
      emit({
        line: r.line,
        symbol: r.macro.name,
        abis: ctx.abis.filter((a) => r.ioctl[a]),
        message: `${r.macro.name} encodes \`${r.argType}\`, whose size differs between ABIs (${describeGroups(groups, ctx.abis)}), so the request number does too: 32-bit userspace on a 64-bit kernel sends a number the native handler does not know, and .compat_ioctl must translate it.`,
        before: null,
        after: Object.fromEntries(ctx.abis.filter((a) => r.ioctl[a]).map((a) => [a, `0x${r.ioctl[a]!.value.toString(16)}`])),
        suggestion: 'Use an argument laid out the same on every ABI: __u32/__u64 members, explicit padding, pointers as __u64.',
      });
    }
  },
});
