/**
 * The op slots whose signature a series changes: function-pointer members of
 * the structs in the in-kernel headers it touches, there before and after
 * under the same name with another canonical type (typedefs resolved), or
 * declared with other qualifiers (`struct device *` → `const struct device *`,
 * read from the header's text: the TypeModel carries no qualifiers). They
 * are what the tree is searched for implementations of
 * (src/tree/op-implementations.ts) before the passes compare the headers;
 * kabi.op-signature-changed then decides, pair by pair, what to report.
 */
import type { RecordDecl, TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import { declaredOpSignature, type OpSlot } from './diff/op-implementations.ts';
import { canonicalType, hasUnresolvedType, isFunctionPointer, lookupFor } from './diff/type-text.ts';

/** The complete tagged structs `path` declares in `model`, by tag. */
function structsOf(model: TypeModel, path: string): Map<string, RecordDecl> {
  const mine = inFile(path);
  const out = new Map<string, RecordDecl>();
  for (const r of model.records) if (r.kind === 'struct' && r.tag && r.complete && mine(r.loc.file)) out.set(r.tag, r);
  return out;
}

/** A header the series touches: its models and texts at the base and at the series' end. */
export interface TouchedHeader {
  path: string;
  before: TypeModel | null;
  after: TypeModel | null;
  textBefore: string | null;
  textAfter: string | null;
}

/** Whether the op `member`, declared at those lines, is spelled with other qualifiers (both declarations read). */
function requalified(h: TouchedHeader, member: string, lineBefore: number, lineAfter: number): boolean {
  if (h.textBefore === null || h.textAfter === null) return false;
  const old = declaredOpSignature(h.textBefore, lineBefore, member);
  const now = declaredOpSignature(h.textAfter, lineAfter, member);
  return old !== null && now !== null && old.signature !== now.signature;
}

export function changedOpSlots(headers: readonly TouchedHeader[]): OpSlot[] {
  const out = new Map<string, OpSlot>();
  for (const h of headers) {
    const { path, before, after } = h;
    if (!before || !after) continue;
    const was = structsOf(before, path);
    const mine = inFile(path);
    const lookBefore = lookupFor(before);
    const lookAfter = lookupFor(after);
    for (const [tag, now] of structsOf(after, path)) {
      const old = was.get(tag);
      if (!old) continue;
      for (const m of now.members) {
        if (!m.name || !isFunctionPointer(m.type) || hasUnresolvedType(m.type)) continue;
        const o = old.members.find((x) => x.name === m.name);
        if (!o || !isFunctionPointer(o.type) || hasUnresolvedType(o.type)) continue;
        const changed = canonicalType(o.type, lookBefore) !== canonicalType(m.type, lookAfter)
          || (mine(o.loc.file) && mine(m.loc.file) && requalified(h, m.name, o.loc.line, m.loc.line));
        if (changed) out.set(`${tag}.${m.name}`, { tag, member: m.name });
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.tag === b.tag ? (a.member < b.member ? -1 : 1) : a.tag < b.tag ? -1 : 1));
}
