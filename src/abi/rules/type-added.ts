/** uapi.type-added: a new struct, union, named enum or typedef in a uAPI header. */
import { defineRule } from './rule.ts';
import { typeRenames } from './type-renames.ts';

export const typeAdded = defineRule({
  id: 'uapi.type-added',
  level: 'note',
  kind: 'binary',
  summary: 'a new uAPI type',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const renamedTo = new Set(typeRenames(ctx.diff).map((r) => r.to));
    for (const c of ctx.diff.records) {
      if (c.before || !c.after || renamedTo.has(c.symbol)) continue;
      const sizes = [...new Set(ctx.abis.map((a) => c.after!.layouts[a]?.size).filter((s) => s !== undefined))];
      emit({
        line: c.after.decl.loc.line,
        symbol: c.symbol,
        abis: ctx.abis,
        message: `New ${c.symbol} (${c.after.fields.length} members${sizes.length ? `, ${sizes.length === 1 ? `${sizes[0]} bytes on every ABI` : `${sizes.join('/')} bytes depending on the ABI`}` : ''}).`,
        after: c.after.fields.map((f) => `${f.written} ${f.path}`),
      });
    }
    for (const e of ctx.diff.enums) {
      if (e.before || !e.after || renamedTo.has(e.symbol)) continue;
      emit({
        line: e.after.loc.line,
        symbol: e.symbol,
        abis: ctx.abis,
        message: `New ${e.symbol}: ${e.after.enumerators.map((x) => `${x.name} = ${x.value}`).join(', ')}.`,
        after: Object.fromEntries(e.after.enumerators.map((x) => [x.name, Number(x.value)])),
      });
    }
    for (const t of ctx.diff.typedefs) {
      if (t.before || !t.after) continue;
      // `typedef struct {…} foo_t;` is already reported as the record foo_t.
      if (ctx.diff.records.some((c) => c.symbol === t.name)) continue;
      emit({ line: t.after.decl.loc.line, symbol: t.name, abis: ctx.abis, message: `New typedef ${t.name} (${t.after.written}).`, after: t.after.written });
    }
  },
});
