/**
 * Bases from a local kernel git tree: the exact pre-image blob named by the
 * diff's `index` line; else the file at the series' base-commit; else at HEAD.
 * A directory without git is read as it is (plain-directory-source.ts).
 */
import { realpath, stat } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { resolveFromDirectory } from './plain-directory-source.ts';
import type { BaseRequest, FoundBase } from './base-requests.ts';
import { batchCheck, readObjects, runGit } from './git-cat-file.ts';
import { blobMatches } from './git-blob-hash.ts';

export interface TreeResolution {
  found: Map<string, FoundBase>;
  notes: string[];
}

export async function resolveFromTree(
  tree: string,
  requests: readonly BaseRequest[],
  baseCommit: string | null,
): Promise<TreeResolution> {
  const kind = await stat(tree).then((s) => (s.isDirectory() ? 'directory' : 'file'), () => 'missing');
  if (kind !== 'directory') throw new InputError('--tree', kind === 'missing' ? `${tree} does not exist` : `${tree} is not a directory`);
  // Only the top of a work tree is a git kernel tree; a directory without git,
  // or one that merely sits inside some other repository, is read as it is.
  const top = await runGit(tree, ['rev-parse', '--show-toplevel']).then((b) => b.toString('utf8').trim(), () => null);
  if (top === null || (await realpath(top)) !== (await realpath(tree))) return resolveFromDirectory(tree, requests);
  const notes: string[] = [];
  const [commitInfo, headInfo] = await batchCheck(tree, [`${baseCommit ?? 'HEAD'}^{commit}`, 'HEAD^{commit}']);
  const useBaseCommit = baseCommit !== null && commitInfo?.kind === 'found';
  if (baseCommit !== null && !useBaseCommit) notes.push(`base-commit ${baseCommit} is not in ${tree}; falling back to HEAD`);
  const hasHead = headInfo?.kind === 'found';

  // Three questions per file, asked in one batch: the index blob, the file at base-commit, at HEAD.
  const queries: string[] = [];
  const ask = (q: string | null): number | null => (q === null ? null : queries.push(q) - 1);
  const asked = requests.map((r) => ({
    byIndex: ask(r.blob),
    atBase: ask(useBaseCommit ? `${baseCommit}:${r.path}` : null),
    atHead: ask(hasHead ? `HEAD:${r.path}` : null),
  }));
  const infos = await batchCheck(tree, queries);
  const answer = (i: number | null) => (i === null ? undefined : infos[i]);

  const chosen: { request: BaseRequest; sha: string; how: string }[] = [];
  requests.forEach((r, k) => {
    const [byIndex, atBase, atHead] = [answer(asked[k]!.byIndex), answer(asked[k]!.atBase), answer(asked[k]!.atHead)];
    if (r.blob !== null && byIndex?.kind === 'ambiguous') {
      notes.push(`index blob ${r.blob} of ${r.path} is ambiguous in ${tree}; using ${useBaseCommit ? 'base-commit' : 'HEAD'} instead`);
    }
    if (r.blob !== null && byIndex?.kind === 'found' && byIndex.type === 'blob') {
      chosen.push({ request: r, sha: byIndex.sha, how: 'index blob' });
    } else if (useBaseCommit && atBase?.kind === 'found' && atBase.type === 'blob') {
      chosen.push({ request: r, sha: atBase.sha, how: 'base-commit' });
    } else if (atHead?.kind === 'found' && atHead.type === 'blob') {
      chosen.push({ request: r, sha: atHead.sha, how: 'HEAD' });
    } else if (!r.created) {
      notes.push(`${r.path} not found in ${tree} (neither the index blob${useBaseCommit ? ', the base-commit' : ''} nor HEAD has it)`);
    }
  });

  const contents = await readObjects(tree, chosen.map((c) => c.sha));
  const found = new Map<string, FoundBase>();
  chosen.forEach((c, k) => {
    const exact = blobMatches(c.sha, c.request.blob);
    found.set(c.request.path, { content: contents[k]!, blob: c.sha, exact, how: c.how });
    if (c.request.created) {
      notes.push(`${c.request.path}, which patch ${c.request.firstPatch} creates, already exists in ${tree} (${c.how})`);
    } else if (!exact && c.request.blob !== null) {
      notes.push(`${c.request.path}: blob ${c.request.blob} from the diff is not in ${tree}; using the ${c.how} version (${c.sha.slice(0, 12)}), hunks may need offsets or fuzz`);
    }
  });
  return { found, notes };
}
