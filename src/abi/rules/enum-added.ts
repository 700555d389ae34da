/** uapi.enum-added: new enumerators (appended, or inserted before a sentinel without moving anything else). */
import { defineRule } from './rule.ts';
import { enumDeltas, enumLabel, isRelative, RELATIVE_NOTE } from './enum-changes.ts';

export const enumAdded = defineRule({
  id: 'uapi.enum-added',
  level: 'note',
  kind: 'binary',
  summary: 'new enumerators in a uAPI enum',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const d of enumDeltas(ctx.diff)) {
      if (d.added.length === 0 || d.newEnum) continue;
      // Enumerators whose values moved are the error (uapi.enum-value-changed); the additions are still additions.
      const beforeSentinel = d.changedSentinels.length > 0 && d.changed.length === 0;
      emit({
        line: d.added[0].after!.loc.line,
        symbol: d.added.length === 1 ? d.added[0].name : enumLabel(d),
        abis: ctx.abis,
        message: `New in ${enumLabel(d)}: ${d.added.map((a) => (isRelative(a) ? a.name : `${a.name} = ${a.after!.value}`)).join(', ')}${beforeSentinel ? ` (inserted before ${d.changedSentinels.map((s) => s.name).join(', ')}; only the sentinel moved, every existing value is unchanged)` : d.changed.length ? '' : ' (appended; existing values unchanged)'}.${d.added.some(isRelative) ? RELATIVE_NOTE : ''}`,
        after: Object.fromEntries(d.added.filter((a) => !isRelative(a)).map((a) => [a.name, Number(a.after!.value)])),
      });
    }
  },
});
