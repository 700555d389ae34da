/**
 * uapi.ioctl-number-changed: an _IO* request number changed (direction, type,
 * nr, or the encoded sizeof). A size-only change in a family whose dispatcher
 * takes the size from the request (ioctl-dispatch.ts) is the same request:
 * uapi.ioctl-size-from-request notes it instead.
 */
import type { AbiName } from '../layout-types.ts';
import type { IoctlNumber } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { abiList, groupByValue } from './format.ts';
import { formatIoctl } from '../diff/ioctl-encoding.ts';
import { servedBy } from './ioctl-dispatch.ts';

function why(b: IoctlNumber, a: IoctlNumber): string {
  const parts: string[] = [];
  if (b.size !== a.size) parts.push(`the encoded size ${b.size} → ${a.size}${a.argType && a.argType === b.argType ? ` (sizeof(${a.argType}) changed)` : ''}`);
  if (b.dir !== a.dir) parts.push(`the direction ${b.dir} → ${a.dir}`);
  if (b.type !== a.type) parts.push(`the type 0x${b.type.toString(16)} → 0x${a.type.toString(16)}`);
  if (b.nr !== a.nr) parts.push(`the number ${b.nr} → ${a.nr}`);
  return parts.join(', ');
}

export const ioctlNumberChanged = defineRule({
  id: 'uapi.ioctl-number-changed',
  level: 'error',
  kind: 'binary',
  summary: 'an ioctl request number changed (including through a sizeof change of its argument)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const m of ctx.diff.macros) {
      if (!m.before?.ioctl || !m.after?.ioctl) continue;
      const abis: AbiName[] = ctx.abis.filter((a) => {
        const b = m.before!.ioctl![a];
        const n = m.after!.ioctl![a];
        return b && n && b.value !== n.value && !servedBy(ctx.diff.path, b, n);
      });
      if (abis.length === 0) continue;
      const groups = groupByValue(abis, (a) => `${formatIoctl(m.before!.ioctl![a]!)} → ${formatIoctl(m.after!.ioctl![a]!)}: ${why(m.before!.ioctl![a]!, m.after!.ioctl![a]!)}`);
      const a0 = m.after.ioctl[abis[0]]!;
      emit({
        line: m.after.def.loc.line,
        symbol: m.name,
        abis,
        message: `${m.name} is a different request number: ${groups.map((g) => `${abiList(g.abis, ctx.abis)}: ${g.value}`).join('; ')}. Binaries built with the old header issue the old number, which the kernel no longer recognises (-ENOTTY).`,
        before: Object.fromEntries(abis.map((a) => [a, `0x${m.before!.ioctl![a]!.value.toString(16)}`])),
        after: Object.fromEntries(abis.map((a) => [a, `0x${m.after!.ioctl![a]!.value.toString(16)}`])),
        suggestion: a0.argType && groups.some((g) => /sizeof/.test(g.value))
          ? `Keep sizeof(${a0.argType}) (new fields from reserved space), or define a new ioctl number for the new struct and keep handling the old one.`
          : `Keep ${m.name}'s number; add a new request for the new behaviour.`,
      });
    }
  },
});
