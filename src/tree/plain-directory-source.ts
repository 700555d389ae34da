/**
 * Bases from a plain source directory (an unpacked kernel tarball, a build
 * tree without .git): the files as they are on disk. A file is `exact` when
 * its git blob hash equals the diff's `index` line, which tells a matching
 * tarball from a drifted one without git.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { BaseRequest, FoundBase } from './base-requests.ts';
import { blobMatches, gitBlobHash } from './git-blob-hash.ts';
import type { TreeResolution } from './local-tree-source.ts';

export async function resolveFromDirectory(dir: string, requests: readonly BaseRequest[]): Promise<TreeResolution> {
  const root = await realpath(dir);
  const found = new Map<string, FoundBase>();
  const notes: string[] = [`${dir} is not a git repository: base files read from the directory as it is`];
  for (const r of requests) {
    const file = path.join(root, r.path);
    // Paths were checked by the patch parser; resolve symlinks and stay inside the root all the same.
    let content: Buffer;
    try {
      const real = await realpath(file);
      if (real !== root && !real.startsWith(root + path.sep)) {
        notes.push(`${r.path} resolves outside ${dir}; not used`);
        continue;
      }
      content = await readFile(real);
    } catch {
      if (!r.created) notes.push(`${r.path} not found in ${dir}`);
      continue;
    }
    const blob = gitBlobHash(content);
    const exact = blobMatches(blob, r.blob);
    found.set(r.path, { content, blob, exact, how: 'directory' });
    if (r.created) notes.push(`${r.path}, which patch ${r.firstPatch} creates, already exists in ${dir}`);
    else if (!exact && r.blob !== null) notes.push(`${r.path}: the file in ${dir} is not blob ${r.blob} from the diff; hunks may need offsets or fuzz`);
  }
  return { found, notes };
}
