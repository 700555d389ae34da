/**
 * The op slots whose signature a series changes: function-pointer members of
 * the structs in the in-kernel headers it touches, there before and after
 * under the same name with another canonical type (typedefs resolved). They
 * are what the tree is searched for implementations of
 * (src/tree/op-implementations.ts) before the passes compare the headers;
 * kabi.op-signature-changed then decides, pair by pair, what to report.
 */
import type { RecordDecl, TypeModel } from '../c/type-model.ts';
import { inFile } from './diff/diff-file.ts';
import type { OpSlot } from './diff/op-implementations.ts';
import { canonicalType, hasUnresolvedType, isFunctionPointer, lookupFor } from './diff/type-text.ts';

/** The complete tagged structs `path` declares in `model`, by tag. */
function structsOf(model: TypeModel, path: string): Map<string, RecordDecl> {
  const mine = inFile(path);
  const out = new Map<string, RecordDecl>();
  for (const r of model.records) if (r.kind === 'struct' && r.tag && r.complete && mine(r.loc.file)) out.set(r.tag, r);
  return out;
}

export function changedOpSlots(headers: readonly { path: string; before: TypeModel | null; after: TypeModel | null }[]): OpSlot[] {
  const out = new Map<string, OpSlot>();
  for (const { path, before, after } of headers) {
    if (!before || !after) continue;
    const was = structsOf(before, path);
    const lookBefore = lookupFor(before);
    const lookAfter = lookupFor(after);
    for (const [tag, now] of structsOf(after, path)) {
      const old = was.get(tag);
      if (!old) continue;
      for (const m of now.members) {
        if (!m.name || !isFunctionPointer(m.type) || hasUnresolvedType(m.type)) continue;
        const o = old.members.find((x) => x.name === m.name);
        if (!o || !isFunctionPointer(o.type) || hasUnresolvedType(o.type)) continue;
        if (canonicalType(o.type, lookBefore) !== canonicalType(m.type, lookAfter)) out.set(`${tag}.${m.name}`, { tag, member: m.name });
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.tag === b.tag ? (a.member < b.member ? -1 : 1) : a.tag < b.tag ? -1 : 1));
}
