/**
 * The kernel tree's own code about some structs: the functions of .c files
 * in the tree that name `struct <tag>`, for files the series does not touch.
 * A series that grows a uAPI struct often leaves its handler alone; how that
 * handler copies the struct (the caller's size, or the whole new sizeof)
 * decides whether old binaries still work (src/abi/rules/code/).
 *
 * The files are found by ./kernel-c-files.ts (the tags as words), each read
 * checked here for `struct <tag>`. Work is bounded: at most MAX_FILES files are read, shared out among the
 * structs so that each gets its first files.
 */
import { join } from 'node:path';
import type { CodeUnit } from '../abi/rules/index.ts';
import { kernelStyleFunctions } from '../abi/diff/kernel-style-functions.ts';
import { readTreeText, takeFairly } from './kernel-c-files.ts';
import type { TreeWords } from './tree-words.ts';

const MAX_FILES = 400;

/** Tags named as `struct <tag>` in `text`. */
function tagsIn(text: string, tags: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bstruct\s+(\w+)/g)) if (tags.has(m[1]!)) out.add(m[1]!);
  return [...out];
}

/** Files (tree-relative) of `tree` that name one of `tags`, by tag, and their texts (each file read once). */
function filesMentioning(tree: TreeWords, tags: ReadonlySet<string>): { byTag: Map<string, string[]>; texts: Map<string, string> } {
  const byTag = new Map<string, string[]>();
  const texts = new Map<string, string>();
  for (const rel of tree.filesWithWords([...tags])) {
    const text = readTreeText(join(tree.root, rel)) ?? '';
    const named = tagsIn(text, tags);
    if (named.length > 0) texts.set(rel, text);
    for (const t of named) {
      let files = byTag.get(t);
      if (!files) byTag.set(t, (files = []));
      files.push(rel);
    }
  }
  return { byTag, texts };
}

/**
 * The functions of the tree's .c files that name one of the structs `tags`
 * (`struct tag`), except in the files `exclude` lists (those the series
 * touches: their code is read as the series leaves it).
 */
export function treeCodeFor(tree: TreeWords, tags: string[], exclude: ReadonlySet<string>): CodeUnit[] {
  if (tags.length === 0) return [];
  const wanted = new Set(tags);
  const units: CodeUnit[] = [];
  const { byTag, texts } = filesMentioning(tree, wanted);
  for (const rel of takeFairly([...byTag.values()].map((l) => l.filter((f) => !exclude.has(f))), MAX_FILES)) {
    const text = texts.get(rel)!;
    const lines = text.split('\n');
    for (const f of kernelStyleFunctions(text)) {
      const body = lines.slice(f.startLine - 1, f.endLine).join('\n');
      if (tagsIn(body, wanted).length > 0) units.push({ path: rel, name: f.name, startLine: f.startLine, text: body });
    }
  }
  return units;
}
