/** uapi.macro-removed: a #define userspace could use is gone (not merely turned into an enumerator of its value). */
import { defineRule } from './rule.ts';
import { lostOnSomeAbis } from './lost-on-abis.ts';
import { isIncludeGuard } from './macro-facts.ts';
import { keptAsEnumerator } from './name-kept.ts';

export const macroRemoved = defineRule({
  id: 'uapi.macro-removed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI #define was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
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
      emit({
        line: null,
        symbol: m.name,
        abis: ctx.abis,
        message: `${m.name} (\`${m.before.def.body.replace(/\s+/g, ' ').trim()}\`) is no longer defined: userspace that uses it no longer compiles.`,
        before: m.before.def.body,
        after: null,
        suggestion: `Keep defining ${m.name}.`,
      });
    }
  },
});
