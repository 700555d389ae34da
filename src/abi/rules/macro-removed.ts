/** uapi.macro-removed: a #define userspace could use is gone (not merely turned into an enumerator of its value). */
import type { MacroChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { abiList } from './format.ts';
import { isIncludeGuard } from './macro-facts.ts';
import { keptAsEnumerator } from './name-kept.ts';

export const macroRemoved = defineRule({
  id: 'uapi.macro-removed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI #define was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    // Still defined, but no longer on every ABI that had it (an #ifdef, or a move into one architecture's
    // asm/ header): grouped by where they went, as such moves take dozens of #defines at once.
    const partly = new Map<string, { lost: AbiName[]; kept: AbiName[]; macros: MacroChange[] }>();
    for (const m of ctx.diff.macros) {
      if (!m.before || !m.after || isIncludeGuard(m.name, m.before.def.body)) continue;
      const lost = m.before.defined.filter((a) => ctx.abis.includes(a) && !m.after!.defined.includes(a));
      if (lost.length === 0) continue;
      const kept = m.after.defined.filter((a) => ctx.abis.includes(a));
      const key = `${lost.join()}|${kept.join()}`;
      const g = partly.get(key);
      if (g) g.macros.push(m);
      else partly.set(key, { lost, kept, macros: [m] });
    }
    for (const { lost, kept, macros } of partly.values()) {
      const those = lost.length === 1 ? 'that ABI' : 'those ABIs';
      const one = macros.length === 1;
      const names = macros.map((m) => m.name);
      emit({
        line: macros[0]!.after!.def.loc.line,
        symbol: one ? names[0]! : `${names.length} macros (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`,
        abis: lost,
        message: one
          ? `${names[0]} is no longer defined on ${abiList(lost, ctx.abis)}, only on ${abiList(kept, ctx.abis)}: userspace built for ${those} that uses it no longer compiles.`
          : `${names.length} #defines are no longer defined on ${abiList(lost, ctx.abis)}, only on ${abiList(kept, ctx.abis)}: ${names.join(', ')}. Userspace built for ${those} that uses them no longer compiles.`,
        before: one ? macros[0]!.before!.def.body : names,
        after: null,
        suggestion: one ? `Keep ${names[0]} defined on every ABI that had it.` : 'Keep them defined on every ABI that had them.',
      });
    }
    for (const m of ctx.diff.macros) {
      if (!m.before || m.after || isIncludeGuard(m.name, m.before.def.body)) continue;
      if (keptAsEnumerator(ctx.diff, m.name, m.before)) continue; // now an enumerator of the same value
      emit({
        line: null,
        symbol: m.name,
        abis: ctx.abis,
        message: `${m.name} (\`${m.before.def.body.replace(/\s+/g, ' ').trim()}\`) is no longer defined: userspace that uses it no longer compiles.`,
        before: m.before.def.body,
        after: null,
        suggestion: `Keep defining ${m.name}.`,
      });
    }
  },
});
