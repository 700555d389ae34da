/** uapi.member-removed: a member userspace could name is gone (not renamed, not moved into a union). */
import { defineRule } from './rule.ts';
import { afterLine, carvedInto, liesWithin, placeText, placedOrDeclared } from './record-facts.ts';
import { isReservedName } from './format.ts';
import { throughRetagged } from './wrapper-types.ts';

export const memberRemoved = defineRule({
  id: 'uapi.member-removed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI struct member was removed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      const removedPaths = new Set(c.removed.map((f) => f.path));
      for (const f of c.removed) {
        const parent = f.path.includes('.') ? f.path.slice(0, f.path.lastIndexOf('.')) : null;
        if (parent && removedPaths.has(parent)) continue;
        // Reserved space that new members were carved from (uapi.member-added says so).
        if (carvedInto(c, f, ctx.abis)) continue;
        // Reached through a tagless struct that was only given a tag: still there.
        if (throughRetagged(c, f, ctx.abis)) continue;
        // an offset past lines the diff does not show counts from an unknown origin: not told as if absolute
        const abi = ctx.abis.find((a) => f.at[a] && !f.at[a]!.relative);
        // Retired into padding of another type (`union snd_pcm_sync_id sync` → `unsigned char pad1[16]`).
        const padding = isReservedName(f.path) ? undefined : c.added.find((g) => isReservedName(g.path) && liesWithin(g, f, ctx.abis) && liesWithin(f, g, ctx.abis));
        if (padding) {
          emit({
            line: padding.member.loc.line,
            symbol: `${c.symbol}.${f.path}`,
            abis: ctx.abis,
            message: `${c.symbol} retires \`${f.path}\` (${f.written}) into \`${padding.path}\` (${padding.written}, same storage). Binaries keep working if the kernel still accepts what they put there, but userspace that names \`${f.path}\` no longer compiles.`,
            before: { member: f.path, type: f.written },
            after: { member: padding.path, type: padding.written },
            suggestion: `Keep the name \`${f.path}\` (document it as unused), or keep both names in an anonymous union.`,
          });
          continue;
        }
        emit({
          line: afterLine(c),
          symbol: `${c.symbol}.${f.path}`,
          abis: placedOrDeclared(ctx.abis.filter((a) => c.before!.layouts[a] || c.before!.partial), ctx.abis, c.before!.present),
          message: `${c.symbol} loses member \`${f.path}\` (${f.written}${abi ? `, offset ${placeText(f, abi)} on ${abi}` : ''}). Userspace that names it no longer compiles, and binaries still use its bytes.`,
          before: { member: f.path, type: f.written, text: f.member.text },
          after: null,
          suggestion: `Keep \`${f.path}\`; if it is obsolete, rename nothing — document it as unused (must be zero) and keep its storage.`,
        });
      }
      // A member retired into padding: same storage, now called `pad`/`reserved`.
      for (const p of c.pairs) {
        if (p.how !== 'position' || isReservedName(p.before.path) || !isReservedName(p.after.path)) continue;
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${p.before.path}`,
          abis: ctx.abis,
          message: `${c.symbol} retires \`${p.before.path}\` into \`${p.after.path}\` (same type and storage). Binaries keep working if the kernel still accepts what they put there, but userspace that names \`${p.before.path}\` no longer compiles.`,
          before: { member: p.before.path, type: p.before.written },
          after: { member: p.after.path, type: p.after.written },
          suggestion: `Keep the name \`${p.before.path}\` (document it as unused), or keep both names in an anonymous union.`,
        });
      }
    }
  },
});
