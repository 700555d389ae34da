/** uapi.enumerator-removed: a named constant userspace could use is gone (not merely turned into a #define of its value). */
import { defineRule } from './rule.ts';
import { headerGone } from './header-removed.ts';
import { enumDeltas, enumLabel } from './enum-changes.ts';
import { keptAsMacro } from './name-kept.ts';
import { isSentinelName } from './format.ts';
import { typeRenames } from './type-renames.ts';
import { lostOnSomeAbis } from './lost-on-abis.ts';
import { renamedAmong } from './rename-guess.ts';
import type { AbiName } from '../layout-types.ts';

export const enumeratorRemoved = defineRule({
  id: 'uapi.enumerator-removed',
  level: 'error',
  kind: 'source',
  summary: 'an enumerator was removed or renamed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    if (headerGone(ctx.diff)) return; // uapi.header-removed speaks for the whole file
    const removedEnums = new Set(ctx.diff.enums.filter((e) => e.before && !e.after).map((e) => e.symbol));
    const renamedEnums = new Set(typeRenames(ctx.diff).filter((r) => r.kind === 'enum').map((r) => r.from));
    // Still declared, but no longer on every ABI it was declared on (an arch #ifdef inside the enum).
    const partly = ctx.diff.enumerators
      .filter((c) => c.before && c.after && Object.keys(c.perAbi.after).length > 0)
      .map((c) => ({ item: c, before: Object.keys(c.perAbi.before) as AbiName[], after: Object.keys(c.perAbi.after) as AbiName[] }));
    for (const f of lostOnSomeAbis(partly, ctx.abis, {
      name: (c) => c.name,
      line: (c) => c.after!.loc.line,
      describe: (c) => `${c.name} (= ${c.before!.value})`,
      was: (c) => Number(c.before!.value),
      plural: 'enumerators',
      symbolPlural: 'enumerators',
      verb: 'declared',
      keep: 'declared',
    })) emit(f);
    for (const d of enumDeltas(ctx.diff)) {
      // A removed named enum is reported once, by uapi.type-removed; a renamed one by uapi.type-renamed.
      if (d.enumName && (removedEnums.has(d.enumName) || renamedEnums.has(d.enumName))) continue;
      for (const r of d.removed) {
        if (keptAsMacro(ctx.diff, r.name, r.before!.value)) continue; // now a #define of the same value
        // a sentinel kept as a #define (MAX_BPF_LINK_TYPE → `#define MAX_BPF_LINK_TYPE __MAX_BPF_LINK_TYPE`):
        // its name still compiles and its value moves as a sentinel's does (uapi.sentinel-moved's case)
        if (isSentinelName(r.name) && ctx.diff.macros.some((m) => m.name === r.name && m.after)) continue;
        const sameValue = renamedAmong(r.name, d.added.filter((a) => a.after!.value === r.before!.value));
        emit({
          line: sameValue?.after?.loc.line ?? null,
          symbol: r.name,
          abis: ctx.abis,
          message: `${r.name} (= ${r.before!.value}) is no longer declared in ${enumLabel(d)}${sameValue ? `; ${sameValue.name} now has its value (a rename)` : ''}: userspace that names it no longer compiles.`,
          before: { [r.name]: Number(r.before!.value) },
          after: sameValue ? { [sameValue.name]: Number(sameValue.after!.value) } : null,
          suggestion: sameValue ? `Keep the old name as an alias: \`${r.name} = ${sameValue.name},\`.` : `Keep ${r.name}; mark it deprecated in a comment if it is no longer used.`,
        });
      }
    }
  },
});
