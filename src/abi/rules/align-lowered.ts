/**
 * uapi.align-lowered: a struct's alignment drops on some ABI while its size
 * and the place of every member that stays are unchanged — a `__u64` split
 * into two `__u32` (io_uring_napi in 7.2, a reserved `resv` carved into
 * `op_param` and `resv`), a `__le32` into two `__le16`
 * (virtio_net_hdr_v1_hash). What the kernel and an old binary exchange does
 * not move; userspace that embeds the struct in its own structs may place it
 * differently once rebuilt. The mirror of uapi.align-raised: a warning, and
 * uapi.align-changed's error when a record of the header embeds it and moves.
 */
import { defineRule } from './rule.ts';
import { afterLine, alignmentChange, embeddedMoving, onlyAlignmentLowered } from './record-facts.ts';
import { describeGroups } from './format.ts';

export const alignLowered = defineRule({
  id: 'uapi.align-lowered',
  level: 'warning',
  kind: 'binary',
  summary: 'a uAPI struct is aligned less strictly on some ABI, with its size and offsets unchanged',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!onlyAlignmentLowered(c, ctx.abis) || embeddedMoving(ctx.diff.records, c, ctx.abis)) continue;
      const { abis: lowered, groups, before, after } = alignmentChange(c, ctx.abis);
      emit({
        line: afterLine(c),
        symbol: c.symbol,
        abis: lowered,
        message: `The alignment of ${c.symbol} drops (${describeGroups(groups, ctx.abis)}) while its size and the offset of every member that stays are the same: what the kernel and old binaries exchange is unchanged, but userspace that embeds ${c.symbol} in its own structs may place it differently once rebuilt.`,
        before,
        after,
        suggestion: `Keep the alignment with an explicit attribute (\`__attribute__((aligned(N)))\` on the struct), or say in the commit message that ${c.symbol} is only passed by pointer.`,
      });
    }
  },
});
