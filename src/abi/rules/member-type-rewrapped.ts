/**
 * uapi.member-type-rewrapped: a member keeps its bytes under another C type,
 * a one-member wrapper struct added or dropped (wrapper-types.ts). Binaries
 * are unaffected, so this is not uapi.member-type-changed's error; code that
 * uses the member as the old type no longer compiles, so it is a warning.
 */
import { defineRule } from './rule.ts';
import { sameBytesRewrapped } from './wrapper-types.ts';
import { isFlexSpellingChange } from './record-facts.ts';
import { describeGroups, groupByValue } from './format.ts';

export const memberTypeRewrapped = defineRule({
  id: 'uapi.member-type-rewrapped',
  level: 'warning',
  kind: 'source',
  summary: 'a uAPI member keeps its bytes under another type (a one-member wrapper struct added or dropped)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      for (const p of c.pairs) {
        if (isFlexSpellingChange(p)) continue;
        const same = sameBytesRewrapped(c, p, ctx.abis);
        if (!same) continue;
        const sizes = groupByValue(ctx.abis, (a) => (p.after.at[a] ? `${p.after.at[a]!.size} bytes` : undefined));
        const name = p.after.path;
        const broken = same.wrapped === 'before'
          ? `userspace that uses \`${name}\` as a \`${p.before.written}\` (assigns one, or passes its address as a \`${p.before.written} *\`) no longer compiles`
          : `userspace that uses \`${name}\` directly as the \`${p.before.written}\` it was (indexes it, assigns it, passes it where one is expected) no longer compiles; it has to name \`${[name, ...same.through].join('.')}\``;
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${name}`,
          abis: ctx.abis.filter((a) => p.after.at[a]),
          message: `\`${name}\` in ${c.symbol} changes type from \`${p.before.written}\` to \`${p.after.written}\`, but its bytes do not: \`${same.wrapper}\` is a struct holding only \`${same.inner}\` (${describeGroups(sizes, ctx.abis)}). Binaries are unaffected; ${broken}.`,
          before: { member: p.before.path, type: p.before.written, canonical: p.before.canonical },
          after: { member: p.after.path, type: p.after.written, canonical: p.after.canonical },
          suggestion: `Keep \`${p.before.written}\` if userspace may use the member as one; the change buys no binary compatibility.`,
        });
      }
    }
  },
});
