/** uapi.type-removed: a struct/union/enum/typedef userspace could use is gone. */
import { defineRule } from './rule.ts';
import { headerGone } from './header-removed.ts';
import { lostOnSomeAbis } from './lost-on-abis.ts';
import { typeRenames } from './type-renames.ts';

export const typeRemoved = defineRule({
  id: 'uapi.type-removed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI type (struct, union, enum, typedef) was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    if (headerGone(ctx.diff)) return; // uapi.header-removed speaks for the whole file
    const renamed = new Set(typeRenames(ctx.diff).map((r) => r.from));
    const fileGone = ctx.diff.records.every((c) => !c.after) && ctx.diff.macros.every((m) => !m.after) && ctx.diff.typedefs.every((t) => !t.after);
    const gone: { symbol: string; what: string }[] = [];
    for (const c of ctx.diff.records) if (c.before && !c.after && !renamed.has(c.symbol)) gone.push({ symbol: c.symbol, what: `${c.before.fields.length} members` });
    // Still declared, but no longer on every ABI it was declared on.
    const partly = ctx.diff.records
      .filter((c) => c.before && c.after)
      .map((c) => ({ item: c, before: c.before!.present, after: c.after!.present }));
    for (const f of lostOnSomeAbis(partly, ctx.abis, {
      name: (c) => c.symbol,
      line: (c) => c.after!.decl.loc.line,
      describe: (c) => `${c.symbol} (${c.before!.fields.length} members)`,
      was: (c) => c.symbol,
      plural: 'types',
      symbolPlural: 'types',
      verb: 'declared',
      keep: 'visible',
    })) emit(f);
    for (const e of ctx.diff.enums) if (e.before && !e.after && !renamed.has(e.symbol)) gone.push({ symbol: e.symbol, what: `${e.before.enumerators.length} enumerators` });
    // `typedef struct { … } guid_t;` is one type: reported once, as the record.
    const recordsGone = new Set(gone.map((g) => g.symbol));
    for (const t of ctx.diff.typedefs) if (t.before && !t.after && !recordsGone.has(t.name)) gone.push({ symbol: t.name, what: `typedef of ${t.before.written}` });
    for (const g of gone) {
      emit({
        line: null,
        symbol: g.symbol,
        abis: ctx.abis,
        message: `${g.symbol} (${g.what}) is no longer declared${fileGone ? ' (the header no longer declares anything)' : ''}: userspace that uses it no longer compiles, and the kernel no longer documents the layout old binaries still use.`,
        before: g.symbol,
        after: null,
        suggestion: `Keep ${g.symbol} in the uAPI header, even if the kernel stops using it.`,
      });
    }
  },
});
