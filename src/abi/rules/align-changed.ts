/** uapi.align-changed: _Alignof a uAPI struct/union differs on some ABI. */
import { defineRule } from './rule.ts';
import { afterLine, alignmentChange, embeddedMoving, grewKeepingOldMembers, onlyAlignmentLowered, onlyAlignmentRaised, onlyAppended, sizeField } from './record-facts.ts';
import { sizeFromCaller } from './size-from-caller.ts';
import { prepare } from './code/handlers.ts';
import { callerSizedCopies } from './code/struct-copies.ts';
import { describeGroups } from './format.ts';

export const alignChanged = defineRule({
  id: 'uapi.align-changed',
  level: 'error',
  kind: 'binary',
  summary: 'the alignment of a uAPI struct or union changed on some ABI',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const units = prepare(ctx.seriesCode);
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      const { abis: changed, groups, before, after } = alignmentChange(c, ctx.abis);
      if (changed.length === 0) continue;
      // Appended to a struct sized by its caller (by design, an argsz member, or as the series' code copies it) that
      // nothing here embeds so that it moves: no array or outer struct to shift.
      const embedded = embeddedMoving(ctx.diff.records, c, ctx.abis);
      if (!embedded && (onlyAppended(c, ctx.abis) || grewKeepingOldMembers(c, ctx.abis)) && (sizeFromCaller(ctx.diff, c.symbol) || callerSizedCopies(units, c.symbol) || sizeField(c.before!))) continue;
      // Raised or lowered with the size and every offset unchanged, and nothing here that embeds it moves:
      // uapi.align-raised, uapi.align-lowered.
      if (!embedded && (onlyAlignmentRaised(c, ctx.abis) || onlyAlignmentLowered(c, ctx.abis))) continue;
      emit({
        line: afterLine(c),
        symbol: c.symbol,
        abis: changed,
        message: `The alignment of ${c.symbol} changes (${describeGroups(groups, ctx.abis)}): every struct that embeds it, and every array of it, changes layout with it.`,
        before,
        after,
        suggestion: 'Keep the member types that set the alignment (an __aligned_u64 or a u64 added to a struct of u32s raises it); use explicit padding instead.',
      });
    }
  },
});
