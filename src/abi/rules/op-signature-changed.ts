/**
 * kabi.op-signature-changed: a function-pointer member of an in-kernel struct
 * (an op of an ops table, a callback) keeps its name but changes its
 * signature: a parameter added, removed or retyped, another return type
 * (`int (*remove)(struct device *)` → `void (*remove)(…)`). Offsets do not
 * move, so the insertion and removal notes say nothing, yet a module built
 * against the old header fills the slot with a function of the old
 * prototype, and the core calls it with the new one. Typedefs are resolved;
 * qualifiers (`const struct device *`) do not change the call. A signature
 * the front end could not resolve (a type the diff context does not declare)
 * is not compared.
 *
 * The implementations the series leaves with the old prototype are named:
 * functions that .c files (those the series touches, as it leaves them, and
 * with a kernel tree the others) put in the slot and define with exactly the
 * old signature. The kernel builds with -Werror=incompatible-pointer-types,
 * so each of them breaks the build. That holds for qualifiers too (a
 * function taking `struct device *` in a slot for `const struct device *`):
 * an op that changes only in them (read from the header's text, the
 * TypeModel has no qualifiers) is reported when implementations keep the
 * old ones, and only then.
 */
import type { CType } from '../../c/type-model.ts';
import type { FieldPair, RecordChange } from '../diff/types.ts';
import { declaredOpSignature, type OpImplementation } from '../diff/op-implementations.ts';
import { inFile } from '../diff/diff-file.ts';
import { hasUnresolvedType, isFunctionPointer, lookupFor, resolveTypedefs, type TypeLookup } from '../diff/type-text.ts';
import { functionSignature } from '../diff/prototype-changes.ts';
import { isOpsTable } from './kabi-changes.ts';
import { defineRule, type RuleContext } from './rule.ts';
import { abridged, afterWhat } from './format.ts';

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

/** The op's signature as comparable text (op-implementations.ts), or null when it is no function pointer. */
function signatureOf(t: CType, look: TypeLookup): string | null {
  return resolveTypedefs(t).kind === 'pointer' ? functionSignature(t, look) : null;
}

/** The functions put in slot `member` of struct `tag` defined with signature `old` (as `key` reads it); each once, however many initializers name it. */
function implementationsWith(all: readonly OpImplementation[], tag: string, member: string, key: 'signature' | 'qualified', old: string): OpImplementation[] {
  const out = new Map<string, OpImplementation>();
  for (const i of all) {
    const id = `${i.path}:${i.fn}`;
    if (i.tag === tag && i.member === member && i.definition?.[key] === old && !out.has(id)) out.set(id, i);
  }
  return [...out.values()];
}

/** The implementations of the slot `p` names in `c` that are defined with the old signature (the new one differs). */
function staleImplementations(c: RecordChange, p: FieldPair, implementations: readonly OpImplementation[]): OpImplementation[] {
  const tag = c.after!.decl.tag;
  if (!tag || p.after.path.includes('.')) return [];
  const old = signatureOf(p.before.member.type, lookupFor(c.before!.model));
  const now = signatureOf(p.after.member.type, lookupFor(c.after!.model));
  if (old === null || now === null || old === now) return [];
  return implementationsWith(implementations, tag, p.after.path, 'signature', old);
}

/**
 * An op of `c` whose declaration changes in qualifiers only (`struct device *`
 * → `const struct device *`: the same canonical type) and the implementations
 * still defined with the old qualifiers; null when there are none.
 */
