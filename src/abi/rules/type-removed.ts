/** uapi.type-removed: a struct/union/enum/typedef userspace could use is gone. */
import type { RecordChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { abiList } from './format.ts';
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
    // Still declared, but no longer on every ABI it was declared on (an #ifdef, or a move into one ABI's
    // asm/ header): grouped by where they went, as such moves take many types at once.
    const partly = new Map<string, { lost: AbiName[]; kept: AbiName[]; records: RecordChange[] }>();
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      const lost = c.before.present.filter((a) => ctx.abis.includes(a) && !c.after!.present.includes(a));
      if (lost.length === 0) continue;
      const kept = c.after.present.filter((a) => ctx.abis.includes(a));
      const key = `${lost.join()}|${kept.join()}`;
      const g = partly.get(key);
      if (g) g.records.push(c);
      else partly.set(key, { lost, kept, records: [c] });
    }
    for (const { lost, kept, records } of partly.values()) {
      const those = lost.length === 1 ? 'that ABI' : 'those ABIs';
      const c = records[0]!;
      const names = records.map((r) => r.symbol);
      const one = records.length === 1;
      emit({
        line: c.after!.decl.loc.line,
        symbol: one ? c.symbol : `${names.length} types (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`,
        abis: lost,
        message: one
          ? `${c.symbol} (${c.before!.fields.length} members) is no longer declared on ${abiList(lost, ctx.abis)}, only on ${abiList(kept, ctx.abis)}: userspace built for ${those} that uses it no longer compiles.`
          : `${names.length} types are no longer declared on ${abiList(lost, ctx.abis)}, only on ${abiList(kept, ctx.abis)}: ${names.join(', ')}. Userspace built for ${those} that uses them no longer compiles.`,
        before: one ? c.symbol : names,
        after: null,
        suggestion: one ? `Keep ${c.symbol} visible on every ABI that had it.` : 'Keep them visible on every ABI that had them.',
      });
    }
    for (const e of ctx.diff.enums) if (e.before && !e.after && !renamed.has(e.symbol)) gone.push({ symbol: e.symbol, what: `${e.before.enumerators.length} enumerators` });
    // `typedef struct { … } guid_t;` is one type: reported once, as the record.
    const recordsGone = new Set(gone.map((g) => g.symbol));
    for (const t of ctx.diff.typedefs) if (t.before && !t.after && !recordsGone.has(t.name)) gone.push({ symbol: t.name, what: `typedef of ${t.before.written}` });
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
