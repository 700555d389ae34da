/** uapi.typedef-changed: a typedef now names a different type. */
import { defineRule } from './rule.ts';

export const typedefChanged = defineRule({
  id: 'uapi.typedef-changed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI typedef names a different underlying type',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const t of ctx.diff.typedefs) {
      if (!t.before || !t.after || t.before.canonical === t.after.canonical) continue;
      emit({
        line: t.after.decl.loc.line,
        symbol: t.name,
        abis: ctx.abis,
        message: `typedef ${t.name} changes from \`${t.before.written}\` (${t.before.canonical}) to \`${t.after.written}\` (${t.after.canonical}): every struct and call that uses it changes with it.`,
        before: t.before.canonical,
        after: t.after.canonical,
        suggestion: `Keep ${t.name}; add a new typedef for the new type.`,
      });
    }
  },
});
