/**
 * uapi.reserved-unchecked: a new reserved/padding field that the kernel code
 * reading the struct never checks for zero — so it can never be given a
 * meaning later (botching-up-ioctls.rst, "Check all unused fields … for 0").
 */
import type { Field, RecordChange } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { designTargets } from './design-scope.ts';
import { isReservedName } from './format.ts';
import { accesses, handlersOf, prepare, readsUserMemory } from './code/handlers.ts';

/** A reserved name that is only an alias of a used field in a union is checked through that field. */
function aliasOfUsedField(c: RecordChange, f: Field): boolean {
  if (!f.anonymous.includes('union')) return false;
  return c.after!.fields.some((g) => g !== f && g.top === f.top && !isReservedName(g.path) &&
    Object.keys(f.at).some((a) => g.at[a as keyof typeof g.at]?.offset === f.at[a as keyof typeof f.at]?.offset));
}

export const reservedUnchecked = defineRule({
  id: 'uapi.reserved-unchecked',
  level: 'warning',
  kind: 'design',
  summary: 'the changed kernel code reads a new/changed uAPI struct but never rejects non-zero reserved fields',
  scopes: ['uapi-header'],
  readsCode: true,
  check(ctx, emit) {
    if (ctx.code.length === 0) return;
    const units = prepare(ctx.code);
    for (const c of designTargets(ctx.diff.records, ctx.abis)) {
      const fresh = new Set((c.before ? c.added : c.after!.fields).map((f) => f.path));
      const reserved = c.after!.fields.filter((f) => fresh.has(f.path) && isReservedName(f.path) && !aliasOfUsedField(c, f));
      if (reserved.length === 0) continue;
      const handlers = handlersOf(units, ctx.diff, c).filter(readsUserMemory);
      if (handlers.length === 0) continue;
      // Any wholesale zero check counts as checking every field.
      if (handlers.some((u) => /\b(memchr_inv|check_zeroed_user|mem_is_zero)\s*\(/.test(u.clean))) continue;
      const unchecked = reserved.filter((f) => {
        const leaf = f.path.slice(f.path.lastIndexOf('.') + 1);
        return !handlers.some((u) => accesses(u.clean, leaf).length > 0);
      });
      if (unchecked.length === 0) continue;
      const read = c.after!.fields
        .filter((f) => !isReservedName(f.path))
        .map((f) => f.path.slice(f.path.lastIndexOf('.') + 1))
        .filter((leaf) => handlers.some((u) => accesses(u.clean, leaf).length > 0));
      const where = handlers.map((u) => `${u.name ?? 'code'} (${u.path}:${u.startLine})`).join(', ');
      emit({
        line: unchecked[0].member.loc.line,
        symbol: `${c.symbol}.${unchecked[0].path}`,
        abis: ctx.abis,
        message: `${where} read${handlers.length === 1 ? 's' : ''} ${c.symbol}${read.length ? ` (${[...new Set(read)].map((r) => `\`${r}\``).join(', ')})` : ''} from userspace but never check${handlers.length === 1 ? 's' : ''}${handlers.some((u) => u.partial) ? ' (in the lines the diff shows)' : ''} ${unchecked.map((f) => `\`${f.path}\``).join(', ')} for zero. Non-zero values are silently accepted, so ${unchecked.length === 1 ? 'this field' : 'these fields'} can never be given a meaning later.`,
        after: { unchecked: unchecked.map((f) => f.path), readers: handlers.map((u) => ({ path: u.path, line: u.startLine, name: u.name })) },
        suggestion: `Reject the ioctl with -EINVAL when ${unchecked.map((f) => `\`${f.path}\``).join(' or ')} is non-zero.`,
      });
    }
  },
});
