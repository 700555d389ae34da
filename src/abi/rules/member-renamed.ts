/** uapi.member-renamed: the same storage (offset, size, type on every ABI) under a new name. */
import type { Field } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { flexSpelling, resolveTypedefs } from '../diff/type-text.ts';
import { isReservedName } from './format.ts';
import { groupByValue, describeGroups } from './format.ts';

function elementType(f: Field): string {
  return f.written.replace(/\s*\[\d*\]$/, '');
}

export const memberRenamed = defineRule({
  id: 'uapi.member-renamed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI member was renamed (same type and offset): userspace naming it stops compiling',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      for (const p of c.pairs) {
        if (p.how !== 'position') continue;
        // Giving a reserved field a meaning is how uAPI grows (reported as an addition).
        if (isReservedName(p.before.path)) continue;
        // Retiring a member into padding is a removal (uapi.member-removed), not a new name.
        if (isReservedName(p.after.path)) continue;
        const partial = !!(c.before?.partial || c.after?.partial);
        const places = partial ? [] : groupByValue(ctx.abis, (a) => p.after.at[a] ? `offset ${p.after.at[a]!.offset}, size ${p.after.at[a]!.size}` : undefined);
        const flex = flexSpelling(p.after.member.type) === '[]';
        const oldLeaf = p.before.path.slice(p.before.path.lastIndexOf('.') + 1);
        const newLeaf = p.after.path.slice(p.after.path.lastIndexOf('.') + 1);
        const isArray = resolveTypedefs(p.after.member.type).kind === 'array';
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${p.before.path}`,
          abis: ctx.abis.filter((a) => p.after.at[a] || c.after?.partial),
          message: `\`${p.before.path}\` in ${c.symbol} is renamed to \`${p.after.path}\` (same type \`${p.after.written}\`${places.length ? `, ${describeGroups(places, ctx.abis)}` : partial ? ', same place among the members the diff shows, on every ABI' : ', same position'}). The binary layout is unchanged, but userspace that names \`${p.before.path}\` no longer compiles.`,
          before: { member: p.before.path, type: p.before.written, text: p.before.member.text },
          after: { member: p.after.path, type: p.after.written, text: p.after.member.text },
          suggestion: flex
            ? `Keep the old name reachable: \`union { __DECLARE_FLEX_ARRAY(${elementType(p.after)}, ${oldLeaf}); __DECLARE_FLEX_ARRAY(${elementType(p.after)}, ${newLeaf}); };\`, or keep \`${oldLeaf}\` and only document the new use.`
            : `Keep the old name reachable: \`union { ${elementType(p.after)} ${oldLeaf}${isArray ? p.after.written.slice(elementType(p.after).length).trim() : ''}; ${elementType(p.after)} ${newLeaf}${isArray ? p.after.written.slice(elementType(p.after).length).trim() : ''}; };\` in place of the member.`,
        });
      }
    }
  },
});
