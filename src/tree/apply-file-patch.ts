/**
 * Applies one file section of a patch (modify, add, delete, rename, copy,
 * mode change, binary) to the current images of the series' files.
 */
import type { AppliedFile, HunkResult } from './images.ts';
import type { FilePatch, Hunk } from './patch-model.ts';
import { type ApplyCursor, START_CURSOR, applyHunk } from './apply-hunk.ts';
import { type WorkImage, fullText, isKnown } from './work-image.ts';

/** Called before each hunk is applied; may return the image with more lines known (diff-context learning). */
export type BeforeHunk = (image: WorkImage, hunk: Hunk, cursor: ApplyCursor) => WorkImage;

export interface FileApplication {
  applied: AppliedFile;
  /** New images by path (null: the file no longer exists). */
  updates: Map<string, WorkImage | null>;
  notes: string[];
}

const EMPTY: WorkImage = { cells: [], tail: null, noEol: false };

export function applyFilePatch(
  current: ReadonlyMap<string, WorkImage | null>,
  fp: FilePatch,
  beforeHunk?: BeforeHunk,
): FileApplication {
  const path = (fp.newPath ?? fp.oldPath)!;
  const applied = (hunks: HunkResult[]): AppliedFile => ({
    path,
    oldPath: fp.oldPath !== null && fp.oldPath !== path ? fp.oldPath : null,
    change: fp.change === 'copy' ? 'add' : fp.change,
    hunks,
  });
  const updates = new Map<string, WorkImage | null>();
  const notes: string[] = [];
  const get = (p: string | null) => (p === null ? null : (current.get(p) ?? null));
  const allWith = (status: 'failed' | 'already-applied', reason: string): HunkResult[] =>
    fp.hunks.map((h) => ({ status, offset: 0, fuzz: 0, header: h.header, reason }));

  switch (fp.change) {
    case 'binary':
      notes.push(`binary change to ${path} not applied (binary patches are reported and skipped)`);
      return { applied: applied([]), updates, notes };

    case 'mode':
      if (get(fp.oldPath) === null) notes.push(`mode change of ${path}, which does not exist at this point`);
      return { applied: applied([]), updates, notes };

    case 'add': {
      const existing = get(fp.newPath);
      const created = applyHunks(EMPTY, fp.hunks, beforeHunk);
      if (existing === null) {
        updates.set(path, created.image);
        return { applied: applied(created.results), updates, notes };
      }
      const same = fullText(existing) !== null && fullText(existing) === fullText(created.image);
      return {
        applied: applied(same ? allWith('already-applied', 'the file already exists with this content') : allWith('failed', 'the file already exists')),
        updates,
        notes,
      };
    }

    case 'delete': {
      const existing = get(fp.oldPath);
      if (existing === null) {
        return { applied: applied(allWith('already-applied', 'the file is already gone')), updates, notes };
      }
      const { image, results } = applyHunks(existing, fp.hunks, beforeHunk);
      const allApplied = results.every((r) => r.status !== 'failed');
      if (allApplied && !image.cells.some(isKnown)) updates.set(path, null);
      else {
        updates.set(path, image);
        notes.push(`${path} not deleted: its content differs from what the patch removes`);
      }
      return { applied: applied(results), updates, notes };
    }

    case 'rename':
    case 'copy': {
      const source = get(fp.oldPath);
      if (source === null) {
        const target = get(fp.newPath);
        if (fp.change === 'rename' && target !== null) {
          // Renamed already? Then the hunks must already be in the target.
          const { image, results } = applyHunks(target, fp.hunks, beforeHunk);
          updates.set(path, image);
          return { applied: applied(fp.hunks.length ? results : []), updates, notes: [`${fp.oldPath} is already renamed to ${path}`] };
        }
        return { applied: applied(allWith('failed', `${fp.oldPath} does not exist at this point`)), updates, notes: [`cannot ${fp.change} ${fp.oldPath}: it does not exist at this point`] };
      }
      const { image, results } = applyHunks(source, fp.hunks, beforeHunk);
      if (fp.change === 'rename') updates.set(fp.oldPath!, null);
      updates.set(path, image);
      return { applied: applied(results), updates, notes };
    }

    case 'modify': {
      const existing = get(fp.oldPath);
      if (existing === null) {
        return { applied: applied(allWith('failed', 'the file does not exist at this point')), updates, notes };
      }
      const { image, results } = applyHunks(existing, fp.hunks, beforeHunk);
      updates.set(path, image);
      return { applied: applied(results), updates, notes };
    }
  }
}

function applyHunks(start: WorkImage, hunks: Hunk[], beforeHunk?: BeforeHunk): { image: WorkImage; results: HunkResult[] } {
  let image = start;
  let cursor = START_CURSOR;
  const results: HunkResult[] = [];
  for (const hunk of hunks) {
    if (beforeHunk) image = beforeHunk(image, hunk, cursor);
    const step = applyHunk(image, hunk, cursor);
    image = step.image;
    cursor = step.cursor;
    results.push(step.result);
  }
  return { image, results };
}
