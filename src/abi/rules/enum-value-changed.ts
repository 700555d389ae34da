/** uapi.enum-value-changed: an enumerator userspace stores or passes has a new value. */
import { defineRule } from './rule.ts';
import { enumDeltas, enumLabel } from './enum-changes.ts';

export const enumValueChanged = defineRule({
  id: 'uapi.enum-value-changed',
  level: 'error',
  kind: 'binary',
  summary: 'an enumerator changed value (inserted or removed entries before it)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const d of enumDeltas(ctx.diff)) {
      if (d.changed.length === 0) continue;
      const cause = d.added.length ? ` because ${d.added.map((a) => a.name).join(', ')} ${d.added.length === 1 ? 'was' : 'were'} inserted before ${d.changed.length === 1 ? 'it' : 'them'}` : d.removed.length ? ` because ${d.removed.map((a) => a.name).join(', ')} ${d.removed.length === 1 ? 'was' : 'were'} removed` : '';
      emit({
        line: d.changed[0].after!.loc.line,
        symbol: d.changed.length === 1 ? d.changed[0].name : `${enumLabel(d)}`,
        abis: ctx.abis,
        message: `In ${enumLabel(d)}, ${d.changed.map((c) => `${c.name} ${c.before!.value} → ${c.after!.value}`).join(', ')}${cause}. Binaries built with the old values send and expect the old numbers.`,
        before: Object.fromEntries(d.changed.map((c) => [c.name, Number(c.before!.value)])),
        after: Object.fromEntries(d.changed.map((c) => [c.name, Number(c.after!.value)])),
        suggestion: 'Append new enumerators after the last value userspace uses (before a *_MAX/__*_MAX sentinel is fine); give existing ones explicit values.',
      });
    }
  },
});
