/**
 * One search of the tree answering a run's questions (src/tree/tree-words.ts):
 * the same files as searching for each question's words, however the words
 * stand in the files (a word at a line's start, inside another word, in a
 * header, under tools/), through git grep and grep; and the questions about
 * prepared words search no more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDirs, writeFiles } from '../support/temp-dirs.ts';
import { plainAndGitTrees } from './helpers/plain-and-git-trees.ts';
import { kernelCFilesWithWords, type WordSearchOptions } from '../../src/tree/kernel-c-files.ts';
import { treeWords } from '../../src/tree/tree-words.ts';

const tempDir = tempDirs('abi-check-tree-words-');

const FILES = {
  'drivers/base/core.c': 'struct class *demo_class __ro_after_init;\nstatic const struct demo_ops ops;\n',
  'drivers/demo/user.c': 'void f(void)\n{\n\tdemo_class = 0;\n\tdemo_call(1);\n}\n',
  'drivers/demo/wrapper.c': 'int demo_callback;\n',
  'include/linux/demo.h': 'extern struct class *demo_class;\nstatic inline void g(void) { demo_call(2); }\n',
  'drivers/demo/other.c': 'int demo_classes;\n',
  'tools/demo/tool.c': 'struct class *demo_class;\nint demo_call;\n',
  'Documentation/demo.c': 'struct demo_ops *x;\n',
};

const QUESTIONS: [string[], WordSearchOptions][] = [
  [['demo_class'], {}],
  [['demo_class'], { headers: true }],
  [['demo_class'], { headers: true, atLineStart: true }],
  [['demo_call', 'demo_ops'], { headers: true }],
  [['demo_ops'], {}],
  [['demo_call'], { headers: true, atLineStart: true }],
];

/** The search, counting its runs. */
function counted(): { search: typeof kernelCFilesWithWords; runs: () => number } {
  let n = 0;
  return {
    search: (root, words, opts) => {
      n++;
      return kernelCFilesWithWords(root, words, opts);
    },
    runs: () => n,
  };
}

/** The files holding one of `words` as a word (at a line's start with `atLineStart`), by reading each: what a search must find. */
function byReading(files: Record<string, string>, words: readonly string[], opts: WordSearchOptions): string[] {
  const kinds = opts.headers ? ['.c', '.h'] : ['.c'];
  const re = new RegExp(opts.atLineStart ? `^[A-Za-z_].*\\b(?:${words.join('|')})\\b` : `\\b(?:${words.join('|')})\\b`, 'm');
  return Object.keys(files)
    .filter((f) => !f.startsWith('tools/') && kinds.some((k) => f.endsWith(k)) && re.test(files[f]!))
    .sort();
}

describe('one search of the tree for a run', () => {
  it('answers as a search per question, through git grep and grep, with one search', () => {
    const roots = plainAndGitTrees(tempDir(), FILES);
    for (const [kind, root] of Object.entries(roots)) {
      const { search, runs } = counted();
      const words = treeWords(root, search);
      words.prepare(['demo_class', 'demo_call', 'demo_ops']);
      expect(runs(), kind).toBe(1);
      for (const [w, opts] of QUESTIONS) expect(words.filesWithWords(w, opts), `${kind}: ${w} ${JSON.stringify(opts)}`).toEqual(kernelCFilesWithWords(root, w, opts));
      expect(runs(), kind).toBe(1);
      // a word not prepared: searched for
      expect(words.filesWithWords(['demo_classes'])).toEqual(['drivers/demo/other.c']);
      expect(runs(), kind).toBe(2);
    }
  });

  it('the same files as a search per question, and as reading every file, for any files (property)', () => {
    // a word that begins another (`beta`, `beta_ops`): a search for both must still find each alone
    const vocabulary = ['alpha', 'beta', 'beta_ops', 'gamma2', '_delta'];
    const piece = fc.oneof(
      fc.constantFrom(...vocabulary),
      fc.constantFrom(...vocabulary).map((w) => `${w}_x`),
      fc.constantFrom(...vocabulary).map((w) => `x${w}`),
      fc.constantFrom('\n', ' ', '\t', '(', ';', '*', '->', 'int ', 'struct '),
    );
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    const name = fc.constantFrom('a.c', 'b.c', 'drivers/c.c', 'include/linux/d.h', 'tools/e.c', 'f.txt');
    const tree = fc.dictionary(name, text, { minKeys: 1, maxKeys: 6 });
    const question = fc.tuple(fc.subarray(vocabulary, { minLength: 1 }), fc.record({ headers: fc.boolean(), atLineStart: fc.boolean() }));
    fc.assert(
      fc.property(tree, fc.array(question, { minLength: 1, maxLength: 4 }), (files, questions) => {
        const root = writeFiles(tempDir(), files);
        const words = treeWords(root);
        words.prepare(vocabulary);
        for (const [w, opts] of questions) {
          expect(words.filesWithWords(w, opts)).toEqual(kernelCFilesWithWords(root, w, opts));
          expect(kernelCFilesWithWords(root, w, opts)).toEqual(byReading(files, w, opts));
        }
      }),
      { numRuns: 40 },
    );
  });
});
