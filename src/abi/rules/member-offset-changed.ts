/** uapi.member-offset-changed: a member kept its name but moved on some ABI. */
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { afterLine, isReservedCarve, placeText } from './record-facts.ts';
import { abiList, groupByValue } from './format.ts';

export const memberOffsetChanged = defineRule({
  id: 'uapi.member-offset-changed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI member moved (byte or bit offset) on some ABI',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      const moved: { path: string; abis: AbiName[]; text: string; line: number }[] = [];
      const abisAll = new Set<AbiName>();
      for (const p of c.pairs) {
        // Fields of a partial record are placed relative to a visible stretch: only comparable within the same stretch.
        if ((c.before.partial || c.after.partial) && p.before.segment !== p.after.segment) continue;
        if (isReservedCarve(p, ctx.abis)) continue;
        const abis = ctx.abis.filter((a) => {
          const b = p.before.at[a];
          const n = p.after.at[a];
          return b && n && (b.offset !== n.offset || b.bitOffset !== n.bitOffset);
        });
        if (abis.length === 0) continue;
        abis.forEach((a) => abisAll.add(a));
        const groups = groupByValue(abis, (a) => `${placeText(p.before, a)} → ${placeText(p.after, a)}`);
        moved.push({
          path: p.after.path,
          abis,
          line: p.after.member.loc.line,
          text: `${p.after.path} ${groups.map((g) => `${g.value} (${abiList(g.abis, ctx.abis)})`).join(', ')}`,
        });
      }
      if (moved.length === 0) continue;
      const abis = ctx.abis.filter((a) => abisAll.has(a));
      const partial = c.before.partial || c.after.partial;
      emit({
        line: moved[0].line ?? afterLine(c),
        symbol: moved.length === 1 ? `${c.symbol}.${moved[0].path}` : c.symbol,
        abis,
        message: `${moved.length === 1 ? 'A member of' : `${moved.length} members of`} ${c.symbol} move${moved.length === 1 ? 's' : ''}${partial ? ' (offsets relative to the part of the struct the diff shows)' : ''}: ${moved.map((m) => m.text).join('; ')}. Old binaries read and write these fields at the old offsets.`,
        before: Object.fromEntries(moved.map((m) => [m.path, Object.fromEntries(m.abis.map((a) => [a, c.pairs.find((p) => p.after.path === m.path)!.before.at[a]]))])),
        after: Object.fromEntries(moved.map((m) => [m.path, Object.fromEntries(m.abis.map((a) => [a, c.pairs.find((p) => p.after.path === m.path)!.after.at[a]]))])),
        suggestion: 'Add new members only at the end of an extensible struct or in reserved space; never insert before existing members.',
      });
    }
  },
});
