/** uapi.type-removed: a struct/union/enum/typedef userspace could use is gone. */
import { defineRule } from './rule.ts';
import { typeRenames } from './type-renames.ts';

export const typeRemoved = defineRule({
  id: 'uapi.type-removed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI type (struct, union, enum, typedef) was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const renamed = new Set(typeRenames(ctx.diff).map((r) => r.from));
    const fileGone = ctx.diff.records.every((c) => !c.after) && ctx.diff.macros.every((m) => !m.after) && ctx.diff.typedefs.every((t) => !t.after);
    const gone: { symbol: string; what: string }[] = [];
    for (const c of ctx.diff.records) if (c.before && !c.after && !renamed.has(c.symbol)) gone.push({ symbol: c.symbol, what: `${c.before.fields.length} members` });
    for (const e of ctx.diff.enums) if (e.before && !e.after && !renamed.has(e.symbol)) gone.push({ symbol: e.symbol, what: `${e.before.enumerators.length} enumerators` });
    for (const t of ctx.diff.typedefs) if (t.before && !t.after) gone.push({ symbol: t.name, what: `typedef of ${t.before.written}` });
    for (const g of gone) {
      emit({
        line: null,
        symbol: g.symbol,
        abis: ctx.abis,
        message: `${g.symbol} (${g.what}) is no longer declared${fileGone ? ' (the header is removed)' : ''}: userspace that uses it no longer compiles, and the kernel no longer documents the layout old binaries still use.`,
        before: g.symbol,
        after: null,
        suggestion: `Keep ${g.symbol} in the uAPI header, even if the kernel stops using it.`,
      });
    }
  },
});
