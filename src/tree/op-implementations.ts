/**
 * The kernel tree's implementations of some ops: the functions its .c files
 * put in those slots (`.uevent = pci_uevent` in a `struct bus_type`
 * initializer), with their prototypes (src/abi/diff/op-implementations.ts),
 * outside the files the series touches (their code is read as the series
 * leaves it), found by the struct's tag (and, where that is in more files
 * than are read, the member's name). A series that changes an op's
 * signature must change each of them, or the tree no longer builds. Work is
 * bounded: one search per struct (two for a common one), at most MAX_FILES files read.
 */
import { join } from 'node:path';
import { opImplementationsIn, type OpImplementation, type OpSlot } from '../abi/diff/op-implementations.ts';
import { kernelCFilesWithWords, readTreeText, takeFairly } from './kernel-c-files.ts';

/** Files read at most, shared out among the structs (each gets its first files). Reading is cheap next to the search. */
const MAX_FILES = 2000;

export function treeOpImplementations(root: string, slots: readonly OpSlot[], exclude: ReadonlySet<string>): OpImplementation[] {
  if (slots.length === 0) return [];
  const out: OpImplementation[] = [];
  const perTag = [...new Set(slots.map((s) => s.tag))].map((tag) => {
    const files = kernelCFilesWithWords(root, [tag]).filter((f) => !exclude.has(f));
    if (files.length <= MAX_FILES) return files;
    // more than can be read (`device` is a word in most of the tree): those naming one of its changed members too
    const withMember = new Set(kernelCFilesWithWords(root, [...new Set(slots.filter((s) => s.tag === tag).map((s) => s.member))]));
    return files.filter((f) => withMember.has(f));
  });
  for (const rel of takeFairly(perTag, MAX_FILES)) {
    const text = readTreeText(join(root, rel));
    if (text) out.push(...opImplementationsIn(rel, text, slots));
  }
  return out;
}
