/**
 * A kernel tree's files holding some words, for one run: the questions a
 * run's tree searches ask (which files name this struct, call these
 * functions, define these variables) answered from one search of the tree
 * where their words are known beforehand.
 *
 * Each search of the whole tree costs about the same however few files
 * match (~0.65 s for Linux 6.1's 52,000 .c and .h files here, grep or git
 * grep), and a series changing nine in-kernel headers asked eleven of them
 * (14 of its 36 s). `prepare` searches once for all the words it is given
 * (./kernel-c-files.ts, every word at once) and reads the files found to
 * tell which word each holds; later questions about those words are
 * answered from that, others search as before. The answers are the same
 * files either way (test/tree/tree-words.test.ts).
 *
 * Made per run: a tree edited between runs (`abi-check watch`) is searched
 * again.
 */
import { join } from 'node:path';
import { kernelCFilesWithWords, readTreeText, type WordSearchOptions } from './kernel-c-files.ts';

export interface TreeWords {
  readonly root: string;
  /** Searches the tree once for all of `words` (identifiers), so later questions about them are answered from it. */
  prepare(words: Iterable<string>): void;
  /** As kernelCFilesWithWords (tree-relative paths, sorted). */
  filesWithWords(words: readonly string[], opts?: WordSearchOptions): string[];
}

type Search = typeof kernelCFilesWithWords;

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** `search` is the tree search to run (injected by tests to count searches). */
export function treeWords(root: string, search: Search = kernelCFilesWithWords): TreeWords {
  /** Each prepared word's files (.c and .h), tree-relative. */
  const known = new Map<string, Set<string>>();
  return {
    root,
    prepare(words) {
      const fresh = [...new Set(words)].filter((w) => IDENTIFIER.test(w) && !known.has(w));
      // one word is one search either way
      if (fresh.length < 2) return;
      for (const w of fresh) known.set(w, new Set());
      const word = new RegExp(`\\b(?:${fresh.join('|')})\\b`, 'g');
      for (const rel of search(root, fresh, { headers: true })) {
        const text = readTreeText(join(root, rel));
        if (text) for (const m of text.matchAll(word)) known.get(m[0])!.add(rel);
      }
    },
    filesWithWords(words, opts = {}) {
      if (words.length === 0) return [];
      if (!words.every((w) => known.has(w))) return search(root, words, opts);
      const files = new Set<string>();
      for (const w of words) for (const f of known.get(w)!) if (opts.headers || f.endsWith('.c')) files.add(f);
      const sorted = [...files].sort();
      if (!opts.atLineStart) return sorted;
      const atLineStart = new RegExp(`^[A-Za-z_].*\\b(?:${words.join('|')})\\b`, 'm');
      return sorted.filter((f) => atLineStart.test(readTreeText(join(root, f)) ?? ''));
    },
  };
}

/**
 * What `read` finds in each of the tree's kernel files holding one of
 * `words` (uAPI headers and the files `exclude` lists left out), reading at
 * most `max` of them, in path order.
 */
export function readFilesWithWords<T>(
  tree: TreeWords,
  words: readonly string[],
  opts: WordSearchOptions & { exclude: ReadonlySet<string>; max: number },
  read: (rel: string, text: string) => T[],
): T[] {
  if (words.length === 0) return [];
  const out: T[] = [];
  for (const rel of tree.filesWithWords(words, opts).filter((f) => !opts.exclude.has(f) && !f.includes('/uapi/')).slice(0, opts.max)) {
    const text = readTreeText(join(tree.root, rel));
    if (text) out.push(...read(rel, text));
  }
  return out;
}
