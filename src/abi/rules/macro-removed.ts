/** uapi.macro-removed: a #define userspace could use is gone (not merely turned into an enumerator of its value). */
import { defineRule } from './rule.ts';
import { abiList } from './format.ts';
import { isIncludeGuard } from './macro-facts.ts';
import { keptAsEnumerator } from './name-kept.ts';

export const macroRemoved = defineRule({
  id: 'uapi.macro-removed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI #define was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const m of ctx.diff.macros) {
      // Still defined, but no longer on every ABI that had it (an #ifdef, or a move into one architecture's asm/ header).
      if (m.before && m.after && !isIncludeGuard(m.name, m.before.def.body)) {
        const lost = m.before.defined.filter((a) => ctx.abis.includes(a) && !m.after!.defined.includes(a));
        if (lost.length) {
          emit({
            line: m.after.def.loc.line,
            symbol: m.name,
            abis: lost,
            message: `${m.name} is no longer defined on ${abiList(lost, ctx.abis)}, only on ${abiList(m.after.defined.filter((a) => ctx.abis.includes(a)), ctx.abis)}: userspace built for ${lost.length === 1 ? 'that ABI' : 'those ABIs'} that uses it no longer compiles.`,
            before: m.before.def.body,
            after: null,
            suggestion: `Keep ${m.name} defined on every ABI that had it.`,
          });
        }
      }
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
