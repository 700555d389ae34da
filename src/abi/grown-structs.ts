/**
 * What the texts of the uAPI headers a series touches say before any model
 * is built: which structs it grows (the tags the kernel tree's own code is
 * searched for, src/tree/tree-code.ts, once per run), and where a deleted
 * header's declarations went when no git rename says so.
 */
import type { Images } from '../tree/images.ts';
import { classifyPath } from './classify-path.ts';

/**
 * Struct tags whose definition grows (more member declarations) between the
 * base and the last image of the touched uAPI headers: the structs whose
 * copies in kernel code decide whether an append is safe.
 */
export function grownStructTags(images: Images, paths: string[]): string[] {
  const bodies = (text: string | null | undefined): Map<string, string> => {
    const out = new Map<string, string>();
    if (!text) return out;
    for (const m of text.matchAll(/\bstruct\s+(\w+)\s*\{/g)) {
      let depth = 0;
      let end = m.index! + m[0].length - 1;
      for (; end < text.length; end++) {
        if (text[end] === '{') depth++;
        else if (text[end] === '}' && --depth === 0) break;
      }
      out.set(m[1]!, text.slice(m.index!, end + 1).replace(/\s+/g, ' '));
    }
    return out;
  };
  const tags = new Set<string>();
  for (const path of paths) {
    if (classifyPath(path) !== 'uapi-header') continue;
    const seq = images.files[path] ?? [];
    const before = bodies(seq[0]?.text);
    const members = (body: string) => body.split(';').length;
    for (const [tag, body] of bodies(seq[seq.length - 1]?.text)) {
      const was = before.get(tag);
      if (was !== undefined && members(body) > members(was)) tags.add(tag);
    }
  }
  return [...tags].sort();
}

/** Names a header declares: `#define NAME`, `struct|union|enum NAME {`, `} NAME;` of a typedef. */
function declaredNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^\s*#\s*define\s+(\w+)/gm)) out.add(m[1]!);
  for (const m of text.matchAll(/\b(?:struct|union|enum)\s+(\w+)\s*\{/g)) out.add(m[1]!);
  for (const m of text.matchAll(/\}\s*(\w+)\s*;/g)) out.add(m[1]!);
  return out;
}

/**
 * The header a deleted one moved to, when no git rename says so: a header
 * the same change creates (`created`: path → its text) that declares at least
 * half of the deleted header's names (include guards aside). Null otherwise.
 */
export function movedHeader(deletedText: string, created: ReadonlyMap<string, string>): string | null {
  const names = [...declaredNames(deletedText)].filter((n) => !/^_\w*_H_*$/.test(n));
  if (names.length === 0) return null;
  let best: { path: string; share: number } | null = null;
  for (const [path, text] of created) {
    const there = declaredNames(text);
    const share = names.filter((n) => there.has(n)).length / names.length;
    if (share >= 0.5 && (!best || share > best.share)) best = { path, share };
  }
  return best?.path ?? null;
}
