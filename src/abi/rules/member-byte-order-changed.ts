/**
 * uapi.member-byte-order-changed: a member keeps its size and place but its
 * declared byte order flips (`__le32` → `__be32`). Both resolve to the same
 * C type, so the layout and type comparisons see nothing, yet every value
 * is now read with its bytes reversed.
 */
import { defineRule } from './rule.ts';
import { sameSizeIntegers } from './integer-member.ts';

export const memberByteOrderChanged = defineRule({
  id: 'uapi.member-byte-order-changed',
  level: 'error',
  kind: 'binary',
  summary: 'a uAPI member changes its declared byte order (__le ↔ __be)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      for (const p of c.pairs) {
        const ints = sameSizeIntegers(p);
        if (!ints || !ints.before.byteOrder || !ints.after.byteOrder || ints.before.byteOrder === ints.after.byteOrder) continue;
        emit({
          line: p.after.member.loc.line,
          symbol: `${c.symbol}.${p.after.path}`,
          abis: ctx.abis.filter((a) => p.after.at[a]),
          message: `\`${p.after.path}\` in ${c.symbol} changes from \`${p.before.written}\` to \`${p.after.written}\`: same size and place, but its bytes are now read in the opposite order, so every value old binaries write means something else.`,
          before: { member: p.before.path, type: p.before.written },
          after: { member: p.after.path, type: p.after.written },
          suggestion: 'Keep the byte order; add a new member (from reserved space) if the other order is needed.',
        });
      }
    }
  },
});
