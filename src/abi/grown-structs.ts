/**
 * What the front end's models of the uAPI headers a series touches say
 * before the passes compare them: which structs the series grows (the tags
 * the kernel tree's own code is searched for, src/tree/tree-code.ts, once
 * per run), and where a deleted header's declarations went when no git
 * rename says so. The models are the ones the passes use (the model cache
 * builds each once).
 */
import type { RecordDecl, TypeModel } from '../c/type-model.ts';
import type { AbiName } from './layout-types.ts';
import { inFile } from './diff/diff-file.ts';
import type { SettledFileDiff } from './diff/settled-diff.ts';
import { lookupFor, type TypeLookup } from './diff/type-text.ts';

/** A record's members, counting those of the tagless structs and unions it holds (a union that grows inside counts). */
function memberCount(r: RecordDecl, look: TypeLookup, depth = 0): number {
  let n = 0;
  for (const m of r.members) {
    const inner = m.type.kind === 'record' ? look.record(m.type.id) : undefined;
    n += inner && !inner.tag && depth < 8 ? memberCount(inner, look, depth + 1) : 1;
  }
  return n;
}

/** The complete tagged structs `path` declares in `model`, by tag, with their member counts. */
function structsOf(model: TypeModel | null, path: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!model) return out;
  const mine = inFile(path);
  const look = lookupFor(model);
  for (const r of model.records) if (r.kind === 'struct' && r.tag && r.complete && mine(r.loc.file)) out.set(r.tag, memberCount(r, look));
  return out;
}

/** Struct tags with more members after the series than before it, over the touched uAPI headers' models. */
export function grownStructTags(headers: { path: string; before: TypeModel | null; after: TypeModel | null }[]): string[] {
  const tags = new Set<string>();
  for (const { path, before, after } of headers) {
    const was = structsOf(before, path);
    for (const [tag, n] of structsOf(after, path)) if ((was.get(tag) ?? n) < n) tags.add(tag);
  }
  return [...tags].sort();
}

/**
 * The uAPI records the compared files grow (a larger size on some ABI laid
 * out both times), by symbol: in diff context, what a struct embedding one
 * on lines the diff does not show would feel.
 */
export function grownRecords(diffs: Iterable<SettledFileDiff>): string[] {
  const out = new Set<string>();
  for (const d of diffs) {
    if (d.scope !== 'uapi-header') continue;
    for (const c of d.records) {
      const was = c.before?.layouts;
      const now = c.after?.layouts;
      if (was && now && Object.entries(now).some(([abi, l]) => l && was[abi as AbiName] && l.size > was[abi as AbiName]!.size)) out.add(c.symbol);
    }
  }
  return [...out].sort();
}

/** The names `path` declares in `model`: tags, typedefs, enumerators and macros. */
function declaredNames(model: TypeModel, path: string): Set<string> {
  const mine = inFile(path);
  const out = new Set<string>();
  for (const r of model.records) if (r.tag && mine(r.loc.file)) out.add(r.tag);
  for (const e of model.enums) {
    if (!mine(e.loc.file)) continue;
    if (e.tag) out.add(e.tag);
    for (const x of e.enumerators) out.add(x.name);
  }
  for (const t of model.typedefs) if (mine(t.loc.file)) out.add(t.name);
  for (const m of model.macros) if (mine(m.loc.file) && !/^_\w*_H_*$/.test(m.name)) out.add(m.name);
  return out;
}

/**
 * The header a deleted one moved to, when no git rename says so: one of the
 * headers the same change creates that declares at least half of the
 * deleted header's names (include guards aside). Null otherwise.
 */
export function movedHeader(deleted: { path: string; model: TypeModel }, created: { path: string; model: TypeModel }[]): string | null {
  const names = [...declaredNames(deleted.model, deleted.path)];
  if (names.length === 0) return null;
  let best: { path: string; share: number } | null = null;
  for (const c of created) {
    const there = declaredNames(c.model, c.path);
    const share = names.filter((n) => there.has(n)).length / names.length;
    if (share >= 0.5 && (!best || share > best.share)) best = { path: c.path, share };
  }
  return best?.path ?? null;
}