function requalified(c: RecordChange, p: FieldPair, diff: RuleContext['diff'], implementations: readonly OpImplementation[]) {
  const tag = c.after!.decl.tag;
  const { before, after } = diff.text;
  if (!tag || p.after.path.includes('.') || before === null || after === null || p.before.canonical !== p.after.canonical) return null;
  if (!isFunctionPointer(p.before.member.type) || !isFunctionPointer(p.after.member.type)) return null;
  const mine = inFile(diff.path);
  if (!mine(p.before.member.loc.file) || !mine(p.after.member.loc.file)) return null;
  const old = declaredOpSignature(before, p.before.member.loc.line, p.after.path);
  const now = declaredOpSignature(after, p.after.member.loc.line, p.after.path);
  if (!old || !now || old.signature === now.signature) return null;
  const stale = implementationsWith(implementations, tag, p.after.path, 'qualified', old.signature);
  return stale.length > 0 ? { pair: p, old, now, stale } : null;
}

const byPlace = (a: OpImplementation, b: OpImplementation) => (a.path === b.path ? a.assignedLine - b.assignedLine : a.path < b.path ? -1 : 1);

/** What the stale implementations do to the build, and their list; '' when there are none. */
function staleText(stale: readonly OpImplementation[], withSlot: boolean, patch: number): string {
  if (stale.length === 0) return '';
  const list = abridged(stale, STALE_SHOWN, (i) => `${i.fn} (${i.path}:${i.definition!.line}${withSlot ? `, in \`.${i.member}\`` : ''})`).join(', ');
  return `${stale.length === 1 ? 'One implementation keeps' : `${stale.length} implementations keep`} the old prototype ${afterWhat(patch)}, and the kernel builds with -Werror=incompatible-pointer-types, so the build breaks: ${list}.`;
}

function convertSuggestion(stale: readonly OpImplementation[]): string {
  return `Convert ${stale.length === 1 ? stale[0]!.fn : `these ${stale.length} implementations`} in the same patch as the op (each patch must build)`;
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
      for (const q of c.pairs.map((p) => requalified(c, p, ctx.diff, ctx.implementations))) {
        if (!q) continue;
        const stale = q.stale.sort(byPlace);
        emit({
          line: q.pair.after.member.loc.line,
          symbol: `${c.symbol}.${q.pair.after.path}`,
          abis: ctx.abis.filter((a) => c.after!.present.includes(a)),
          message: `${isOpsTable(c.after.top) ? 'Ops table ' : ''}${c.symbol}: \`${q.pair.after.path}\` changes only in qualifiers: \`${q.old.declaration}\` → \`${q.now.declaration}\`. ` +
            `Nothing changes for binaries. ${staleText(stale, false, ctx.patch)}`,
          suggestion: `${convertSuggestion(stale)}.`,
        });
      }
      const changed = changedSignatures(c.pairs);
      if (changed.length === 0) continue;
      // the first few in full; the rest by name (an idmap conversion changes a dozen inode operations at once)
      const what = abridged(changed, SHOWN, (p) => `\`${p.after.path}\` \`${p.before.written}\` → \`${p.after.written}\``, (p) => `\`${p.after.path}\``);
      const ops = isOpsTable(c.after.top);
      const stale = changed.flatMap((p) => staleImplementations(c, p, ctx.implementations)).sort(byPlace);
      emit({
        line: changed[0]!.after.member.loc.line,
        symbol: `${c.symbol}.${changed[0]!.after.path}`,
        abis: ctx.abis.filter((a) => c.after!.present.includes(a)),
        message: `${ops ? 'Ops table ' : ''}${c.symbol}: ${changed.length === 1 ? 'a function pointer changes its signature' : `${changed.length} function pointers change their signatures`}: ${what.join('; ')}. ` +
          'No member moves, but a module built against the old header (out-of-tree drivers, kABI-stable distribution kernels) ' +
          'fills the slot with a function of the old prototype, and the kernel calls it with the new one until the module is rebuilt.' +
          (stale.length > 0 ? ` ${staleText(stale, changed.length > 1, ctx.patch)}` : ''),
        suggestion: stale.length > 0
          ? `${convertSuggestion(stale)}; for kABI stability add a new op with the new signature and keep the old one.`
          : 'Fine in-tree (every in-tree implementation must change with it); for kABI stability add a new op with the new signature and keep the old one.',
      });
    }
  },
});
