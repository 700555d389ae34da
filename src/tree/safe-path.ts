/**
 * Paths named by a diff must stay inside the tree they are applied to.
 */
import { InputError } from '../errors.ts';

/**
 * Returns the repository-relative path, or throws InputError when it is empty,
 * absolute, reaches outside the tree through `..`, or points into `.git`.
 */
export function safeRepoPath(path: string, inputName: string): string {
  const problem = pathProblem(path);
  if (problem) throw new InputError(inputName, `refusing path ${JSON.stringify(path)}: ${problem}`);
  return path.split('/').filter((s) => s !== '' && s !== '.').join('/');
}

function pathProblem(path: string): string | null {
  if (path.length === 0) return 'empty path';
  if (path.includes('\0')) return 'contains a NUL byte';
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')) return 'absolute path';
  const segments = path.split(/[\\/]/);
  if (segments.includes('..')) return 'escapes the tree through ".."';
  const first = segments.find((s) => s !== '' && s !== '.');
  if (first === undefined) return 'names the tree itself';
  if (first === '.git') return 'points into the .git directory';
  return null;
}
