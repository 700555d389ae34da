/**
 * Which structs a series grows, read from the texts of the uAPI headers it
 * touches before any model is built: the tags the kernel tree's own code is
 * searched for (src/tree/tree-code.ts), so the search is done once per run.
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
