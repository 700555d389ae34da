/**
 * uapi.counted-by-dropped / uapi.counted-by-changed: the `__counted_by(count)`
 * annotation on a flexible array is what lets fortified builds (and readers)
 * bound the array by its count member. No other tool sees it: in exported
 * headers it expands to nothing.
 */
import { defineRule, type RuleContext } from './rule.ts';
import type { FieldPair, RecordChange } from '../diff/types.ts';

function annotated(ctx: RuleContext): { c: RecordChange; p: FieldPair }[] {
  const out: { c: RecordChange; p: FieldPair }[] = [];
  for (const c of ctx.diff.records) for (const p of c.pairs) if (p.before.member.attrs.countedBy) out.push({ c, p });
  return out;
}

export const countedByDropped = defineRule({
  id: 'uapi.counted-by-dropped',
  level: 'warning',
  kind: 'design',
  summary: 'a flexible array lost its __counted_by(count) annotation',
  scopes: ['uapi-header', 'kernel-header'],
  check(ctx, emit) {
    for (const { c, p } of annotated(ctx)) {
      if (p.after.member.attrs.countedBy) continue;
      const count = p.before.member.attrs.countedBy!;
      emit({
        line: p.after.member.loc.line,
        symbol: `${c.symbol}.${p.after.path}`,
        abis: ctx.abis,
        message: `\`${p.before.path}\`${p.how === 'position' ? ` (now \`${p.after.path}\`)` : ''} in ${c.symbol} loses \`__counted_by(${count})\`: the array is no longer bounded by \`${count}\` for the compiler's bounds checks (CONFIG_UBSAN_BOUNDS, FORTIFY_SOURCE) or for readers — usually a sign the array now holds more than \`${count}\` elements.`,
        before: { member: p.before.path, countedBy: count },
        after: { member: p.after.path, countedBy: null },
        suggestion: `Keep \`__counted_by(${count})\` and keep \`${count}\` the exact element count; carry extra data in its own member or a separate struct rather than past the counted elements.`,
      });
    }
  },
});

export const countedByChanged = defineRule({
  id: 'uapi.counted-by-changed',
  level: 'warning',
  kind: 'design',
  summary: 'a flexible array is counted by a different member',
  scopes: ['uapi-header', 'kernel-header'],
  check(ctx, emit) {
    for (const { c, p } of annotated(ctx)) {
      const b = p.before.member.attrs.countedBy!;
      const a = p.after.member.attrs.countedBy;
      if (!a || a === b) continue;
      emit({
        line: p.after.member.loc.line,
        symbol: `${c.symbol}.${p.after.path}`,
        abis: ctx.abis,
        message: `\`${p.after.path}\` in ${c.symbol} is now \`__counted_by(${a})\` instead of \`__counted_by(${b})\`: userspace that sets \`${b}\` as the element count no longer describes the array.`,
        before: { member: p.before.path, countedBy: b },
        after: { member: p.after.path, countedBy: a },
        suggestion: `Keep counting the array by \`${b}\`.`,
      });
    }
  },
});
