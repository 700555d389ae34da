/** uapi.implicit-padding: holes or tail padding the compiler inserts in a new/changed uAPI type, on any ABI. */
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { designTargets, newIssues } from './design-scope.ts';
import { holeKey, holesOf, type Hole } from './holes.ts';
import { abiList } from './format.ts';

export const implicitPadding = defineRule({
  id: 'uapi.implicit-padding',
  level: 'warning',
  kind: 'design',
  summary: 'a new or changed uAPI type has compiler-inserted padding (holes or tail) on some ABI',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of designTargets(ctx.diff.records, ctx.abis)) {
      const issues = newIssues(c, (side) => {
        const m = new Map<string, { hole: Hole; abis: AbiName[] }>();
        for (const abi of ctx.abis) {
          const l = c[side]?.layouts[abi];
          if (!l) continue;
          for (const h of holesOf(l)) {
            const k = holeKey(h);
            const e = m.get(k);
            if (e) e.abis.push(abi);
            else m.set(k, { hole: h, abis: [abi] });
          }
        }
        return m;
      });
      if (issues.length === 0) continue;
      const abis = ctx.abis.filter((a) => issues.some(([, v]) => v.abis.includes(a)));
      const text = issues.map(([, { hole, abis: ha }]) =>
        hole.tail && hole.after === null
          ? `${hole.size} bytes of padding (${abiList(ha, ctx.abis)})`
          : hole.tail
            ? `${hole.size} bytes of tail padding after \`${hole.after}\` at offset ${hole.offset} (${abiList(ha, ctx.abis)})`
            : `a ${hole.size}-byte hole ${hole.after ? `after \`${hole.after}\`` : 'at the start'} at offset ${hole.offset} (${abiList(ha, ctx.abis)})`);
      emit({
        line: c.after!.decl.loc.line,
        symbol: c.symbol,
        abis,
        message: `${c.symbol} has implicit padding: ${text.join('; ')}. The kernel cannot require it to be zero (so it can never be reused), it may copy uninitialised kernel memory to userspace, and its size differs between ABIs.`,
        after: issues.map(([, v]) => ({ after: v.hole.after, offset: v.hole.offset, size: v.hole.size, tail: v.hole.tail, abis: v.abis })),
        suggestion: 'Make the padding explicit (`__u32 reserved;` or `__u8 pad[N];`), reject non-zero values in the kernel, or reorder members by size; use __aligned_u64 for 64-bit members.',
      });
    }
  },
});
