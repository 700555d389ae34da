/**
 * uapi.align-raised: a struct's alignment rises on some ABI while its size
 * and every member's offset stay the same — typically `__u64` turned into
 * `__aligned_u64`, as botching-up-ioctls.rst recommends (VFIO did so for a
 * dozen structs in 6.8). Nothing the kernel and an old binary exchange moves;
 * only userspace that embeds the struct in its own structs or arrays gets a
 * different layout there. A warning, not uapi.align-changed's error, unless
 * another record of the header embeds it and moves with it (then
 * align-changed reports it); one that keeps its size and every member's
 * place, its own alignment rising alike, is reported here in turn.
 */
import { defineRule } from './rule.ts';
import { afterLine, alignmentChange, embeddedMoving, onlyAlignmentRaised } from './record-facts.ts';
import { describeGroups } from './format.ts';

export const alignRaised = defineRule({
  id: 'uapi.align-raised',
  level: 'warning',
  kind: 'binary',
  summary: 'a uAPI struct is aligned more strictly on some ABI, with its size and offsets unchanged',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!onlyAlignmentRaised(c, ctx.abis) || embeddedMoving(ctx.diff.records, c, ctx.abis)) continue;
      const { abis: raised, groups, before, after } = alignmentChange(c, ctx.abis);
      emit({
        line: afterLine(c),
        symbol: c.symbol,
        abis: raised,
        message: `The alignment of ${c.symbol} rises (${describeGroups(groups, ctx.abis)}) while its size and every member offset stay the same: what the kernel and old binaries exchange is unchanged, but userspace that embeds ${c.symbol} in its own structs or arrays lays them out differently once rebuilt.`,
        before,
        after,
        suggestion: `Say in the commit message that ${c.symbol} is only passed by pointer (never embedded by userspace), or keep its alignment.`,
      });
    }
  },
});
