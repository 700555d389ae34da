/**
 * uapi.ioctl-size-from-request: a request number changes only in the size it
 * encodes, in an ioctl family whose dispatcher looks requests up by number and
 * copies the size the caller's request encodes (DRM, AMD KFD, DMA-BUF heaps:
 * ioctl-dispatch.ts). Old binaries keep issuing the old number and are served
 * with their own size; whether the argument's change itself is compatible is
 * for the record rules to say.
 */
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { abiList, groupByValue } from './format.ts';
import { resizedRequestEnumerator, servedBy, SERVED_BY_NUMBER } from './ioctl-dispatch.ts';

export const ioctlSizeFromRequest = defineRule({
  id: 'uapi.ioctl-size-from-request',
  level: 'note',
  kind: 'binary',
  summary: 'an ioctl number changes only in its encoded size, and its dispatcher takes the size from the request (DRM, AMD KFD, DMA-BUF heaps)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const m of ctx.diff.macros) {
      if (!m.before?.ioctl || !m.after?.ioctl) continue;
      let by: string | null = null;
      const abis: AbiName[] = ctx.abis.filter((a) => {
        const b = m.before!.ioctl![a];
        const n = m.after!.ioctl![a];
        const served = b && n ? servedBy(ctx.diff.path, b, n) : null;
        if (served) by = served;
        return served !== null;
      });
      if (abis.length === 0 || by === null) continue;
      const arg = m.after.ioctl[abis[0]!]!.argType;
      const groups = groupByValue(abis, (a) => `${m.before!.ioctl![a]!.size} → ${m.after!.ioctl![a]!.size}`);
      emit({
        line: m.after.def.loc.line,
        symbol: m.name,
        abis,
        message: `${m.name} encodes a new size (${groups.map((g) => `${abiList(g.abis, ctx.abis)}: ${g.value} bytes`).join('; ')})${arg ? `, following sizeof(${arg})` : ''}. ${by} ${SERVED_BY_NUMBER}, so binaries built with the old header are still served, with their own size.`,
        before: Object.fromEntries(abis.map((a) => [a, `0x${m.before!.ioctl![a]!.value.toString(16)}`])),
        after: Object.fromEntries(abis.map((a) => [a, `0x${m.after!.ioctl![a]!.value.toString(16)}`])),
      });
    }
    // requests defined as enumerators, compared on the ABI enumerators are evaluated on
    for (const c of ctx.diff.enumerators) {
      const r = resizedRequestEnumerator(ctx.diff, c);
      if (!r) continue;
      emit({
        line: c.after!.loc.line,
        symbol: c.name,
        abis: ctx.diff.abis.slice(0, 1),
        message: `${c.name} encodes a new size (${ctx.diff.abis[0]}: ${r.before.size} → ${r.after.size} bytes). ${r.by} ${SERVED_BY_NUMBER}, so binaries built with the old header are still served, with their own size.`,
        before: { [ctx.diff.abis[0]!]: `0x${r.before.value.toString(16)}` },
        after: { [ctx.diff.abis[0]!]: `0x${r.after.value.toString(16)}` },
      });
    }
  },
});
