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
 *
 * The implementations the series leaves with the old prototype are named:
 * functions that .c files (those the series touches, as it leaves them, and
 * with a kernel tree the others) put in the slot and define with exactly the
 * old signature. The kernel builds with -Werror=incompatible-pointer-types,
 * so each of them breaks the build.
 */
import type { CType } from '../../c/type-model.ts';
import type { FieldPair, RecordChange } from '../diff/types.ts';
import { comparableType, type OpImplementation } from '../diff/op-implementations.ts';
import { hasUnresolvedType, isFunctionPointer, lookupFor, resolveTypedefs, writtenType, type TypeLookup } from '../diff/type-text.ts';
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

/** Implementations named in full; the others are counted. */
const STALE_SHOWN = 6;

/** The op's signature as comparable texts (op-implementations.ts), or null when it is no function pointer. */
function signatureOf(t: CType, look: TypeLookup): string | null {
  const p = resolveTypedefs(t);
  if (p.kind !== 'pointer') return null;
  const f = resolveTypedefs(p.to);
  if (f.kind !== 'function' || f.variadic) return null;
  return `${comparableType(writtenType(f.returns, look))}(${f.params.map((x) => comparableType(writtenType(x, look))).join(',')})`;
}

/** The implementations of the slot `p` names in `c` that are defined with the old signature, not the new one. */
function staleImplementations(c: RecordChange, p: FieldPair, implementations: readonly OpImplementation[]): OpImplementation[] {
  const tag = c.after!.decl.tag;
  if (!tag || p.after.path.includes('.')) return [];
  const old = signatureOf(p.before.member.type, lookupFor(c.before!.model));
  const now = signatureOf(p.after.member.type, lookupFor(c.after!.model));
  if (old === null || now === null || old === now) return [];
  return implementations.filter((i) => {
    if (i.tag !== tag || i.member !== p.after.path || !i.definition) return false;
    const has = `${i.definition.returns}(${i.definition.params.join(',')})`;
    return has === old;
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
      const stale = changed.flatMap((p) => staleImplementations(c, p, ctx.implementations))
        .sort((a, b) => (a.path === b.path ? a.assignedLine - b.assignedLine : a.path < b.path ? -1 : 1));
      const staleText = stale.length === 0 ? '' : ` ${stale.length === 1 ? 'One implementation keeps' : `${stale.length} implementations keep`} the old prototype after the series, and the kernel builds with -Werror=incompatible-pointer-types, so the build breaks: ` +
        `${abridged(stale, STALE_SHOWN, (i) => `${i.fn} (${i.path}:${i.definition!.line}${changed.length > 1 ? `, in \`.${i.member}\`` : ''})`).join(', ')}.`;
      emit({
        line: changed[0]!.after.member.loc.line,
        symbol: `${c.symbol}.${changed[0]!.after.path}`,
        abis: ctx.abis.filter((a) => c.after!.present.includes(a)),
        message: `${ops ? 'Ops table ' : ''}${c.symbol}: ${changed.length === 1 ? 'a function pointer changes its signature' : `${changed.length} function pointers change their signatures`}: ${what.join('; ')}. ` +
          'No member moves, but a module built against the old header (out-of-tree drivers, kABI-stable distribution kernels) ' +
          'fills the slot with a function of the old prototype, and the kernel calls it with the new one until the module is rebuilt.' + staleText,
        suggestion: stale.length > 0
          ? `Convert ${stale.length === 1 ? stale[0]!.fn : `these ${stale.length} implementations`} in the same patch as the op (each patch must build); for kABI stability add a new op with the new signature and keep the old one.`
          : 'Fine in-tree (every in-tree implementation must change with it); for kABI stability add a new op with the new signature and keep the old one.',
      });
    }
  },
});
