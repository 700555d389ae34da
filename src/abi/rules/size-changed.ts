/** uapi.size-changed: sizeof a uAPI struct/union differs on some ABI (other than by growing with the old members untouched: uapi.struct-appended). */
import { defineRule } from './rule.ts';
import { abisWithLayouts, afterLine, grewKeepingOldMembers, isExtensibleAppend, onlyFlexConversion } from './record-facts.ts';
import { abiList, describeGroups, groupByValue } from './format.ts';

export const sizeChanged = defineRule({
  id: 'uapi.size-changed',
  level: 'error',
  kind: 'binary',
  summary: 'sizeof a uAPI struct or union changed on some ABI',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      const las = abisWithLayouts(c, ctx.abis);
      const changed = las.filter((a) => c.before!.layouts[a]!.size !== c.after!.layouts[a]!.size);
      if (changed.length === 0) continue;
      // Appending to a struct that carries its own size (argsz) is the sanctioned extension;
      // a [1]/[0] → [] conversion is reported by uapi.flex-array-changed.
      if (isExtensibleAppend(c, ctx.abis) || onlyFlexConversion(c)) continue;
      // Grown with the old members untouched: uapi.struct-appended (or nothing, for a struct the kernel sizes from the caller).
      if (grewKeepingOldMembers(c, ctx.abis)) continue;
      const groups = groupByValue(changed, (a) => `${c.before!.layouts[a]!.size} → ${c.after!.layouts[a]!.size}`);
      const cause = c.removed.length
        ? `members removed: ${c.removed.map((f) => f.path).join(', ')}`
        : c.added.length
          ? `members added: ${c.added.map((f) => f.path).join(', ')}`
          : 'member types changed';
      emit({
        line: afterLine(c),
        symbol: c.symbol,
        abis: changed,
        message: `sizeof(${c.symbol}) changes (${describeGroups(groups, ctx.abis)} bytes; ${cause}). Binaries built against the old header pass the old size, and arrays, copies and any _IOW/_IOR number that encodes sizeof disagree with the kernel.`,
        before: Object.fromEntries(changed.map((a) => [a, c.before!.layouts[a]!.size])),
        after: Object.fromEntries(changed.map((a) => [a, c.after!.layouts[a]!.size])),
        suggestion: `Keep sizeof(${c.symbol}) on ${abiList(changed, ctx.abis)}: take the new fields from reserved space, or add a new struct (and command or feature flag) for the new layout.`,
      });
    }
  },
});
