/**
 * uapi.flex-array-changed: a trailing array changed spelling (`[1]`/`[0]` ↔
 * `[]`) or stopped/started being flexible. `[0]` → `[]` with every size kept,
 * in a struct nothing in the file embeds, is no finding: it is the
 * hardening conversion the kernel makes everywhere, and changes nothing.
 */
import { defineRule } from './rule.ts';
import { flexSpelling } from '../diff/type-text.ts';
import { describeGroups, groupByValue } from './format.ts';
import { embeddedInFile } from './record-facts.ts';

export const flexArrayChanged = defineRule({
  id: 'uapi.flex-array-changed',
  level: 'warning',
  kind: 'design',
  summary: 'a trailing flexible array changed form ([1]/[0]/[] or fixed)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      for (const p of c.pairs) {
        const b = flexSpelling(p.before.member.type);
        const a = flexSpelling(p.after.member.type);
        if (b === a || (b === null && a === null)) continue;
        if (b !== '[]' && a !== '[]') {
          if (b === null || a === null) {
            // fixed-size ↔ [0]/[1]: a plain array change, reported as a type change
            continue;
          }
        }
        const sizes = groupByValue(ctx.abis, (abi) => {
          const lb = c.before!.layouts[abi];
          const la = c.after!.layouts[abi];
          return lb && la && lb.size !== la.size ? `${lb.size} → ${la.size}` : undefined;
        });
        // `[0]` → `[]` (the kernel-wide hardening conversion) keeps every size and offset: nothing for userspace
        // to check, unless the struct is embedded in another one here (a flexible array member may not be).
        if (b === '[0]' && a === '[]' && sizes.length === 0 && !embeddedInFile(ctx.diff.records, c)) continue;
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${p.after.path}`,
          abis: ctx.abis,
          message: `\`${p.after.path}\` in ${c.symbol} changes from \`${p.before.written}\` to \`${p.after.written}\`${sizes.length ? `; sizeof(${c.symbol}) ${describeGroups(sizes, ctx.abis)}` : ''}. ${a === '[]' ? 'The conversion to a C99 flexible array is the recommended form (deprecated.rst), but userspace that computed allocation sizes with sizeof() or indexed element 0 of a one-element array must be checked.' : 'A flexible array becomes a fixed member: sizeof and the meaning of the trailing data change.'}`,
          before: { member: p.before.path, type: p.before.written },
          after: { member: p.after.path, type: p.after.written },
          suggestion: a === '[]' ? 'Make sure no userspace size computation relied on sizeof() including the old element; mention it in the commit message.' : 'Keep the flexible array.',
        });
      }
    }
  },
});
