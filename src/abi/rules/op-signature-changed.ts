/**
 * kabi.op-signature-changed: a function-pointer member of an in-kernel struct
 * (an op of an ops table, a callback) keeps its name but changes its
 * signature: a parameter added, removed or retyped, another return type
 * (`int (*remove)(struct device *)` → `void (*remove)(…)`). Offsets do not
 * move, so the insertion and removal notes say nothing, yet a module built
 * against the old header fills the slot with a function of the old
 * prototype, and the core calls it with the new one. Typedefs are resolved;
 * qualifiers (`const struct device *`) do not change the call and are not
 * compared. A signature the front end could not resolve (a type the diff
 * context does not declare) is not compared.
 */
import type { FieldPair } from '../diff/types.ts';
import { hasUnresolvedType, isFunctionPointer } from '../diff/type-text.ts';
import { isOpsTable } from './kabi-changes.ts';
import { defineRule } from './rule.ts';
import { abridged } from './format.ts';

/** Changed signatures spelled out in full; the others are named. */
const SHOWN = 4;

/** The pairs of `pairs` that are function pointers on both sides with another signature, both resolved. */
function changedSignatures(pairs: readonly FieldPair[]): FieldPair[] {
  return pairs.filter((p) => {
    const b = p.before.member.type;
    const a = p.after.member.type;
    if (!isFunctionPointer(b) || !isFunctionPointer(a) || p.before.canonical === p.after.canonical) return false;
    return !hasUnresolvedType(b) && !hasUnresolvedType(a);
  });
}

export const kabiOpSignatureChanged = defineRule({
  id: 'kabi.op-signature-changed',
  level: 'note',
  kind: 'kabi',
  summary: 'a function pointer (an op, a callback) of an in-kernel struct keeps its name but changes its signature',
  scopes: ['kernel-header'],
  check(ctx, emit) {
    for (const c of ctx.diff.records) {
      if (!c.before || !c.after) continue;
      const changed = changedSignatures(c.pairs);
      if (changed.length === 0) continue;
      // the first few in full; the rest by name (an idmap conversion changes a dozen inode operations at once)
      const what = abridged(changed, SHOWN, (p) => `\`${p.after.path}\` \`${p.before.written}\` → \`${p.after.written}\``, (p) => `\`${p.after.path}\``);
      const ops = isOpsTable(c.after.top);
      emit({
        line: changed[0]!.after.member.loc.line,
        symbol: `${c.symbol}.${changed[0]!.after.path}`,
        abis: ctx.abis.filter((a) => c.after!.present.includes(a)),
        message: `${ops ? 'Ops table ' : ''}${c.symbol}: ${changed.length === 1 ? 'a function pointer changes its signature' : `${changed.length} function pointers change their signatures`}: ${what.join('; ')}. ` +
          'No member moves, but a module built against the old header (out-of-tree drivers, kABI-stable distribution kernels) ' +
          'fills the slot with a function of the old prototype, and the kernel calls it with the new one until the module is rebuilt.',
        suggestion: 'Fine in-tree (every in-tree implementation must change with it); for kABI stability add a new op with the new signature and keep the old one.',
      });
    }
  },
});
