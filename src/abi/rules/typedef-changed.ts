/**
 * uapi.typedef-changed: a typedef now names a different type. A typedef of
 * a record defined in place (`typedef union { … } __vector128;`) is compared
 * as that record, member by member, by the record rules; so is one whose old
 * struct was renamed to it (uapi.type-renamed: `struct dynamic` → Elf32_Dyn).
 */
import { defineRule } from './rule.ts';
import { typeRenames } from './type-renames.ts';

const INLINE = /^(struct|union) \{/;

export const typedefChanged = defineRule({
  id: 'uapi.typedef-changed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI typedef names a different underlying type',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const t of ctx.diff.typedefs) {
      if (!t.before || !t.after || t.before.canonical === t.after.canonical) continue;
      if (INLINE.test(t.after.canonical) && ctx.diff.records.some((r) => r.symbol === t.name && r.after)) {
        const wasInline = INLINE.test(t.before.canonical) && ctx.diff.records.some((r) => r.symbol === t.name && r.before);
        const renamedHere = typeRenames(ctx.diff).some((r) => r.to === t.name && r.from === t.before!.canonical);
        if (wasInline || renamedHere) continue;
      }
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
