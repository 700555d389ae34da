/** uapi.type-renamed: a struct/union/enum keeps its members but not its name. */
import { defineRule } from './rule.ts';
import { typeRenames } from './type-renames.ts';

export const typeRenamed = defineRule({
  id: 'uapi.type-renamed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI type was renamed (same members, new name)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const r of typeRenames(ctx.diff)) {
      emit({
        line: r.line,
        symbol: r.from,
        abis: ctx.abis,
        message: `${r.from} is renamed to ${r.to} with the same ${r.kind === 'record' ? 'members' : 'enumerators'}: binaries are unaffected, but userspace that names ${r.from} no longer compiles.`,
        before: r.from,
        after: r.to,
        suggestion: `Keep declaring ${r.from}; if the new name is wanted, add it next to the old one (a typedef, or a second declaration) instead of replacing it.`,
      });
    }
  },
});
