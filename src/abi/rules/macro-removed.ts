/** uapi.macro-removed: a #define userspace could use is gone (not merely turned into an enumerator of its value). */
import { defineRule } from './rule.ts';
import { headerGone } from './header-removed.ts';
import { lostOnSomeAbis } from './lost-on-abis.ts';
import { isIncludeGuard } from './macro-facts.ts';
import { keptAsEnumerator } from './name-kept.ts';
import type { FileDiff, MacroChange } from '../diff/types.ts';
import { bodyText } from '../diff/macro-values.ts';
import { renamedAmong } from './rename-guess.ts';

/**
 * The #define this one seems renamed to: one the same change adds, with the
 * same value (or, without values, the same text), whose name keeps its first
 * and last words (MSM_SUBMIT_SYNCOBJ_RESET → MSM_SYNCOBJ_RESET), the one
 * keeping the most words. Null when there is none, or a tie.
 */
function renamedTo(diff: FileDiff, m: MacroChange): MacroChange | null {
  const abi = diff.abis.find((a) => m.before!.values[a] !== undefined);
  const same = (n: MacroChange) =>
    abi !== undefined && n.after!.values[abi] !== undefined ? n.after!.values[abi] === m.before!.values[abi] : abi === undefined && bodyText(n.after!.def.body) === bodyText(m.before!.def.body);
  // the most words kept wins (MSM_SUBMIT_SYNCOBJ_FLAGS → MSM_SYNCOBJ_FLAGS, not MSM_VM_BIND_OP_FLAGS)
  return renamedAmong(m.name, diff.macros.filter((n) => !n.before && n.after && same(n)));
}

export const macroRemoved = defineRule({
  id: 'uapi.macro-removed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI #define was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    if (headerGone(ctx.diff)) return; // uapi.header-removed speaks for the whole file
    // Still defined, but no longer on every ABI that had it.
    const partly = ctx.diff.macros
      .filter((m) => m.before && m.after && !isIncludeGuard(m.name, m.before.def.body))
      .map((m) => ({ item: m, before: m.before!.defined, after: m.after!.defined }));
    for (const f of lostOnSomeAbis(partly, ctx.abis, {
      name: (m) => m.name,
      line: (m) => m.after!.def.loc.line,
      describe: (m) => m.name,
      was: (m) => m.before!.def.body,
      plural: '#defines',
      symbolPlural: 'macros',
      verb: 'defined',
      keep: 'defined',
    })) emit(f);
    for (const m of ctx.diff.macros) {
      if (!m.before || m.after || isIncludeGuard(m.name, m.before.def.body)) continue;
      if (keptAsEnumerator(ctx.diff, m.name, m.before)) continue; // now an enumerator of the same value
      const to = renamedTo(ctx.diff, m);
      emit({
        line: to ? to.after!.def.loc.line : null,
        symbol: m.name,
        abis: ctx.abis,
        message: `${m.name} (\`${bodyText(m.before.def.body)}\`) is no longer defined${to ? `; it looks renamed to ${to.name}, which has its value: userspace that uses the old name` : ': userspace that uses it'} no longer compiles.`,
        before: m.before.def.body,
        after: to ? { renamedTo: to.name } : null,
        suggestion: to ? `Keep the old name for existing users: #define ${m.name} ${to.name}` : `Keep defining ${m.name}.`,
      });
    }
  },
});
