/**
 * uapi.struct-appended: a struct grows with its old members untouched (new
 * members after them, or beside them in a union). Old binaries still find
 * every member where it was; whether they still work depends on how the
 * kernel copies the struct, which the header does not say: fine where the
 * size comes from the caller (an ioctl's _IOC_SIZE, a netlink attribute's
 * length, a sockopt's optlen, copy_struct_from_user), a break where the
 * kernel copies sizeof(new) from or to an old caller's smaller buffer. Most
 * uAPI structs grow this way (6.1 → 6.12: perf_event_attr, mptcp_info,
 * tc_fq_qd_stats, landlock_ruleset_attr …), so it is a warning to check,
 * not an error. An _IO* number that encodes the size changes with it, and
 * uapi.ioctl-number-changed reports that as an error; a struct that embeds
 * this one moves and is reported itself. Structs that carry their size
 * (argsz) or that the kernel sizes from the caller by design
 * (size-from-caller.ts) get only uapi.member-added's note, and so do structs
 * the changed kernel code copies with the caller's size (code/struct-copies.ts);
 * code that copies the whole new size is uapi.struct-appended-copied-whole.
 */
import { defineRule } from './rule.ts';
import { absorbedBy, abisWithLayouts, afterLine, grewKeepingOldMembers, isExtensibleAppend, isRequestArgument } from './record-facts.ts';
import { abiList, describeGroups, groupByValue } from './format.ts';
import { sizeFromCaller } from './size-from-caller.ts';
import { prepare } from './code/handlers.ts';
import { copiesOf } from './code/struct-copies.ts';

export const structAppended = defineRule({
  id: 'uapi.struct-appended',
  level: 'warning',
  kind: 'binary',
  summary: 'a uAPI struct grows with its old members untouched: compatible only if the kernel takes the size from the caller',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    const units = prepare(ctx.seriesCode);
    for (const c of ctx.diff.records) {
      if (!grewKeepingOldMembers(c, ctx.abis) || isExtensibleAppend(c, ctx.abis) || sizeFromCaller(ctx.diff, c.symbol)) continue;
      // The changed code shows how it is copied: wholesale is uapi.struct-appended-copied-whole's error,
      // sized by the caller is what an append needs (uapi.member-added cites the call).
      if (copiesOf(units, c.symbol).length > 0) continue;
      // Grown into space the records embedding it already had (a union sized by raw_data[200]), and never
      // passed on its own: nothing changes for old binaries (uapi.member-added says where).
      if (absorbedBy(ctx.diff.records, c, ctx.abis) && !isRequestArgument(ctx.diff, c.symbol)) continue;
      const grown = abisWithLayouts(c, ctx.abis).filter((a) => c.before!.layouts[a]!.size !== c.after!.layouts[a]!.size);
      const groups = groupByValue(grown, (a) => `${c.before!.layouts[a]!.size} → ${c.after!.layouts[a]!.size}`);
      const added = c.added.filter((f) => !c.added.some((g) => f.path.startsWith(`${g.path}.`))).map((f) => `\`${f.path}\``);
      emit({
        line: afterLine(c, c.added[0]),
        symbol: c.symbol,
        abis: grown,
        message: `sizeof(${c.symbol}) grows (${describeGroups(groups, ctx.abis)} bytes) by ${added.join(', ')}; every old member keeps its offset and type. Old binaries keep working only if the kernel takes the size from the caller (an ioctl's _IOC_SIZE, a netlink attribute's length, a sockopt's optlen, copy_struct_from_user) and never copies sizeof(${c.symbol}) into a buffer an old caller sized.`,
        before: Object.fromEntries(grown.map((a) => [a, c.before!.layouts[a]!.size])),
        after: Object.fromEntries(grown.map((a) => [a, c.after!.layouts[a]!.size])),
        suggestion: `Check how the kernel copies ${c.symbol} on ${abiList(grown, ctx.abis)}: accept the old size (new members then read as zero) and copy out no more than the caller's size; say so in the commit message.`,
      });
    }
  },
});
