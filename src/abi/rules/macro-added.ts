/** uapi.macro-added: new #defines in a uAPI header. */
import { defineRule } from './rule.ts';
import { isIncludeGuard } from './macro-facts.ts';
import { keptAsMacro } from './name-kept.ts';

export const macroAdded = defineRule({
  id: 'uapi.macro-added',
  level: 'note',
  kind: 'binary',
  summary: 'a new uAPI #define',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const m of ctx.diff.macros) {
      if (m.before || !m.after || isIncludeGuard(m.name, m.after.def.body)) continue;
      const abi = ctx.abis.find((a) => m.after!.values[a] !== undefined);
      const io = abi ? m.after.ioctl?.[abi] : undefined;
      const wasEnumerator = ctx.diff.enumerators.find((e) => e.name === m.name && e.before && !e.after)?.before ?? null;
      const kept = wasEnumerator !== null && keptAsMacro(ctx.diff, m.name, wasEnumerator.value);
      emit({
        line: m.after.def.loc.line,
        symbol: m.name,
        abis: ctx.abis,
        message: kept
          ? `${m.name}, an enumerator before, is now a #define of the same value (${wasEnumerator!.value}): userspace that names it still compiles.`
          : `New ${m.after.def.params ? 'macro' : 'constant'} ${m.name}${abi !== undefined ? ` = ${io ? `0x${io.value.toString(16)} (${io.dir}, nr ${io.nr}, size ${io.size} on ${abi})` : m.after.values[abi]}` : ''}.`,
        after: m.after.def.body,
      });
    }
  },
});
