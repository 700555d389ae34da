/**
 * uapi.reserved-unchecked: a new reserved/padding field that the kernel code
 * reading the struct never checks for zero — so it can never be given a
 * meaning later (botching-up-ioctls.rst, "Check all unused fields … for 0").
 * A field no handler copies in (each copies only up to an offsetofend()
 * minimum before it) of a struct they copy back out is output, as in VFIO's
 * GET_INFO ioctls, and exempt.
 */
import type { Field, RecordChange } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { designTargets } from './design-scope.ts';
import { inFormerPadding } from './record-facts.ts';
import { isReservedName } from './format.ts';
import { accesses, handlersOf, prepare, readsUserMemory, type PreparedUnit } from './code/handlers.ts';
import { copiesOut, readUpTo } from './code/struct-copies.ts';

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
      // Bytes a handler never copies in (its copies stop at an offsetofend() minimum before them) of a struct it
      // copies back out are output (VFIO's GET_INFO), not input it could have validated. A struct only copied in
      // keeps them: old callers' argsz already covers them, so a later kernel reading them needs them zero now.
      // per handler, once: the member its copies in stop at, for a struct it copies back out
      const stopsAt = new Map(handlers.map((u) => {
        const upTo = copiesOut(u, c.symbol) ? readUpTo(u, c.symbol) : null;
        return [u, upTo === null ? undefined : c.after!.fields.find((g) => g.path === upTo)] as const;
      }));
      const readBy = (u: PreparedUnit, f: Field): boolean => {
        const end = stopsAt.get(u);
        if (!end) return true;
        return Object.entries(f.at).some(([a, p]) => {
          const e = end.at[a as keyof typeof end.at];
          return !e || p!.offset < e.offset + e.size;
        });
      };
      const unchecked = reserved.filter((f) => {
        const leaf = f.path.slice(f.path.lastIndexOf('.') + 1);
        // A pad made explicit where the old layout had implicit padding (KVM SEV's pad0…) cannot be
        // required to be zero now: old binaries may have left anything there (member-added says so).
        if (inFormerPadding(c, f, ctx.abis).length > 0) return false;
        return handlers.some((u) => readBy(u, f)) && !handlers.some((u) => accesses(u.clean, leaf).length > 0);
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
