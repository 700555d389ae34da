/** uapi.macro-value-changed: a constant userspace compiles in has a new value. */
import { bodyText } from '../diff/macro-values.ts';
import { defineRule } from './rule.ts';
import { describeGroups, groupByValue } from './format.ts';
import { flagSetGrowth, hex, isSentinelGrowth, valueChangedAbis } from './macro-facts.ts';
import { isVersionName, isVersionReset } from './version-changed.ts';
import { limitRaised } from './limit-raised.ts';

export const macroValueChanged = defineRule({
  id: 'uapi.macro-value-changed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI #define constant changed value',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const m of ctx.diff.macros) {
      if (!m.before || !m.after || m.before.ioctl || m.after.ioctl) continue;
      if (isSentinelGrowth(m, ctx.abis) || flagSetGrowth(m, ctx.abis)) continue; // uapi.sentinel-moved
      if (isVersionName(m.name) && ctx.abis.every((a) => m.before!.values[a] === undefined || m.after!.values[a] === undefined || m.after!.values[a]! >= m.before!.values[a]!)) continue;
      if (isVersionReset(m, ctx.diff.macros, ctx.abis)) continue; // a minor number reset by a major bump
      if (limitRaised(m, ctx.abis)) continue; // uapi.limit-raised

      const abis = valueChangedAbis(m, ctx.abis);
      if (abis === undefined) {
        const b = bodyText(m.before.def.body);
        const a = bodyText(m.after.def.body);
        if (b !== a && m.after.def.params === null && m.before.def.params === null) {
          ctx.diff.notes.push(`${ctx.diff.path}: ${m.name}: body changed from \`${b}\` to \`${a}\` and is not an integer constant; not compared`);
        }
        continue;
      }
      if (abis.length === 0) continue;
      const groups = groupByValue(abis, (a) => `${m.before!.values[a]} → ${m.after!.values[a]} (${hex(m.before!.values[a]!)} → ${hex(m.after!.values[a]!)})`);
      emit({
        line: m.after.def.loc.line,
        symbol: m.name,
        abis,
        message: `${m.name} changes value: ${describeGroups(groups, ctx.abis)}. Binaries built with the old header keep sending the old value.`,
        before: { body: m.before.def.body, value: String(m.before.values[abis[0]]) },
        after: { body: m.after.def.body, value: String(m.after.values[abis[0]]) },
        suggestion: `Keep ${m.name}'s value; add a new constant for the new meaning.`,
      });
    }
  },
});
