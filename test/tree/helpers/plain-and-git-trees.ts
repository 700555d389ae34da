/**
 * The same files as two kernel trees: a plain directory (searched with grep)
 * and a git work tree with the files added to its index (git grep).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFiles } from '../../support/temp-dirs.ts';

export function plainAndGitTrees(dir: string, files: Record<string, string>): { plain: string; git: string } {
  const plain = writeFiles(join(dir, 'plain'), files);
  const git = writeFiles(join(dir, 'git'), files);
  execFileSync('git', ['init', '-q', git]);
  execFileSync('git', ['-C', git, 'add', '.']);
  return { plain, git };
}
