/**
 * The tree's files holding some words, found through git grep (a git work
 * tree), grep (a plain directory) or a walk (no grep on the PATH): the same
 * files either way, with and without `atLineStart` (a line starting at its
 * first column that holds the word: a declaration at file scope).
 */
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp-dirs.ts';
import { plainAndGitTrees } from './helpers/plain-and-git-trees.ts';
import { kernelCFilesWithWords } from '../../src/tree/kernel-c-files.ts';

const tempDir = tempDirs('abi-check-c-files-');

const FILES = {
  'drivers/base/core.c': 'struct class *demo_class __ro_after_init;\n',
  'drivers/demo/user.c': 'void f(void)\n{\n\tdemo_class = 0;\n}\n',
  'include/linux/demo.h': 'extern struct class *demo_class;\n',
  'drivers/demo/other.c': 'int demo_classes;\n',
  'tools/demo/tool.c': 'struct class *demo_class;\n',
  'Documentation/demo.c': 'struct class *demo_class;\n',
};

const trees = () => plainAndGitTrees(tempDir(), FILES);

describe('kernel C files holding words', () => {
  it('the same files through git grep and grep, tools/ and Documentation/ left out', () => {
    for (const [kind, root] of Object.entries(trees())) {
      expect(kernelCFilesWithWords(root, ['demo_class']), kind).toEqual(['drivers/base/core.c', 'drivers/demo/user.c']);
      expect(kernelCFilesWithWords(root, ['demo_class'], { headers: true }), kind).toEqual(['drivers/base/core.c', 'drivers/demo/user.c', 'include/linux/demo.h']);
      expect(kernelCFilesWithWords(root, ['demo_class'], { headers: true, atLineStart: true }), kind).toEqual(['drivers/base/core.c', 'include/linux/demo.h']);
    }
  });

  it('the walk (no grep to run) finds the same', () => {
    const { plain } = trees();
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(kernelCFilesWithWords(plain, ['demo_class'], { headers: true })).toEqual(['drivers/base/core.c', 'drivers/demo/user.c', 'include/linux/demo.h']);
      expect(kernelCFilesWithWords(plain, ['demo_class'], { headers: true, atLineStart: true })).toEqual(['drivers/base/core.c', 'include/linux/demo.h']);
    } finally {
      process.env.PATH = path;
    }
  });
});
