/** uapi.enum-value-changed: an enumerator userspace stores or passes has a new value. */
import { defineRule } from './rule.ts';
import { enumDeltas, enumLabel, isRelative, knownValues, RELATIVE_NOTE, valueChangeText } from './enum-changes.ts';
import { describeGroups, groupByValue } from './format.ts';
import { resizedRequestEnumerator } from './ioctl-dispatch.ts';
import type { AbiName } from '../layout-types.ts';

export const enumValueChanged = defineRule({
  id: 'uapi.enum-value-changed',
  level: 'error',
  kind: 'binary',
  summary: 'an enumerator changed value (inserted or removed entries before it)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const d of enumDeltas(ctx.diff)) {
      if (d.changed.length === 0) continue;
      // entries inserted or removed explain values that follow their predecessor (no initializer of their own)
      const follows = d.changed.some((c) => (c.precedingAfter === null ? c.after!.value === 0n : c.after!.value === c.precedingAfter + 1n));
      const cause = !follows
        ? ` (${d.changed.length === 1 ? 'its value is' : 'their values are'} written out, and changed)`
        : d.added.length ? ` because ${d.added.map((a) => a.name).join(', ')} ${d.added.length === 1 ? 'was' : 'were'} inserted before ${d.changed.length === 1 ? 'it' : 'them'}` : d.removed.length ? ` because ${d.removed.map((a) => a.name).join(', ')} ${d.removed.length === 1 ? 'was' : 'were'} removed` : '';
      emit({
        line: d.changed[0].after!.loc.line,
        symbol: d.changed.length === 1 ? d.changed[0].name : `${enumLabel(d)}`,
        abis: ctx.abis,
        message: `In ${enumLabel(d)}, ${d.changed.map((c) => `${c.name} ${valueChangeText(c)}`).join(', ')}${cause}. Binaries built with the old values send and expect the old numbers.${d.changed.some(isRelative) ? RELATIVE_NOTE : ''}`,
        before: knownValues(d.changed, 'before'),
        after: knownValues(d.changed, 'after'),
        suggestion: 'Append new enumerators after the last value userspace uses (before a *_MAX/__*_MAX sentinel is fine); give existing ones explicit values.',
      });
    }
    // Unchanged on the ABI enumerators are compared on, changed on others (a value that follows a sizeof).
    for (const c of ctx.diff.enumerators) {
      if (!c.before || !c.after || c.before.value !== c.after.value) continue;
      const changedOn = (a: AbiName) => {
        const b = c.perAbi.before[a];
        const n = c.perAbi.after[a];
        if (b === undefined || n === undefined || b === n) return undefined;
        // a request number resized in a family served by number: uapi.ioctl-size-from-request's kind of change
        if (resizedRequestEnumerator(ctx.diff, c, a)) return undefined;
        return `${b} → ${n}`;
      };
      const groups = groupByValue(ctx.abis, changedOn);
      if (groups.length === 0) continue;
      const abis = groups.flatMap((g) => g.abis);
      emit({
        line: c.after.loc.line,
        symbol: c.name,
        abis,
        message: `${c.name} changes value on some ABIs only (${describeGroups(groups, ctx.abis)}): its value follows something ABI-dependent, such as a sizeof. Binaries built for those ABIs with the old header send and expect the old number.`,
        before: Object.fromEntries(abis.map((a) => [a, Number(c.perAbi.before[a])])),
        after: Object.fromEntries(abis.map((a) => [a, Number(c.perAbi.after[a])])),
        suggestion: 'Keep the value on every ABI: give the enumerator an explicit constant, or keep what it follows (the struct\'s layout) unchanged.',
      });
    }
  },
});
