/**
 * uapi.member-signedness-changed: a member keeps its size and place but
 * turns from signed to unsigned or back (`__s32` → `__u32`, `int` →
 * `__be32`). The bytes are where they were and values 0 … 2^(n-1)-1 mean
 * the same; negative values (an old `-1` sentinel, a `< 0` error check)
 * read as huge ones, or the reverse. Stable kernels take such changes (the
 * affs RDB checksums, io_uring's rw_flags), so this is a warning to check
 * the values in use, not a break of the layout.
 */
import { defineRule } from './rule.ts';
import { charSignednessChange, signednessOnlyChange } from './integer-member.ts';

export const memberSignednessChanged = defineRule({
  id: 'uapi.member-signedness-changed',
  level: 'warning',
  kind: 'binary',
  summary: 'a uAPI member keeps its size but changes signedness',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      for (const p of c.pairs) {
        // plain char ↔ explicit signed/unsigned char: a change only where char had the other signedness
        const chars = charSignednessChange(p, ctx.abis);
        if (chars) {
          if (chars.abis.length === 0) continue;
          emit({
            line: p.after.member.loc.line,
            symbol: `${c.symbol}.${p.after.path}`,
            abis: chars.abis,
            message: `\`${p.after.path}\` in ${c.symbol} changes from \`${p.before.written}\` to \`${p.after.written}\`: plain char is ${chars.becomes === 'signed' ? 'unsigned' : 'signed'} on ${chars.abis.join(', ')}, so there it is now ${chars.becomes} and values above 127 read differently (elsewhere nothing changes).`,
            before: { member: p.before.path, type: p.before.written, canonical: p.before.canonical },
            after: { member: p.after.path, type: p.after.written, canonical: p.after.canonical },
            suggestion: `Make sure no value of \`${p.after.path}\` is above 127 (or below 0); say so in the commit message.`,
          });
          continue;
        }
        const ints = signednessOnlyChange(p);
        if (!ints) continue;
        const order = ints.after.byteOrder && !ints.before.byteOrder ? ` and is now annotated ${ints.after.byteOrder === 'le' ? 'little' : 'big'}-endian` : '';
        const becomes = ints.after.signed ? 'signed' : 'unsigned';
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${p.after.path}`,
          abis: ctx.abis.filter((a) => p.after.at[a]),
          message: `\`${p.after.path}\` in ${c.symbol} changes from \`${p.before.written}\` to \`${p.after.written}\` (${p.before.canonical} → ${p.after.canonical})${order}: same size and place, but it is now ${becomes}, so values with the top bit set (${ints.after.signed ? 'large ones become negative' : 'negative ones, such as a -1 sentinel, become huge'}) read differently.`,
          before: { member: p.before.path, type: p.before.written, canonical: p.before.canonical },
          after: { member: p.after.path, type: p.after.written, canonical: p.after.canonical },
          suggestion: `Make sure no userspace or kernel code gives \`${p.after.path}\` a value with the top bit set (or compares it with < 0); say so in the commit message.`,
        });
      }
    }
  },
});
