/** uapi.macro-removed: a #define userspace could use is gone. */
import { defineRule } from './rule.ts';
import { isIncludeGuard } from './macro-facts.ts';

export const macroRemoved = defineRule({
  id: 'uapi.macro-removed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI #define was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const m of ctx.diff.macros) {
      if (!m.before || m.after || isIncludeGuard(m.name, m.before.def.body)) continue;
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
