/**
 * Which files need a base, and which blob each diff says it starts from: a
 * path's first appearance in the series decides. A file the series creates
 * has no base, but a local tree is still asked whether it exists already (an
 * applied series); binary files are not fetched.
 */
import type { FilePatch } from './patch-model.ts';
import { isNullBlob } from './patch-model.ts';

export interface BaseRequest {
  path: string;
  /** Abbreviated pre-image blob from the `index` line of the first patch touching the path, when given. */
  blob: string | null;
  /** 1-based index of that patch. */
  firstPatch: number;
  /** The series creates this file: it should not exist in the base. */
  created: boolean;
}

export function baseRequests(patches: readonly FilePatch[][]): BaseRequest[] {
  const seen = new Set<string>();
  const requests: BaseRequest[] = [];
  patches.forEach((filePatches, i) => {
    for (const fp of filePatches) {
      const old = fp.oldPath;
      if (old !== null && !seen.has(old) && fp.change !== 'binary') {
        requests.push({ path: old, blob: fp.oldBlob === null || isNullBlob(fp.oldBlob) ? null : fp.oldBlob, firstPatch: i + 1, created: false });
      }
      if (fp.change === 'add' && fp.newPath !== null && !seen.has(fp.newPath)) {
        requests.push({ path: fp.newPath, blob: null, firstPatch: i + 1, created: true });
      }
      if (old !== null) seen.add(old);
      if (fp.newPath !== null) seen.add(fp.newPath);
    }
  });
  return requests;
}

/** A base found in a tree, on GitHub or in the cache. */
export interface FoundBase {
  content: Buffer;
  /** Full blob id of `content`. */
  blob: string;
  exact: boolean;
  how: string;
}
