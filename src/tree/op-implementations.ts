/**
 * The kernel tree's implementations of some ops: the functions its .c files
 * put in those slots (`.uevent = pci_uevent` in a `struct bus_type`
 * initializer), with their prototypes (src/abi/diff/op-implementations.ts),
 * outside the files the series touches (their code is read as the series
 * leaves it), found by the struct's tag (and, where that is in more files
 * than are read, the member's name). A series that changes an op's
 * signature must change each of them, or the tree no longer builds. Work is
 * bounded: one question per struct (two for a common one: ../tree/tree-words.ts
 * answers a run's questions from one search of the tree), at most MAX_FILES
 * .c files read, and as many of the headers naming it: the structs they
 * define around it (`struct platform_device { … struct device dev; … }`)
 * tell what `pdev->dev.release = …` fills.
 */
import { join } from 'node:path';
import { codeOnly } from '../abi/diff/code-text.ts';
import { embeddersIn, opImplementationsIn, type Embedders, type OpImplementation, type OpSlot } from '../abi/diff/op-implementations.ts';
import { readTreeText, takeFairly } from './kernel-c-files.ts';
import type { TreeWords } from './tree-words.ts';

/** Files read at most, shared out among the structs (each gets its first files). Reading is cheap next to the search. */
const MAX_FILES = 2000;

export function treeOpImplementations(tree: TreeWords, slots: readonly OpSlot[], exclude: ReadonlySet<string>): OpImplementation[] {
  if (slots.length === 0) return [];
  const out: OpImplementation[] = [];
  /** The in-kernel headers naming each struct, by header: read once however many structs they name. */
  const tagsOfHeader = new Map<string, string[]>();
  const perTag = [...new Set(slots.map((s) => s.tag))].map((tag) => {
    const found = tree.filesWithWords([tag], { headers: true });
    for (const h of found.filter((f) => f.endsWith('.h') && !f.includes('/uapi/')).slice(0, MAX_FILES)) tagsOfHeader.set(h, [...(tagsOfHeader.get(h) ?? []), tag]);
    const files = found.filter((f) => f.endsWith('.c') && !exclude.has(f));
    if (files.length <= MAX_FILES) return files;
    // more than can be read (`device` is a word in most of the tree): those naming one of its changed members too
    const withMember = new Set(tree.filesWithWords([...new Set(slots.filter((s) => s.tag === tag).map((s) => s.member))]));
    return files.filter((f) => withMember.has(f));
  });
  const embedders = headerEmbedders(tree.root, tagsOfHeader);
  for (const rel of takeFairly(perTag, MAX_FILES)) {
    const text = readTreeText(join(tree.root, rel));
    if (text) out.push(...opImplementationsIn(rel, text, slots, embedders));
  }
  return out;
}

/**
 * The structs the tree's headers define around a `struct tag`, by tag
 * (`pdev->dev.release`: platform_device holds a device). Each header is
 * read once; only one with a `struct tag name;` line has its comments
 * blanked and its structs read.
 */
function headerEmbedders(root: string, tagsOfHeader: ReadonlyMap<string, readonly string[]>): Embedders {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const [rel, tags] of tagsOfHeader) {
    const text = readTreeText(join(root, rel));
    if (!text) continue;
    let lines: string[] | null = null;
    for (const tag of tags) {
      if (!new RegExp(`\\bstruct\\s+${tag}\\s+\\w+\\s*;`).test(text)) continue;
      lines ??= codeOnly(text).split('\n');
      let byOuter = out.get(tag);
      if (!byOuter) out.set(tag, (byOuter = new Map()));
      for (const [outer, names] of embeddersIn(lines, tag)) {
        let all = byOuter.get(outer);
        if (!all) byOuter.set(outer, (all = new Set()));
        for (const n of names) all.add(n);
      }
    }
  }
  return out;
}
